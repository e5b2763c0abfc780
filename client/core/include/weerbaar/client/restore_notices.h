#pragma once
// The restore notices a server publishes in GetOrganisation (ADR 0009, decision 2;
// crypto/restore_notice.h): what a client checks before it takes a server that is
// behind its memory for a restored one rather than a rolled-back one. Healing
// (decision 3, case_healing.h) and moving the audit anchor past a restore
// (audit_log.h) build on this; this only reads and verifies.

#include <vector>

#include "weerbaar/client/session.h"
#include "weerbaar/crypto/restore_notice.h"
#include "weerbaar/v1/directory.pb.h"

namespace weerbaar::client {

// Every notice in `organisation`, verified under the pinned audit key, oldest first.
// Each must verify (crypto::verify_restore_notice) and come after the one before it
// (a later restore names a later sequence). The one opaque integrity_failure
// otherwise: one bad notice makes none of them usable. Empty when there was no restore.
[[nodiscard]] Result<std::vector<crypto::RestoreNotice>> verified_restore_notices(
    const v1::Organisation& organisation, crypto::ByteView pinned_audit_sign_pk);

// The same, from the server: one GetOrganisation call. Errors: the RPC's, or the
// integrity_failure above. Threading: as the Session.
[[nodiscard]] Result<std::vector<crypto::RestoreNotice>> fetch_restore_notices(
    const Session& session, crypto::ByteView pinned_audit_sign_pk);

}  // namespace weerbaar::client
