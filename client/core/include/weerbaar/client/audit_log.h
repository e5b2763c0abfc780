#pragma once
// The server's audit log as a client checks it. `verify_audit_log` fetches the whole
// hash chain and verifies it end to end with the pinned audit key and the anchor of
// the previous run (trust.json), so a chain that was edited, cut short or rewritten
// from scratch is caught; `case_access_log` lists who read or wrote one case.

#include <cstdint>
#include <string>
#include <vector>

#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"
#include "weerbaar/crypto/audit.h"

namespace weerbaar::client {

struct AuditVerification {
    std::uint64_t entries = 0;
    crypto::AuditAnchor anchor;
    crypto::Bytes audit_sign_pk;  // the key the chain was verified with
    bool key_pinned_now = false;  // the profile had no audit key: pinned on this first use
    // Not 0: the chain was behind the previous run's anchor because the server was
    // restored from a backup, announced by the verified restore notice at this audit
    // sequence; the anchor moved to the restored chain (once per notice).
    std::uint64_t restored_at = 0;
};

// Coordinators (the server refuses others). integrity_failure naming the first bad
// entry; on success the new anchor is stored in `trust`. A chain behind the anchor
// passes only after a restore from backup: a verified restore notice (restore_notices.h)
// newer than any used before, whose backup ends before the anchor, and a chain that
// verifies whole from entry 1 (docs/adr/0009). Then `restored_at` says so.
[[nodiscard]] Result<AuditVerification> verify_audit_log(const Session& session, TrustStore& trust);

struct AccessLogEntry {
    std::uint64_t sequence = 0;
    std::uint64_t time = 0;  // unix seconds, the server's clock
    std::string event;       // crypto::audit_event_name
    std::string actor;
    std::string subject;
};

[[nodiscard]] Result<std::vector<AccessLogEntry>> case_access_log(const Session& session,
                                                                  crypto::ByteView case_id);

}  // namespace weerbaar::client
