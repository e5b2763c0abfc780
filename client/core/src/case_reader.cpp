#include "weerbaar/client/case_reader.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <set>

#include "case_fetch.h"
#include "session_rpc.h"
#include "weerbaar/client/case_cache.h"
#include "weerbaar/client/case_healing.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_sync.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/held_records.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/record_content_check.h"
#include "weerbaar/client/rpc_error.h"

namespace weerbaar::client {
namespace {

// Checks one grant from GetCaseResponse.all_wraps: it is for this case, its
// signature verifies with the granter's certified key, and it is sealed to the
// recipient's certified key. Whether the granter was entitled is decided later,
// over all grants (derive_case_members).
Result<VerifiedGrant> verify_grant(MemberDirectory& directory, const OpenedCase& opened,
                                   const std::string& encoded) {
    auto decoded = crypto::KeyWrap::decode(crypto::as_bytes(encoded));
    if (!decoded.ok()) {
        return key_failure(0, "?", "malformed");
    }
    const crypto::KeyWrapBody& body = decoded.value().body();
    if (body.case_id != opened.case_id) {
        return key_failure(body.epoch, body.granter, "it is for another case");
    }
    auto granter = directory.member(body.granter);
    if (!granter.ok()) {
        return granter.error().code() == ErrorCode::not_found
                   ? key_failure(body.epoch, body.granter, "the granter is not a member")
                   : granter.error();
    }
    if (!granter.value().certifies_sign_pk(body.granter_sign_pk) ||
        !decoded.value().verify_signature().ok()) {
        return key_failure(body.epoch, body.granter, "the granter's signature does not verify");
    }
    auto recipient = directory.member(body.recipient);
    if (!recipient.ok()) {
        return recipient.error().code() == ErrorCode::not_found
                   ? key_failure(body.epoch, body.granter,
                                 "its recipient '" + body.recipient + "' is not a member")
                   : recipient.error();
    }
    if (!recipient.value().certifies_enc_pk(body.recipient_enc_pk)) {
        return key_failure(body.epoch, body.granter,
                           "it is sealed to a key '" + body.recipient + "' is not certified for");
    }
    if (recipient.value().role() == crypto::Role::researcher) {
        return key_failure(body.epoch, body.granter,
                           "researcher '" + body.recipient + "' may not hold a case key");
    }
    return VerifiedGrant{body, granter.value().role()};
}

// Who is a member of the case in which epoch, from the signed grants only.
Status derive_members(MemberDirectory& directory, const v1::GetCaseResponse& response,
                      OpenedCase& opened) {
    std::vector<VerifiedGrant> grants;
    grants.reserve(static_cast<std::size_t>(response.all_wraps_size()));
    for (const std::string& encoded : response.all_wraps()) {
        WEERBAAR_ASSIGN_OR_RETURN(VerifiedGrant grant, verify_grant(directory, opened, encoded));
        grants.push_back(std::move(grant));
    }
    WEERBAAR_ASSIGN_OR_RETURN(opened.members,
                              derive_case_members(grants, opened.creator, opened.epoch));
    return ok_status();
}

struct CheckedWrap {
    crypto::KeyWrap wrap;
    bool granter_revoked = false;
};

// Checks one wrap addressed to the caller: what it is for and who granted it.
Result<CheckedWrap> check_wrap(const Session& session, MemberDirectory& directory,
                               const OpenedCase& opened, const std::string& encoded) {
    auto decoded = crypto::KeyWrap::decode(crypto::as_bytes(encoded));
    if (!decoded.ok()) {
        return key_failure(0, "?", "malformed");
    }
    const crypto::KeyWrapBody& body = decoded.value().body();
    const crypto::Identity& me = session.keys().identity;
    if (body.case_id != opened.case_id) {
        return key_failure(body.epoch, body.granter, "it is for another case");
    }
    if (body.recipient != session.user() || body.recipient_enc_pk != me.encryption.public_key()) {
        return key_failure(body.epoch, body.granter, "it is addressed to someone else");
    }
    if (opened.keys.contains(body.epoch)) {
        return key_failure(body.epoch, body.granter, "a second key for the same epoch");
    }
    auto granter = directory.member(body.granter);
    if (!granter.ok()) {
        if (granter.error().code() == ErrorCode::not_found) {
            return key_failure(body.epoch, body.granter, "the granter is not a member");
        }
        return granter.error();
    }
    // Entitlement was settled over all grants (derive_members): this wrap counts
    // only if it made the caller a member of its epoch.
    if (!is_member_at(opened.members, session.user(), body.epoch)) {
        return key_failure(body.epoch, body.granter, "no member entitled to grant it did");
    }
    if (!granter.value().certifies_sign_pk(body.granter_sign_pk)) {
        return key_failure(body.epoch, body.granter,
                           "it is signed with a key the granter is not certified for");
    }
    // Granted with a certificate that was since revoked and replaced (re-enrolment)
    // counts as granted by a revoked member.
    const bool granter_revoked = granter.value().revoked() ||
                                 body.granter_sign_pk != granter.value().certificate.body().sign_pk;
    return CheckedWrap{std::move(decoded).value(), granter_revoked};
}

Status open_wraps(const Session& session, MemberDirectory& directory,
                  const v1::GetCaseResponse& response, OpenedCase& opened) {
    // The wraps that made us a member were checked among all grants
    // (derive_members); a wrap of ours that is not one of them is not trusted.
    const std::set<std::string> grants(response.all_wraps().begin(), response.all_wraps().end());
    for (const std::string& encoded : response.my_wraps()) {
        if (!grants.contains(encoded)) {
            return key_failure(0, "?", "a key of yours that is not among the case's grants");
        }
        WEERBAAR_ASSIGN_OR_RETURN(const CheckedWrap checked,
                                  check_wrap(session, directory, opened, encoded));
        const crypto::KeyWrap& wrap = checked.wrap;
        auto key = wrap.open(session.keys().identity.encryption);
        if (!key.ok()) {
            return key_failure(wrap.body().epoch, wrap.body().granter,
                               "signature or sealed key is invalid");
        }
        opened.keys.insert_or_assign(wrap.body().epoch, std::move(key).value());
        if (checked.granter_revoked) {
            opened.epochs_granted_by_revoked.insert(wrap.body().epoch);
        }
    }
    if (!opened.keys.contains(opened.epoch)) {
        return Error(ErrorCode::permission_denied, "not allowed: you hold no key for case " +
                                                       short_case_id(opened.case_id) +
                                                       " in epoch " + std::to_string(opened.epoch));
    }
    return ok_status();
}

struct StoredSealedRecord {
    std::uint64_t sequence = 0;
    std::int64_t stored_unix = 0;  // the server's clock
    crypto::SealedRecord sealed;
    // Verbatim, to hold for healing (held_records.h): a view into the response, which
    // outlives these, so a read of records already held copies nothing.
    crypto::ByteView encoded;
};

Result<std::vector<StoredSealedRecord>> decode_records(const v1::GetCaseResponse& response) {
    std::vector<StoredSealedRecord> records;
    records.reserve(static_cast<std::size_t>(response.records_size()));
    for (const v1::StoredRecord& stored : response.records()) {
        auto decoded = crypto::SealedRecord::decode(crypto::as_bytes(stored.record()));
        if (!decoded.ok()) {
            return record_failure(stored.sequence(), "?", "malformed");
        }
        records.push_back({stored.sequence(), stored.stored_unix(), std::move(decoded).value(),
                           crypto::as_bytes(stored.record())});
    }
    return records;
}

// A record that is in its place and signed by its author but unusable: the
// author's fault alone, so it is kept (its hash chains later records) with its
// content left empty (docs/adr/0005-attributable-faults.md).
CaseRecord quarantined(CaseRecord record, std::string reason) {
    record.content.Clear();
    record.quarantined = true;
    record.quarantine_reason = std::move(reason);
    return record;
}

// The crypto half of a record's checks; the structural half is RecordHistoryCheck.
// What fails before the author's signature has verified (no key for the epoch, an
// author without a certificate, a bad signature) cannot be told from the operator's
// doing and stops the read; what fails after it is the author's and quarantines.
Result<CaseRecord> open_record(MemberDirectory& directory, const OpenedCase& opened,
                               const StoredSealedRecord& stored, const crypto::Bytes& hash) {
    const std::uint64_t sequence = stored.sequence;
    const crypto::RecordHeader& header = stored.sealed.header();
    const std::string& author = header.author;
    const auto key = opened.keys.find(header.epoch);
    if (key == opened.keys.end()) {
        return record_failure(sequence, author,
                              "you hold no key for its epoch " + std::to_string(header.epoch));
    }
    auto writer = directory.member(author);
    if (!writer.ok()) {
        if (writer.error().code() == ErrorCode::not_found) {
            return record_failure(sequence, author, "the author is not a member");
        }
        return writer.error();
    }
    // A member who enrolled again signed older records with a past certificate's key.
    bool signed_by_author =
        stored.sealed.verify_signature(writer.value().certificate.body().sign_pk).ok();
    for (const crypto::Certificate& past : writer.value().past_certificates) {
        if (signed_by_author) {
            break;
        }
        signed_by_author = stored.sealed.verify_signature(past.body().sign_pk).ok();
    }
    if (!signed_by_author) {
        return record_failure(sequence, author, "signature or MAC is invalid");
    }
    CaseRecord record;
    record.sequence = sequence;
    record.record_id = header.record_id;
    record.author = author;
    record.created = header.created;
    record.stored_unix = stored.stored_unix;
    record.hash = hash;
    record.author_role = writer.value().role();

    if (const auto problem = authored_header_problem(sequence, header)) {
        return quarantined(std::move(record), *problem);
    }
    // Not quarantined: the key we hold came in a wrap that a member, not necessarily
    // this author, signed, so a record that does not open under it cannot be blamed
    // on its author (docs/adr/0005-attributable-faults.md).
    auto plaintext = stored.sealed.decrypt(key->second);
    if (!plaintext.ok()) {
        return record_failure(sequence, author, "signature or MAC is invalid");
    }
    const auto bytes = plaintext.value().expose_secret();
    if (!record.content.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
        record.content.body_case() == v1::RecordContent::BODY_NOT_SET) {
        return quarantined(std::move(record),
                           "geen leesbare inhoud (beschadigd of een onbekende soort) / its "
                           "content is not a record this client can read");
    }
    if ((sequence == 1) != record.content.has_intake()) {
        return quarantined(std::move(record),
                           sequence == 1 ? "de zaak begint niet met een melding / the case does "
                                           "not start with an intake"
                                         : "een tweede melding / a second intake");
    }
    // The rules every writer applies before sealing (record_content_check.h): what
    // a writer may not seal, a reader does not use.
    if (const Status content = check_record_content(record.content); !content.ok()) {
        return quarantined(std::move(record),
                           "ongeldige inhoud / invalid content: " + content.error().message());
    }
    return record;
}

// What the answer says of the case itself, checked to be the case asked for.
Result<OpenedCase> case_of(crypto::ByteView case_id, const v1::GetCaseResponse& response) {
    OpenedCase opened;
    opened.case_id.assign(case_id.begin(), case_id.end());
    opened.summary = response.summary();
    opened.epoch = response.summary().epoch();
    if (response.summary().case_id() != std::string(case_id.begin(), case_id.end())) {
        return Error(ErrorCode::integrity_failure,
                     "the server answered with another case than " + short_case_id(case_id));
    }
    return opened;
}

// The members of each epoch from the signed grants (opened.creator must be set),
// then the caller's own keys.
Status settle_keys(const Session& session, MemberDirectory& directory,
                   const v1::GetCaseResponse& response, OpenedCase& opened) {
    WEERBAAR_TRY(derive_members(directory, response, opened));
    return open_wraps(session, directory, response, opened);
}

std::optional<CaseHead> remembered_head(MemberDirectory& directory, const std::string& case_hex) {
    const auto& cases = directory.trust().state().cases;
    if (const auto head = cases.find(case_hex); head != cases.end()) {
        return head->second;
    }
    return std::nullopt;
}

Status check_epoch_not_rolled_back(const OpenedCase& opened,
                                   const std::optional<CaseHead>& remembered) {
    if (remembered && opened.epoch < remembered->epoch) {
        return Error(ErrorCode::integrity_failure,
                     "the server rolled back the key epoch of case " +
                         short_case_id(opened.case_id) + ": it reports epoch " +
                         std::to_string(opened.epoch) + ", but you saw " +
                         std::to_string(remembered->epoch));
    }
    return ok_status();
}

// Each record's place in the history first, then its signature and content.
Status open_records(MemberDirectory& directory, RecordHistoryCheck& history,
                    const std::vector<StoredSealedRecord>& records, OpenedCase& opened) {
    for (const StoredSealedRecord& stored : records) {
        const crypto::Bytes hash = stored.sealed.hash();
        WEERBAAR_TRY(history.admit(stored.sequence, stored.sealed.header(), hash));
        WEERBAAR_ASSIGN_OR_RETURN(CaseRecord record, open_record(directory, opened, stored, hash));
        opened.records.push_back(std::move(record));
    }
    return history.finish();
}

// The newest record read, the epoch and the creator, for the next read to compare
// with (and to continue from, read_case_after); then the verified records this
// client does not hold yet, verbatim, to hand back should the server be restored
// from an older backup (held_records.h). Only records after the newest held one are
// written, so a case read again costs no more writes.
Status remember_head(MemberDirectory& directory, const OpenedCase& opened,
                     const std::vector<StoredSealedRecord>& records) {
    const std::string case_hex = format_case_id(opened.case_id);
    const CaseRecord& newest = opened.records.back();
    WEERBAAR_TRY(directory.trust().set_case_head(
        case_hex,
        CaseHead{newest.sequence, crypto::to_hex(newest.hash), opened.epoch, opened.creator}));
    const HeldRecords held(directory.trust().store());
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t held_up_to, held.newest_sequence(case_hex));
    std::vector<HeldRecord> newer;
    for (const StoredSealedRecord& stored : records) {
        if (stored.sequence > held_up_to) {
            newer.push_back(
                HeldRecord{stored.sequence, stored.sealed.hash(),
                           crypto::Bytes(stored.encoded.begin(), stored.encoded.end())});
        }
    }
    return held.keep(case_hex, newer);
}

}  // namespace

