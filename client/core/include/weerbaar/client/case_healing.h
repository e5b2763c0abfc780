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
// A case opened after the backup is gone from the server altogether. Its creator
// opens it again (reopen_lost_cases): the same CreateCase, kept as it was sent
// (created_cases.h), with handed_back set, when a verified restore notice explains
// the loss; shares it again with whom it shared it under its first key (not after
// a key change this client saw, so nobody removed then is let back in); then the
// case is healed as above.
//
// Not healed (docs/operations.md "What a restore loses"): records under a key epoch
// the server lost (a rotation after the backup); members, key wraps and revocations
// made after the backup, except the creator's shares of a case it opens again (so
// in a case shared by another member after the backup, that member's records
// cannot be handed back and the heal stops there); attachment blobs; a
// case's deletion deadline set by a close after the backup.
//
// Threading: as the Session and the TrustStore (one per thread of work).
#include <cstdint>
#include <optional>
#include <vector>

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

struct ReopenedCase {
    crypto::Bytes case_id;
    // Records the server took back: the first one, and those heal_case handed back.
    std::uint64_t handed_back = 0;
    // Why the case is not whole again, Dutch first: the server refused to take it
    // back (handed_back 0; tried again at the next call), or took it back but the
    // heal after it failed (the case's next read says the same).
    std::optional<Error> problem;
};

// Opens again every case this client opened (created_cases.h) that the kept case
// summaries no longer name and the server answers not_found / permission_denied
// for, when the newest restore notice explains it: the notice verifies under the
// pinned audit key, it has not reopened, refused or healed this case before, and
// the first record was made between its backup and the restored server's start
// (within crypto::kMaxRecordClockSkew). Each is sent with
// CreateCaseRequest.handed_back; shared again as kept with the members whose
// records we hold (only while the case's remembered key epoch is the first, and
// each member checked as a share checks them now: revocations fetched, key
// trusted, the wrap sealed to their current key); then healed (heal_case), and the
// heal recorded under the notice. A refused reopening is recorded too, so it is
// said once. A case missing for any other reason (no restore, outside the backup's
// window, reopened under this notice before) is forgotten: the server lost it some
// other way, and a restore cannot bring it back. A profile with no pinned audit key
// does nothing here. Call it after sync_case_summaries; sync again when the answer
// is not empty.
//
// Costs one local query when nothing is missing; otherwise one GetOrganisation,
// and per case a GetCase asking for no records (is it there after all, opened
// since our sync?), one CreateCase, a ShareCase per share kept, and a heal. Returns each case it
// sent, with its problem if any. Errors: the store's, GetOrganisation's, or one that says nothing
// about the case (unavailable, which includes a deadline; unauthenticated;
// cancelled), with the cases reopened before it kept. Threading: as heal_case.
[[nodiscard]] Result<std::vector<ReopenedCase>> reopen_lost_cases(const Session& session,
                                                                  MemberDirectory& directory);

}  // namespace weerbaar::client
