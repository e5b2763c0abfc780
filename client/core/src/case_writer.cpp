#include "weerbaar/client/case_writer.h"

#include <ctime>

#include "weerbaar/client/case_id.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/rpc_error.h"

namespace weerbaar::client {
namespace {

constexpr std::uint32_t kFirstEpoch = 1;

void set_bytes(std::string* field, crypto::ByteView bytes) {
    field->assign(bytes.begin(), bytes.end());
}

// Serialises content into secure memory: it is the plaintext of a case.
crypto::SecretBuffer serialise(const v1::RecordContent& content) {
    crypto::SecretBuffer plaintext(content.ByteSizeLong());
    const auto bytes = plaintext.expose_secret();
    // Cannot fail: the buffer has exactly ByteSizeLong() bytes.
    (void)content.SerializeToArray(bytes.data(), static_cast<int>(bytes.size()));
    return plaintext;
}

Result<crypto::SealedRecord> seal(const Session& session, crypto::ByteView case_id,
                                  std::uint32_t epoch, std::vector<crypto::Bytes> seen_hashes,
                                  const v1::RecordContent& content, const crypto::CaseKey& key) {
    crypto::RecordHeader header{crypto::Bytes(case_id.begin(), case_id.end()),
                                crypto::random_bytes(crypto::kRecordIdSize),
                                epoch,
                                session.user(),
                                static_cast<std::uint64_t>(std::time(nullptr)),
                                std::move(seen_hashes)};
    const crypto::SecretBuffer plaintext = serialise(content);
    return crypto::SealedRecord::seal(std::move(header), plaintext.expose_secret(), key,
                                      session.keys().identity.signing);
}

}  // namespace

Result<crypto::Bytes> create_case(const Session& session, MemberDirectory& directory,
                                  const v1::Intake& intake) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    if (me.role() != crypto::Role::confidant) {
        return Error(ErrorCode::permission_denied,
                     "not allowed: only a confidant (vertrouwenspersoon) opens cases");
    }
    const crypto::Bytes case_id = new_case_id();
    const crypto::CaseKey key = crypto::CaseKey::generate();
    const crypto::Identity& identity = session.keys().identity;
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::KeyWrap wrap,
                              crypto::KeyWrap::create(case_id, kFirstEpoch, session.user(),
                                                      identity.encryption.public_key(), key,
                                                      session.user(), identity.signing));
    v1::RecordContent content;
    *content.mutable_intake() = intake;
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SealedRecord record,
                              seal(session, case_id, kFirstEpoch, {}, content, key));

    v1::CreateCaseRequest request;
    set_bytes(request.mutable_case_id(), case_id);
    set_bytes(request.mutable_creator_wrap(), wrap.encode());
    set_bytes(request.mutable_first_record(), record.encode());
    v1::CreateCaseResponse response;
    grpc::ClientContext context;
    session.prepare(context);
    WEERBAAR_TRY(
        check_rpc(session.cases().CreateCase(&context, request, &response), "create the case"));
    return case_id;
}

Result<std::uint64_t> append_note(const Session& session, MemberDirectory& directory,
                                  crypto::ByteView case_id, const std::string& text) {
    if (text.empty()) {
        return Error(ErrorCode::invalid_argument, "the note is empty");
    }
    if (character_count(text) > kMaxFreeTextCharacters) {
        return Error(
            ErrorCode::invalid_argument,
            "the note is longer than " + std::to_string(kMaxFreeTextCharacters) + " characters");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const OpenedCase opened, open_case(session, directory, case_id));
    v1::RecordContent content;
    content.mutable_note()->set_text(text);
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SealedRecord record,
                              seal(session, case_id, opened.epoch, {opened.records.back().hash},
                                   content, opened.current_key()));
    v1::AppendRecordRequest request;
    set_bytes(request.mutable_case_id(), case_id);
    set_bytes(request.mutable_record(), record.encode());
    v1::AppendRecordResponse response;
    grpc::ClientContext context;
    session.prepare(context);
    WEERBAAR_TRY(
        check_rpc(session.cases().AppendRecord(&context, request, &response), "add the note"));
    return response.sequence();
}

Status share_case(const Session& session, MemberDirectory& directory, crypto::ByteView case_id,
                  const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember recipient, directory.member(user));
    if (recipient.role() == crypto::Role::researcher) {
        return Error(
            ErrorCode::permission_denied,
            "not allowed: '" + user + "' is a researcher; researchers never receive cases");
    }
    if (!recipient.active) {
        return Error(ErrorCode::permission_denied,
                     "not allowed: the membership of '" + user + "' is revoked");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const OpenedCase opened, open_case(session, directory, case_id));
    const crypto::Identity& identity = session.keys().identity;
    WEERBAAR_ASSIGN_OR_RETURN(
        const crypto::KeyWrap wrap,
        crypto::KeyWrap::create(case_id, opened.epoch, user, recipient.certificate.body().enc_pk,
                                opened.current_key(), session.user(), identity.signing));
    v1::ShareCaseRequest request;
    set_bytes(request.mutable_case_id(), case_id);
    set_bytes(request.mutable_wrap(), wrap.encode());
    v1::ShareCaseResponse response;
    grpc::ClientContext context;
    session.prepare(context);
    return check_rpc(session.cases().ShareCase(&context, request, &response),
                     "share the case with '" + user + "'");
}

}  // namespace weerbaar::client
