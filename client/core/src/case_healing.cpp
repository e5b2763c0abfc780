#include "weerbaar/client/case_healing.h"

#include <chrono>
#include <ctime>
#include <limits>
#include <map>
#include <set>

#include "case_fetch.h"
#include "proto_bytes.h"
#include "session_rpc.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/created_cases.h"
#include "weerbaar/client/held_records.h"
#include "weerbaar/client/restore_notices.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/record.h"

namespace weerbaar::client {
namespace {

// Why a server behind this client's memory is not taken for a restored one.
Error rollback(crypto::ByteView case_id, const std::string& dutch, const std::string& english) {
    return Error(ErrorCode::integrity_failure,
                 "zaak " + short_case_id(case_id) + " niet hersteld na een terugzetting: " + dutch +
                     "; meld het de coördinator / case " + short_case_id(case_id) +
                     " not healed from a restore: " + english + "; tell your coordinator");
}

// The newest restore notice, verified, that has not healed this case yet.
Result<crypto::RestoreNotice> usable_notice(const Session& session, const HeldRecords& held,
                                            const std::string& case_hex, crypto::ByteView case_id) {
    const crypto::Bytes& pinned = session.settings().audit_sign_pk;
    if (pinned.empty()) {
        return rollback(case_id, "je profiel kent de auditsleutel niet",
                        "your profile has no pinned audit key");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<crypto::RestoreNotice> notices,
                              fetch_restore_notices(session, pinned));
    if (notices.empty()) {
        return rollback(case_id, "de server meldt geen terugzetting uit een back-up",
                        "the server announces no restore from a backup");
    }
    const crypto::RestoreNotice& newest = notices.back();
    WEERBAAR_ASSIGN_OR_RETURN(const bool healed, held.healed_under(case_hex, newest.sequence));
    if (healed) {
        return rollback(case_id, "deze terugzetting heeft de zaak al eens hersteld",
                        "this restore healed the case once already");
    }
    return newest;
}

// What this client holds beyond the server's head: checked against the server's
// records below it and against the remembered head, in sequence order.
Result<std::vector<HeldRecord>> records_to_hand_back(const v1::GetCaseResponse& response,
                                                     const std::vector<HeldRecord>& held,
                                                     const CaseHead& head,
                                                     const crypto::RestoreNotice& notice,
                                                     crypto::ByteView case_id) {
    std::map<std::uint64_t, const HeldRecord*> by_sequence;
    for (const HeldRecord& record : held) {
        by_sequence.emplace(record.sequence, &record);
    }
    std::uint64_t expected = 1;
    for (const v1::StoredRecord& stored : response.records()) {
        const auto mine = by_sequence.find(expected);
        if (stored.sequence() != expected || mine == by_sequence.end() ||
            crypto::record_hash(crypto::as_bytes(stored.record())) != mine->second->hash) {
            return rollback(case_id, "record " + std::to_string(expected) + " is niet wat je las",
                            "record " + std::to_string(expected) + " is not what you read");
        }
        ++expected;
    }
    const auto skew = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(crypto::kMaxRecordClockSkew).count());
    std::vector<HeldRecord> beyond;
    for (std::uint64_t sequence = expected; sequence <= head.sequence; ++sequence) {
        const auto mine = by_sequence.find(sequence);
        if (mine == by_sequence.end()) {
            return rollback(case_id, "je bewaarde record " + std::to_string(sequence) + " niet",
                            "you do not hold record " + std::to_string(sequence));
        }
        auto sealed = crypto::SealedRecord::decode(mine->second->record);
        if (!sealed.ok() || sealed.value().header().created + skew < notice.backup_time) {
            return rollback(case_id,
                            "record " + std::to_string(sequence) + " is ouder dan de back-up",
                            "record " + std::to_string(sequence) + " is older than the backup");
        }
        beyond.push_back(*mine->second);
    }
    if (beyond.empty() || crypto::to_hex(beyond.back().hash) != head.hash) {
        return rollback(case_id, "je bewaarde kopie eindigt niet bij wat je onthield",
                        "the copies you hold do not end at what you remembered");
    }
    return beyond;
}

Result<std::uint64_t> hand_back(const Session& session, crypto::ByteView case_id,
                                const HeldRecord& record) {
    v1::AppendRecordRequest request;
    request.set_case_id(case_id.data(), case_id.size());
    request.set_record(record.record.data(), record.record.size());
    request.set_handed_back(true);
    v1::AppendRecordResponse response;
    WEERBAAR_TRY(check_rpc(call_server(session, &SessionStubs::cases,
                                       &v1::CaseService::Stub::AppendRecord, request, &response),
                           "hand back record " + std::to_string(record.sequence) + " of case " +
                               short_case_id(case_id)));
    return response.sequence();
}

}  // namespace