std::size_t OpenedCase::quarantined_count() const {
    return static_cast<std::size_t>(std::count_if(
        records.begin(), records.end(), [](const CaseRecord& r) { return r.quarantined; }));
}

namespace {

// Every record from the server, verified from record 1.
Result<OpenedCase> open_in_full(const Session& session, MemberDirectory& directory,
                                crypto::ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(const v1::GetCaseResponse response, fetch_case(session, case_id, 0));
    WEERBAAR_ASSIGN_OR_RETURN(OpenedCase opened, case_of(case_id, response));
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<StoredSealedRecord> records,
                              decode_records(response));
    if (records.empty()) {
        return Error(ErrorCode::integrity_failure,
                     "case " + short_case_id(case_id) + " has no intake record");
    }
    // The creator is whoever wrote record 1; if the server sent another record
    // first, the history check below names it.
    opened.creator = records.front().sequence == 1 ? records.front().sealed.header().author : "";
    WEERBAAR_TRY(settle_keys(session, directory, response, opened));

    const std::optional<CaseHead> remembered = remembered_head(directory, format_case_id(case_id));
    WEERBAAR_TRY(check_epoch_not_rolled_back(opened, remembered));
    RecordHistoryCheck history(opened.case_id, opened.epoch, opened.members, remembered);
    WEERBAAR_TRY(open_records(directory, history, records, opened));
    WEERBAAR_TRY(remember_head(directory, opened, records));
    return opened;
}

