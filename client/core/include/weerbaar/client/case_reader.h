#pragma once
// Reading a case: every wrap and record the server returns is checked before any
// content is used. The granter of each key must hold a certificate that chains to
// the root, not be revoked, and be entitled to grant it (case_history_check.h);
// every author must be certified and a member of the case at the record's epoch;
// every record must belong to this case, be sealed under the key of its epoch, carry
// a valid signature and MAC, and form one history with the records before it and
// with what this client read before (trust.json). Any such failure is
// integrity_failure naming the record and author (or the key's epoch and granter):
// it cannot be told from the operator's doing, so the read stops.
//
// A record that passes all of that but whose content cannot be used (sealed under
// another key, not a record this client can decode, a rule of docs/crypto.md that
// only its author could break) is the author's fault alone: it is quarantined, not
// an integrity failure (docs/adr/0005-attributable-faults.md). Its content is left
// empty, so it changes nothing; the case stays readable and writable. Content that
// failed a check is never returned. A successful read remembers the newest record.

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "weerbaar/client/case_healing.h"
#include "weerbaar/client/case_history_check.h"
#include "weerbaar/client/long_work.h"
#include "weerbaar/client/member_directory.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/v1/cases.pb.h"
#include "weerbaar/v1/content.pb.h"

namespace weerbaar::client {

struct CaseRecord {
    std::uint64_t sequence = 0;
    crypto::Bytes record_id;
    std::string author;
    std::uint64_t created = 0;     // unix seconds, the author's (signed) clock
    std::int64_t stored_unix = 0;  // unix seconds, the server's clock when it stored it
    crypto::Bytes hash;            // what a later record names in seen_hashes
    v1::RecordContent content;
    // From the author's verified certificate: who may change a case's status or hand
    // it over is decided on this, not on what the record claims.
    crypto::Role author_role = crypto::Role::peer;
    // Signed by `author` and in its place in the history, but unusable: `content` is
    // empty (no kind), so the record counts for nothing; the reason is one line,
    // Dutch first ("... / ..."), for the members to see and report.
    bool quarantined = false;
    std::string quarantine_reason;
};

struct OpenedCase {
    crypto::Bytes case_id;
    std::uint32_t epoch = 0;
    v1::CaseSummary summary;
    std::vector<CaseMemberEntry> members;  // one row per member and epoch held
    std::string creator;                   // the author of record 1
    std::vector<CaseRecord> records;
    std::map<std::uint32_t, crypto::CaseKey> keys;  // per epoch
    // Epochs whose key reached us from a member revoked since: fine for reading
    // what was written then, never for writing (a revoked key holder may know it).
    std::set<std::uint32_t> epochs_granted_by_revoked;
    // Records this read handed back to a server restored from a backup before it
    // verified the case (case_healing.h), the first record included when the case
    // itself was opened again (reopen_lost_cases); 0 for every other read. Not cached.
    std::uint64_t handed_back = 0;