Result<std::optional<CaseHeal>> heal_case(const Session& session, MemberDirectory& directory,
                                          crypto::ByteView case_id) {
    const std::string case_hex = format_case_id(case_id);
    TrustStore& trust = directory.trust();
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<CaseHead> head,
                              trust.current_case_head(case_hex));
    if (!head) {
        return std::optional<CaseHeal>{};
    }
    WEERBAAR_ASSIGN_OR_RETURN(const v1::GetCaseResponse response, fetch_case(session, case_id, 0));
    if (static_cast<std::uint64_t>(response.records_size()) >= head->sequence) {
        return std::optional<CaseHeal>{};  // not behind: whatever is wrong, healing is no answer
    }
    const HeldRecords held(trust.store());
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::RestoreNotice notice,
                              usable_notice(session, held, case_hex, case_id));
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<HeldRecord> mine, held.all(case_hex));
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<HeldRecord> beyond,
                              records_to_hand_back(response, mine, *head, notice, case_id));

    const auto server_head = static_cast<std::uint64_t>(response.records_size());
    std::uint64_t landed = 0;
    bool moved = false;
    for (const HeldRecord& record : beyond) {
        WEERBAAR_ASSIGN_OR_RETURN(landed, hand_back(session, case_id, record));
        moved = moved || landed != record.sequence;
    }
    if (moved) {
        // Another member wrote in between: our copies now sit later. The next
        // verified read holds them again at their new places.
        WEERBAAR_TRY(held.forget_after(case_hex, server_head));
        WEERBAAR_TRY(trust.set_case_head(case_hex,
                                         CaseHead{landed, head->hash, head->epoch, head->creator}));
    }
    WEERBAAR_TRY(held.record_heal(case_hex, notice.sequence, beyond.size(), std::time(nullptr)));
    return std::optional<CaseHeal>{CaseHeal{beyond.size(), notice.sequence}};
}

namespace {

// Whether the restore of `notice` explains why the server lacks `opened`: a case
// opened after its backup and before the restored server started, not reopened or
// healed under it before.
Result<bool> lost_in(const crypto::RestoreNotice& notice, const HeldRecords& held,
                     const CreatedCase& opened) {
    WEERBAAR_ASSIGN_OR_RETURN(const bool healed,
                              held.healed_under(format_case_id(opened.case_id), notice.sequence));
    if (healed) {
        return false;  // gone again after it came back (or refused then): not this restore's
    }
    auto first = crypto::SealedRecord::decode(opened.first_record);
    if (!first.ok()) {
        return false;
    }
    const auto skew = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(crypto::kMaxRecordClockSkew).count());
    const std::uint64_t created = first.value().header().created;
    return created + skew >= notice.backup_time && created <= notice.restored_time + skew;
}