// Only the records after `held`, verified to continue it (read_case_after).
Result<OpenedCase> read_after(const Session& session, MemberDirectory& directory,
                              crypto::ByteView case_id, const CaseHead& held) {
    if (held.creator.empty()) {
        return Error(ErrorCode::failed_precondition,
                     "case " + short_case_id(case_id) + " must be read in full first");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const v1::GetCaseResponse response,
                              fetch_case(session, case_id, held.sequence));
    WEERBAAR_ASSIGN_OR_RETURN(OpenedCase opened, case_of(case_id, response));
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<StoredSealedRecord> records,
                              decode_records(response));
    opened.creator = held.creator;
    WEERBAAR_TRY(settle_keys(session, directory, response, opened));
    WEERBAAR_TRY(check_epoch_not_rolled_back(opened, held));
    if (opened.summary.record_count() < held.sequence) {
        return Error(ErrorCode::integrity_failure,
                     "the server dropped or rewrote records: case " + short_case_id(case_id) +
                         " has " + std::to_string(opened.summary.record_count()) +
                         " records, but you read record " + std::to_string(held.sequence) +
                         " before");
    }
    auto history =
        RecordHistoryCheck::continuing_from(opened.case_id, opened.epoch, opened.members, held);
    WEERBAAR_TRY(open_records(directory, history, records, opened));
    if (opened.records.empty()) {
        WEERBAAR_TRY(directory.trust().raise_case_epoch(format_case_id(case_id), opened.epoch));
        return opened;
    }
    WEERBAAR_TRY(remember_head(directory, opened, records));
    return opened;
}

}  // namespace

