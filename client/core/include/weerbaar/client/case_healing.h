#pragma once
// Healing a case after the server was restored from an older backup
// (docs/adr/0009-restore-without-losing-what-clients-saw.md, decision 3).
//
// A restored server lacks what was written after its backup. To this client that
// looks like the rollback ADR 0003 guards against: the server's history of a case
// ends before the head this client remembers. Healing tells the two apart and gives
// back what the server lost:
//   1. the server publishes a restore notice (restore_notices.h) that verifies under
//      the pinned audit key, and this client has not healed this case under that
//      notice before (a notice heals a case once);
//   2. the server's records are, position by position and hash by hash, the ones
//      this client holds (held_records.h) up to the server's head;
//   3. every record this client holds beyond the server's head, up to the remembered
//      head, is held verbatim, and was made after the notice's backup (its signed
//      `created` no earlier than backup_time minus crypto::kMaxRecordClockSkew): a
//      server that lost an older record lost it without a restore.
// If any fails, nothing is sent, and the answer is integrity_failure saying why,
// Dutch first ("zaak ... niet hersteld na een terugzetting: ... / case ... not healed
// from a restore: ..."): the server's state is a rollback, as before. If all hold, the records
// beyond the server's head are handed back in sequence order (AppendRecord with
// handed_back; the server checks each against its author's certificate), and the
// heal is recorded (table case_heals). When another member wrote in between, the
// handed-back records land later than before: the remembered head moves to where
// the last one landed, and the held copies after the server's old head are dropped
// for the next verified read to hold again.
//
// Not healed (docs/operations.md "What a restore loses"): cases created after the
// backup; records under a key epoch the server lost (a rotation after the backup);
// members, key wraps and revocations made after the backup; attachment blobs; a
// case's deletion deadline set by a close after the backup.
//
// Threading: as the Session and the TrustStore (one per thread of work).
#include <cstdint>
#include <optional>

#include "weerbaar/client/member_directory.h"
#include "weerbaar/client/session.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::client {

struct CaseHeal {
    std::uint64_t handed_back = 0;      // records handed back
    std::uint64_t notice_sequence = 0;  // the audit sequence of the notice that allowed it
};

// Heals `case_id` when the server's history of it ends before the head this client
// remembers; nullopt when it does not (nothing to heal: the caller's own verdict
// stands). integrity_failure, Dutch first, when the checks above fail; an RPC's
// error when a hand-back is refused or the server cannot be reached (records handed
// back before the failure stay handed back; healing again continues from there).
[[nodiscard]] Result<std::optional<CaseHeal>> heal_case(const Session& session,
                                                        MemberDirectory& directory,
                                                        crypto::ByteView case_id);

}  // namespace weerbaar::client