// The members other than us whose records we hold beyond the first: the ones the
// case must hold again before their records can come back.
Result<std::set<std::string>> other_authors(const HeldRecords& held, const std::string& case_hex,
                                            const std::string& self) {
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<HeldRecord> records, held.all(case_hex));
    std::set<std::string> authors;
    for (const HeldRecord& record : records) {
        auto sealed = crypto::SealedRecord::decode(record.record);
        if (record.sequence > 1 && sealed.ok() && sealed.value().header().author != self) {
            authors.insert(sealed.value().header().author);
        }
    }
    return authors;
}

// Shares the case again, as we shared it, with the members whose records we hold
// (no one else: a member we shared with who wrote nothing is shared with anew by
// hand), and only under the case's first key: after a key change this client saw,
// nobody is (a member removed then stays out). Each member is checked as a share
// checks them now (revocations fetched, the key trusted, and the wrap sealed to the
// key they hold now): a restore also loses revocations. Returns the first refusal.
Result<std::optional<Error>> share_again(const Session& session, MemberDirectory& directory,
                                         const HeldRecords& held, crypto::ByteView case_id) {
    const std::string case_hex = format_case_id(case_id);
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<CaseHead> head,
                              directory.trust().current_case_head(case_hex));
    if (head && head->epoch != 1) {
        return std::optional<Error>{};
    }
    WEERBAAR_ASSIGN_OR_RETURN(const std::set<std::string> authors,
                              other_authors(held, case_hex, session.user()));
    if (authors.empty()) {
        return std::optional<Error>{};
    }
    WEERBAAR_TRY(directory.refresh_revocations());
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<CreatedCaseShare> shares,
                              CreatedCases(directory.trust().store()).shares(case_hex));
    for (const CreatedCaseShare& share : shares) {
        v1::ShareCaseRequest request;
        if (share.epoch != 1 || !authors.contains(share.user) ||
            !request.ParseFromArray(share.request.data(), static_cast<int>(share.request.size()))) {
            continue;
        }
        const std::string action =
            "share case " + short_case_id(case_id) + " again with '" + share.user + "'";
        auto member = directory.member(share.user);
        if (!member.ok()) {
            return std::optional<Error>{member.error()};
        }
        if (auto may = check_may_receive_key(member.value()); !may.ok()) {
            return std::optional<Error>{may.error()};
        }
        auto wrap = crypto::KeyWrap::decode(crypto::as_bytes(request.wrap()));
        if (!wrap.ok() ||
            wrap.value().body().recipient_enc_pk != member.value().certificate.body().enc_pk) {
            return std::optional<Error>{
                Error(ErrorCode::failed_precondition,
                      action + ": '" + share.user +
                          "' has a new key since; share the case with them again by hand")};
        }
        v1::ShareCaseResponse response;
        auto shared = check_rpc(call_server(session, &SessionStubs::cases,
                                            &v1::CaseService::Stub::ShareCase, request, &response),
                                action);
        if (!shared.ok()) {
            if (is_connection_error(shared.error())) {
                return shared.error();
            }
            return std::optional<Error>{shared.error()};
        }
    }
    return std::optional<Error>{};
}

// What went wrong with a case opened again, Dutch first, for the member to pass on.
Error not_whole(crypto::ByteView case_id, const Error& why) {
    return Error(why.code(), "zaak " + short_case_id(case_id) +
                                 " opnieuw geopend na een terugzetting van de server, maar niet "
                                 "heel; meld het de coördinator / case opened again after the "
                                 "server was restored, but not whole: " +
                                 why.message());
}