    [[nodiscard]] const crypto::CaseKey& current_key() const { return keys.at(epoch); }
    // Decided by the client, not only by the server's flag: a server that hides
    // rotation_required still cannot make us write under a revoked granter's key.
    [[nodiscard]] bool must_rotate_before_writing() const {
        return summary.rotation_required() || epochs_granted_by_revoked.contains(epoch);
    }
    // The members holding the current epoch's key.
    [[nodiscard]] std::vector<std::string> current_members() const {
        return members_at(members, epoch);
    }
    // The intake (record 1), or nullptr when record 1 was quarantined.
    [[nodiscard]] const v1::Intake* intake() const {
        return !records.empty() && records.front().content.has_intake()
                   ? &records.front().content.intake()
                   : nullptr;
    }
    [[nodiscard]] std::size_t quarantined_count() const;
};

// A copy of everything but the keys (OpenedCase is move-only because of them): for
// the case cache, which never holds keys, and the research compartment.
[[nodiscard]] OpenedCase without_keys(const OpenedCase& opened);

// Every record from the server, verified from record 1 against the remembered head
// (a case a person opens is always checked whole, so a server that altered an old
// record is caught); the verified case then replaces its entry in the case cache
// (case_cache.h). A case no longer shared is dropped from the cache. When the read
// fails because the server's history ends before the remembered head, the case is
// healed if the server was restored from a backup (case_healing.h: the records it
// lost are handed back) and read again; healing's own integrity_failure says why
// it was refused.
[[nodiscard]] Result<OpenedCase> open_case(const Session& session, MemberDirectory& directory,
                                           crypto::ByteView case_id);

// The case as the last verified read left it in the local store (case_cache.h), when
// its newest cached record is still the head this client remembers (read from the
// store, not from the TrustStore's loaded state, which another thread may have moved
// on since): no network, no verification, so a front end can paint a case at once and
// then replace it with open_case's answer. nullopt when there is no such entry (never
// read, or the head moved on since). Its `keys` are empty: never write with it.
// Errors: the store's (internal when an entry does not decode). Threading: as the
// TrustStore (one per thread of work).
[[nodiscard]] Result<std::optional<OpenedCase>> cached_case(const TrustStore& trust,
                                                            crypto::ByteView case_id);

// Only what is newer than `held`, a head this client verified before (trust.json,
// with the case's creator): the records after it, fetched with after_sequence.
// Keys and members are derived from every signed grant as open_case does; the
// records must continue the held head (RecordHistoryCheck::continuing_from); the
// new head is remembered. `records` holds only the new records (none if there are
// none). An integrity_failure here may also be a history that only a full read can
// place (two members writing at once): read the case with open_case then, whose
// verdict stands. failed_precondition if `held` names no creator (a trust.json
// from before): read in full.
[[nodiscard]] Result<OpenedCase> read_case_after(const Session& session, MemberDirectory& directory,
                                                 crypto::ByteView case_id, const CaseHead& held);

struct CaseListEntry {
    v1::CaseSummary summary;
    bool verified = false;          // false: the case failed an integrity check
    std::size_t quarantined = 0;    // records quarantined (when verified)
    std::string title;              // from the intake, when verified
    std::string status;             // codebook status, when verified
    std::string outcome;            // codebook outcome, when closed
    std::uint64_t handed_back = 0;  // OpenedCase::handed_back of this listing's read
};

// Calls `visit` for every case the caller can see, with the verified case, or with
// nullptr when the case failed verification. Cases the caller no longer holds a
// key for (removed meanwhile) are skipped; any other error ends the walk.
// One SyncCases round trip (case_sync.h) from the version this profile synced last,
// applied to the summaries kept in the local store (case_cache.h); then per case
// kept, newest update first: when the summary is unchanged since the cached case was
// verified, the cached case (no call, no verification; its `keys` are
// empty: never write with it); when it changed, only the newer records are fetched
// and verified to continue the cached history (a full read when that cannot be
// placed, or there is no cache); a case never read is read in full. Cases the sync
// names as removed are dropped with their history.
// Before the walk, our own cases that a restore from an older backup lost are
// opened again and healed (reopen_lost_cases, case_healing.h; a second sync when any
// was); what that did is put in `reopened` when given (before the first visit), and a reopened case
// is visited with its records handed back counted in OpenedCase::handed_back. `work` (long_work.h):
// progress in cases (done of all listed), and a stop checked before each case, which ends the walk
// with cancelled (cases visited before stay visited; nothing is half-read).
using CaseVisitor = std::function<void(const v1::CaseSummary&, const OpenedCase*)>;
[[nodiscard]] Status visit_cases(const Session& session, MemberDirectory& directory,
                                 const CaseVisitor& visit, const LongWork& work = {},
                                 std::vector<ReopenedCase>* reopened = nullptr);

// Every case the caller can see. A case that fails verification is listed as such
// rather than ending the listing; one the caller holds no current key for (removed
// meanwhile) is left out.
// `work` and `reopened` as for visit_cases.
[[nodiscard]] Result<std::vector<CaseListEntry>> list_cases(
    const Session& session, MemberDirectory& directory, const LongWork& work = {},
    std::vector<ReopenedCase>* reopened = nullptr);

}  // namespace weerbaar::client