namespace {

// The cached case when its newest record is still `head` (case_cache.h).
Result<std::optional<OpenedCase>> cached_at(const TrustStore& trust, const std::string& case_hex,
                                            const std::optional<CaseHead>& head) {
    if (!head || head->creator.empty()) {
        return std::optional<OpenedCase>{};
    }
    WEERBAAR_ASSIGN_OR_RETURN(std::optional<OpenedCase> cached,
                              CaseCache(trust.store()).find(case_hex));
    if (!cached || cached->records.empty()) {
        return std::optional<OpenedCase>{};
    }
    const CaseRecord& newest = cached->records.back();
    if (newest.sequence != head->sequence || crypto::to_hex(newest.hash) != head->hash ||
        cached->creator != head->creator) {
        return std::optional<OpenedCase>{};
    }
    return cached;
}

// The cached history followed by the newer read: the case as of the newer read.
OpenedCase joined(const OpenedCase& cached, OpenedCase newer) {
    std::vector<CaseRecord> records = cached.records;
    records.insert(records.end(), std::make_move_iterator(newer.records.begin()),
                   std::make_move_iterator(newer.records.end()));
    newer.records = std::move(records);
    return newer;
}

bool no_longer_shared(const Error& error) {
    return error.code() == ErrorCode::permission_denied || error.code() == ErrorCode::not_found;
}

// A case read when the list shows something changed: only what is new after
// `cached`, the cached history at `head` as cached_at found it, when there is one;
// a whole read otherwise. A case no longer shared is forgotten by the caller.
Result<OpenedCase> open_changed_case(const Session& session, MemberDirectory& directory,
                                     crypto::ByteView case_id, const std::optional<CaseHead>& head,
                                     const std::optional<OpenedCase>& cached) {
    if (!cached) {
        return open_case(session, directory, case_id);
    }
    auto newer = read_after(session, directory, case_id, *head);
    if (newer.ok()) {
        OpenedCase whole = joined(*cached, std::move(newer).value());
        WEERBAAR_TRY(CaseCache(directory.trust().store()).put(whole));
        return whole;
    }
    // Two members writing at once can make a history only a full read can place:
    // that read's verdict stands. Any other error is the caller's to judge.
    if (newer.error().code() != ErrorCode::integrity_failure) {
        return newer.error();
    }
    return open_case(session, directory, case_id);
}

}  // namespace

