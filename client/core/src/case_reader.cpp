#include "weerbaar/client/case_reader.h"

#include <algorithm>
#include <set>

#include "weerbaar/client/case_id.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/rpc_error.h"

namespace weerbaar::client {
namespace {

std::string short_id(crypto::ByteView case_id) {
    return format_case_id(case_id).substr(0, 8) + "…";
}

Error wrap_failure(const std::string& granter, const std::string& why) {
    return Error(ErrorCode::integrity_failure,
                 "case key granted by '" + granter + "' does not verify: " + why);
}

Error record_failure(std::uint64_t sequence, const std::string& author, const std::string& why) {
    return Error(ErrorCode::integrity_failure, "record " + std::to_string(sequence) + " by '" +
                                                   author + "' does not verify: " + why);
}

bool is_case_member(const std::vector<CaseMemberEntry>& members, const std::string& user) {
    return std::any_of(members.begin(), members.end(),
                       [&](const CaseMemberEntry& member) { return member.user == user; });
}

Result<v1::GetCaseResponse> fetch_page(const Session& session, crypto::ByteView case_id,
                                       std::uint64_t after_sequence) {
    v1::GetCaseRequest request;
    request.set_case_id(case_id.data(), case_id.size());
    request.set_after_sequence(after_sequence);
    v1::GetCaseResponse response;
    grpc::ClientContext context;
    session.prepare(context);
    const grpc::Status status = session.cases().GetCase(&context, request, &response);
    switch (status.error_code()) {
        case grpc::StatusCode::OK:
            return response;
        case grpc::StatusCode::NOT_FOUND:
            return Error(ErrorCode::not_found,
                         "no case " + format_case_id(case_id) + " (or it is not shared with you)");
        case grpc::StatusCode::PERMISSION_DENIED:
            return Error(ErrorCode::permission_denied,
                         "not allowed: case " + short_id(case_id) + " is not shared with you");
        default:
            return error_from_rpc(status, "fetch case " + short_id(case_id));
    }
}

// The server pages records to stay under the message limit; the pages are joined
// here and checked as one sequence afterwards.
Result<v1::GetCaseResponse> fetch_case(const Session& session, crypto::ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(v1::GetCaseResponse whole, fetch_page(session, case_id, 0));
    while (whole.more()) {
        const std::uint64_t last =
            whole.records().empty() ? 0 : whole.records().rbegin()->sequence();
        WEERBAAR_ASSIGN_OR_RETURN(v1::GetCaseResponse page, fetch_page(session, case_id, last));
        // Every page must move forward, or a server could keep the client looping.
        if (page.records().empty() || page.records().begin()->sequence() <= last) {
            return Error(ErrorCode::integrity_failure,
                         "the server sent an inconsistent page of case " + short_id(case_id));
        }
        for (v1::StoredRecord& record : *page.mutable_records()) {
            *whole.add_records() = std::move(record);
        }
        whole.set_more(page.more());
    }
    return whole;
}

// Opens one wrap addressed to the caller, after checking who granted it.
Result<crypto::CaseKey> open_wrap(const Session& session, MemberDirectory& directory,
                                  const OpenedCase& opened, const std::string& encoded) {
    auto decoded = crypto::KeyWrap::decode(crypto::as_bytes(encoded));
    if (!decoded.ok()) {
        return wrap_failure("?", "malformed");
    }
    const crypto::KeyWrap& wrap = decoded.value();
    const crypto::KeyWrapBody& body = wrap.body();
    const crypto::Identity& me = session.keys().identity;
    if (body.case_id != opened.case_id) {
        return wrap_failure(body.granter, "it is for another case");
    }
    if (body.recipient != session.user() || body.recipient_enc_pk != me.encryption.public_key()) {
        return wrap_failure(body.granter, "it is addressed to someone else");
    }
    if (!is_case_member(opened.members, body.granter)) {
        return wrap_failure(body.granter, "the granter is not a member of the case");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember granter, directory.member(body.granter));
    if (granter.role() != crypto::Role::confidant && granter.role() != crypto::Role::coordinator) {
        return wrap_failure(body.granter, "the granter's role may not share cases");
    }
    if (body.granter_sign_pk != granter.certificate.body().sign_pk) {
        return wrap_failure(body.granter,
                            "it is signed with a key the granter is not certified for");
    }
    auto key = wrap.open(me.encryption);
    if (!key.ok()) {
        return wrap_failure(body.granter, "signature or sealed key is invalid");
    }
    return std::move(key).value();
}

Status open_wraps(const Session& session, MemberDirectory& directory,
                  const v1::GetCaseResponse& response, OpenedCase& opened) {
    for (const std::string& encoded : response.my_wraps()) {
        WEERBAAR_ASSIGN_OR_RETURN(crypto::CaseKey key,
                                  open_wrap(session, directory, opened, encoded));
        auto epoch = crypto::KeyWrap::decode(crypto::as_bytes(encoded)).value().body().epoch;
        opened.keys.insert_or_assign(epoch, std::move(key));
    }
    if (!opened.keys.contains(opened.epoch)) {
        return Error(ErrorCode::permission_denied, "not allowed: you hold no key for case " +
                                                       short_id(opened.case_id) + " in epoch " +
                                                       std::to_string(opened.epoch));
    }
    return ok_status();
}

// Tracks what the records before the current one established.
struct ChainState {
    std::uint64_t next_sequence = 1;
    std::set<crypto::Bytes> hashes;
    std::set<crypto::Bytes> record_ids;
};

Result<CaseRecord> verify_record(MemberDirectory& directory, const OpenedCase& opened,
                                 const v1::StoredRecord& stored, ChainState& chain) {
    const std::uint64_t sequence = stored.sequence();
    if (sequence != chain.next_sequence) {
        return record_failure(sequence, "?",
                              "expected record " + std::to_string(chain.next_sequence) +
                                  ": records are missing or out of order");
    }
    auto decoded = crypto::SealedRecord::decode(crypto::as_bytes(stored.record()));
    if (!decoded.ok()) {
        return record_failure(sequence, "?", "malformed");
    }
    const crypto::SealedRecord& sealed = decoded.value();
    const crypto::RecordHeader& header = sealed.header();
    const std::string& author = header.author;
    if (header.case_id != opened.case_id) {
        return record_failure(sequence, author, "it belongs to another case");
    }
    const auto key = opened.keys.find(header.epoch);
    if (key == opened.keys.end() || header.epoch > opened.epoch) {
        return record_failure(sequence, author,
                              "no key for its epoch " + std::to_string(header.epoch));
    }
    if (!is_case_member(opened.members, author)) {
        return record_failure(sequence, author, "the author is not a member of the case");
    }
    if (!chain.record_ids.insert(header.record_id).second) {
        return record_failure(sequence, author, "its record id repeats an earlier record");
    }
    for (const crypto::Bytes& seen : header.seen_hashes) {
        if (!chain.hashes.contains(seen)) {
            return record_failure(sequence, author, "it names a record that does not precede it");
        }
    }
    if (sequence > 1 && header.seen_hashes.empty()) {
        return record_failure(sequence, author, "it does not name the records it follows");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember writer, directory.member(author));
    auto plaintext = sealed.open(key->second, writer.certificate.body().sign_pk);
    if (!plaintext.ok()) {
        return record_failure(sequence, author, "signature or MAC is invalid");
    }
    CaseRecord record{sequence, header.record_id, author, header.created, sealed.hash(), {}};
    const auto bytes = plaintext.value().expose_secret();
    if (!record.content.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
        record.content.body_case() == v1::RecordContent::BODY_NOT_SET) {
        return record_failure(sequence, author, "its content is not a record");
    }
    if ((sequence == 1) != record.content.has_intake()) {
        return record_failure(sequence, author, "a case starts with exactly one intake");
    }
    chain.hashes.insert(record.hash);
    ++chain.next_sequence;
    return record;
}

}  // namespace

Result<OpenedCase> open_case(const Session& session, MemberDirectory& directory,
                             crypto::ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(const v1::GetCaseResponse response, fetch_case(session, case_id));
    OpenedCase opened;
    opened.case_id.assign(case_id.begin(), case_id.end());
    opened.summary = response.summary();
    opened.epoch = response.summary().epoch();
    for (const v1::CaseMember& member : response.members()) {
        opened.members.push_back({member.user(), member.epoch()});
    }
    if (response.summary().case_id() != std::string(case_id.begin(), case_id.end())) {
        return Error(ErrorCode::integrity_failure,
                     "the server answered with another case than " + short_id(case_id));
    }
    WEERBAAR_TRY(open_wraps(session, directory, response, opened));
    ChainState chain;
    for (const v1::StoredRecord& stored : response.records()) {
        WEERBAAR_ASSIGN_OR_RETURN(CaseRecord record,
                                  verify_record(directory, opened, stored, chain));
        opened.records.push_back(std::move(record));
    }
    if (opened.records.empty()) {
        return Error(ErrorCode::integrity_failure,
                     "case " + short_id(case_id) + " has no intake record");
    }
    return opened;
}

Result<std::vector<CaseListEntry>> list_cases(const Session& session, MemberDirectory& directory) {
    v1::ListCasesResponse response;
    grpc::ClientContext context;
    session.prepare(context);
    WEERBAAR_TRY(check_rpc(session.cases().ListCases(&context, v1::ListCasesRequest{}, &response),
                           "list cases"));
    std::vector<CaseListEntry> entries;
    for (const v1::CaseSummary& summary : response.cases()) {
        CaseListEntry entry{summary, false, {}};
        auto opened = open_case(session, directory, crypto::as_bytes(summary.case_id()));
        if (opened.ok()) {
            entry.verified = true;
            entry.title = intake_title(opened.value().records.front().content.intake());
        } else if (opened.error().code() != ErrorCode::integrity_failure) {
            return opened.error();
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace weerbaar::client