Result<ReopenedCase> reopen(const Session& session, MemberDirectory& directory,
                            const HeldRecords& held, const crypto::RestoreNotice& notice,
                            const CreatedCase& opened) {
    v1::CreateCaseRequest request;
    set_bytes(request.mutable_case_id(), opened.case_id);
    set_bytes(request.mutable_case_id_nonce(), opened.nonce);
    set_bytes(request.mutable_creator_wrap(), opened.creator_wrap);
    set_bytes(request.mutable_first_record(), opened.first_record);
    request.set_handed_back(true);
    v1::CreateCaseResponse response;
    ReopenedCase reopened{opened.case_id, 0, std::nullopt};
    const std::string case_hex = format_case_id(opened.case_id);
    auto created =
        check_rpc(call_server(session, &SessionStubs::cases, &v1::CaseService::Stub::CreateCase,
                              request, &response),
                  "open case " + short_case_id(opened.case_id) + " again after a restore");
    if (!created.ok()) {
        if (is_connection_error(created.error())) {
            return created.error();
        }
        // Said once: a refusal does not change by asking again under this notice.
        WEERBAAR_TRY(held.record_heal(case_hex, notice.sequence, 0, std::time(nullptr)));
        reopened.problem =
            Error(created.error().code(),
                  "zaak " + short_case_id(opened.case_id) +
                      " niet opnieuw geopend na een terugzetting van de server; meld het de "
                      "coördinator / case not opened again after the server was restored: " +
                      created.error().message());
        return reopened;
    }
    reopened.handed_back = 1;
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<Error> unshared,
                              share_again(session, directory, held, opened.case_id));
    // A share refused still lets our own records come back; the heal then stops at
    // the first record of the member it left out, and says so.
    if (unshared) {
        reopened.problem = not_whole(opened.case_id, *unshared);
    }
    auto healed = heal_case(session, directory, opened.case_id);
    if (!healed.ok()) {
        if (is_connection_error(healed.error())) {
            return healed.error();
        }
        // Why the member was left out first, then where the heal stopped for it.
        reopened.problem = not_whole(
            opened.case_id, unshared ? Error(healed.error().code(),
                                             unshared->message() + "; " + healed.error().message())
                                     : healed.error());
        return reopened;
    }
    if (healed.value()) {
        reopened.handed_back += healed.value()->handed_back;
    } else {
        // Nothing after the first record (or none we read): the heal is the reopening.
        WEERBAAR_TRY(held.record_heal(case_hex, notice.sequence, 1, std::time(nullptr)));
    }
    return reopened;
}

}  // namespace

Result<std::vector<ReopenedCase>> reopen_lost_cases(const Session& session,
                                                    MemberDirectory& directory) {
    const CreatedCases created(directory.trust().store());
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<CreatedCase> missing,
                              created.missing_from_summaries());
    std::vector<ReopenedCase> reopened;
    const crypto::Bytes& pinned = session.settings().audit_sign_pk;
    // Without the pinned audit key no restore can be told from a rollback: nothing is
    // opened again, and nothing forgotten (the key may be pinned later).
    if (missing.empty() || pinned.empty()) {
        return reopened;
    }
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<crypto::RestoreNotice> notices,
                              fetch_restore_notices(session, pinned));
    const HeldRecords held(directory.trust().store());
    for (const CreatedCase& opened : missing) {
        // Opened by another thread or process since our sync: the summaries are
        // behind, the case is there. (Asking after the last possible record
        // returns none, only whether we may read the case.) Only "no such case
        // for you" counts as gone; any other answer leaves it for the next call.
        auto present =
            fetch_case(session, opened.case_id,
                       static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
        if (present.ok()) {
            continue;
        }
        if (is_connection_error(present.error())) {
            return present.error();
        }
        if (present.error().code() != ErrorCode::not_found &&
            present.error().code() != ErrorCode::permission_denied) {
            continue;
        }
        bool lost = false;
        if (!notices.empty()) {
            WEERBAAR_ASSIGN_OR_RETURN(lost, lost_in(notices.back(), held, opened));
        }
        if (!lost) {
            // Gone for a reason no restore explains: nothing to give back.
            WEERBAAR_TRY(created.forget(format_case_id(opened.case_id)));
            continue;
        }
        WEERBAAR_ASSIGN_OR_RETURN(ReopenedCase one,
                                  reopen(session, directory, held, notices.back(), opened));
        reopened.push_back(std::move(one));
    }
    return reopened;
}

}  // namespace weerbaar::client