Result<OpenedCase> open_case(const Session& session, MemberDirectory& directory,
                             crypto::ByteView case_id) {
    const std::string case_hex = format_case_id(case_id);
    const CaseCache cache(directory.trust().store());
    auto full = open_in_full(session, directory, case_id);
    // A server behind our memory may be one restored from a backup: then the records
    // it lost are handed back and the case read again (case_healing.h).
    if (!full.ok() && full.error().code() == ErrorCode::integrity_failure) {
        auto healed = heal_case(session, directory, case_id);
        if (!healed.ok()) {
            // The read's verdict first, then why healing did not answer it (a
            // hand-back the server refused included: the case stays unverified, and
            // a list shows it as such rather than stopping).
            return is_connection_error(healed.error())
                       ? healed.error()
                       : Error(ErrorCode::integrity_failure,
                               full.error().message() + "; " + healed.error().message());
        }
        if (healed.value()) {
            full = open_in_full(session, directory, case_id);
            if (full.ok()) {
                full.value().handed_back = healed.value()->handed_back;
            }
        }
    }
    if (full.ok()) {
        WEERBAAR_TRY(cache.put(full.value()));
    } else if (no_longer_shared(full.error())) {
        WEERBAAR_TRY(cache.remove(case_hex));
    }
    return full;
}

Result<OpenedCase> read_case_after(const Session& session, MemberDirectory& directory,
                                   crypto::ByteView case_id, const CaseHead& held) {
    const std::string case_hex = format_case_id(case_id);
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<OpenedCase> cached,
                              cached_at(directory.trust(), case_hex, held));
    WEERBAAR_ASSIGN_OR_RETURN(OpenedCase newer, read_after(session, directory, case_id, held));
    if (cached) {
        WEERBAAR_TRY(
            CaseCache(directory.trust().store()).put(joined(*cached, without_keys(newer))));
    }
    return newer;
}

Status visit_cases(const Session& session, MemberDirectory& directory, const CaseVisitor& visit,
                   const LongWork& work, std::vector<ReopenedCase>* reopened) {
    const CaseCache cache(directory.trust().store());
    // One round trip: what changed since the last sync of this profile.
    WEERBAAR_ASSIGN_OR_RETURN(std::vector<v1::CaseSummary> summaries,
                              sync_case_summaries(session, cache));
    // Our own cases a restore lost come back first (one local query when none did).
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<ReopenedCase> reopening,
                              reopen_lost_cases(session, directory));
    std::map<std::string, std::uint64_t> handed_back;
    for (const ReopenedCase& one : reopening) {
        if (one.handed_back != 0) {
            handed_back.emplace(format_case_id(one.case_id), one.handed_back);
        }
    }
    if (!handed_back.empty()) {
        WEERBAAR_ASSIGN_OR_RETURN(summaries, sync_case_summaries(session, cache));
    }
    if (reopened != nullptr) {
        *reopened = reopening;
    }
    const auto total = static_cast<std::uint64_t>(summaries.size());
    std::uint64_t done = 0;
    work.report(done, total);
    for (const v1::CaseSummary& summary : summaries) {
        // Checked before each case, reported after it (the visit included).
        WEERBAAR_TRY(work.check_stop("list cases"));
        const auto visited = [&] { work.report(++done, total); };
        const std::string case_hex = format_case_id(crypto::as_bytes(summary.case_id()));
        // Nothing new on the server: the history verified before is the case.
        const std::optional<CaseHead> head = remembered_head(directory, case_hex);
        WEERBAAR_ASSIGN_OR_RETURN(const std::optional<OpenedCase> cached,
                                  cached_at(directory.trust(), case_hex, head));
        if (cached && unchanged_since(cached->summary, summary)) {
            visit(summary, &*cached);
            visited();
            continue;
        }
        auto opened = open_changed_case(session, directory, crypto::as_bytes(summary.case_id()),
                                        head, cached);
        if (opened.ok()) {
            if (const auto back = handed_back.find(case_hex); back != handed_back.end()) {
                opened.value().handed_back = back->second;
            }
            visit(summary, &opened.value());
        } else if (no_longer_shared(opened.error())) {
            // Removed meanwhile (the next sync says so too): not a case you can read.
            WEERBAAR_TRY(cache.remove(case_hex));
        } else if (opened.error().code() == ErrorCode::integrity_failure) {
            visit(summary, nullptr);
        } else {
            return opened.error();
        }
        visited();
    }
    return ok_status();
}

Result<std::vector<CaseListEntry>> list_cases(const Session& session, MemberDirectory& directory,
                                              const LongWork& work,
                                              std::vector<ReopenedCase>* reopened) {
    std::vector<CaseListEntry> entries;
    WEERBAAR_TRY(visit_cases(
        session, directory,
        [&](const v1::CaseSummary& summary, const OpenedCase* opened) {
            CaseListEntry entry{summary, opened != nullptr, 0, {}, {}, {}, 0};
            if (opened != nullptr) {
                entry.handed_back = opened->handed_back;
                const CaseState state = case_state(*opened);
                entry.title = opened->intake() != nullptr
                                  ? intake_title(*opened->intake())
                                  : "(melding in quarantaine / intake quarantined)";
                entry.quarantined = opened->quarantined_count();
                entry.status = state.status;
                entry.outcome = state.outcome;
            }
            entries.push_back(std::move(entry));
        },
        work, reopened));
    return entries;
}

Result<std::optional<OpenedCase>> cached_case(const TrustStore& trust, crypto::ByteView case_id) {
    const std::string case_hex = crypto::to_hex(case_id);
    // The head in the file, not trust.state(): the TrustStore of a thread that only
    // reads (a GUI's local worker) loaded its state before the writes that moved it.
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<CaseHead> head,
                              trust.current_case_head(case_hex));
    if (!head) {
        return std::optional<OpenedCase>{};
    }
    return cached_at(trust, case_hex, *head);
}

OpenedCase without_keys(const OpenedCase& opened) {
    OpenedCase copy;
    copy.case_id = opened.case_id;
    copy.epoch = opened.epoch;
    copy.summary = opened.summary;
    copy.members = opened.members;
    copy.creator = opened.creator;
    copy.records = opened.records;
    copy.epochs_granted_by_revoked = opened.epochs_granted_by_revoked;
    return copy;
}

}  // namespace weerbaar::client
