#include "weerbaar/client/case_writer.h"

#include <algorithm>
#include <ctime>

#include "proto_bytes.h"
#include "session_rpc.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/created_cases.h"
#include "weerbaar/client/held_records.h"
#include "weerbaar/client/record_content_check.h"
#include "weerbaar/client/research_compartment.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/client/text_rule.h"

namespace weerbaar::client {
namespace {

constexpr std::uint32_t kFirstEpoch = 1;

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

bool may_share(crypto::Role role) {
    return role == crypto::Role::confidant || role == crypto::Role::coordinator;
}

// The wraps of a fresh key for every member of the current epoch except `removed`:
// members that are inactive or revoked are left out (the server expects exactly the
// active ones), but a revocation the server seems to have forgotten, or a key that
// changed, stops the rotation.
Result<std::vector<crypto::Bytes>> wraps_for_next_epoch(const Session& session,
                                                        MemberDirectory& directory,
                                                        const OpenedCase& opened,
                                                        const crypto::CaseKey& key,
                                                        const std::string* removed) {
    WEERBAAR_TRY(directory.refresh_revocations());
    const std::uint32_t next = opened.epoch + 1;
    const crypto::Identity& identity = session.keys().identity;
    std::vector<crypto::Bytes> wraps;
    for (const std::string& user : opened.current_members()) {
        if (removed != nullptr && user == *removed) {
            continue;
        }
        WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember member, user == session.user()
                                                                   ? directory.self()
                                                                   : directory.member(user));
        if (member.role() == crypto::Role::researcher) {
            // Researchers never hold a case key; a server listing one as a member lies.
            return Error(ErrorCode::integrity_failure, "case " + format_case_id(opened.case_id) +
                                                           " lists researcher '" + user +
                                                           "' as a member; no key is sent");
        }
        const Status may_receive = check_may_receive_key(member);
        if (!may_receive.ok()) {
            if (may_receive.error().code() == ErrorCode::permission_denied) {
                continue;  // revoked or inactive: exactly who the new epoch shuts out
            }
            return may_receive.error();
        }
        WEERBAAR_ASSIGN_OR_RETURN(
            const crypto::KeyWrap wrap,
            crypto::KeyWrap::create(opened.case_id, next, user, member.certificate.body().enc_pk,
                                    key, session.user(), identity.signing));
        wraps.push_back(wrap.encode());
    }
    return wraps;
}

// Starts the next epoch and returns its key, so the caller can check that the
// server really moved to it; remembers the epoch so it is never accepted back.
Result<crypto::CaseKey> start_next_epoch(const Session& session, MemberDirectory& directory,
                                         const OpenedCase& opened) {
    crypto::CaseKey key = crypto::CaseKey::generate();
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<crypto::Bytes> wraps,
                              wraps_for_next_epoch(session, directory, opened, key, nullptr));
    v1::RotateCaseKeyRequest request;
    set_bytes(request.mutable_case_id(), opened.case_id);
    request.set_new_epoch(opened.epoch + 1);
    for (const crypto::Bytes& wrap : wraps) {
        set_bytes(request.add_wraps(), wrap);
    }
    v1::RotateCaseKeyResponse response;
    WEERBAAR_TRY(check_rpc(call_server(session, &SessionStubs::cases,
                                       &v1::CaseService::Stub::RotateCaseKey, request, &response),
                           "rotate the key of case " + format_case_id(opened.case_id)));
    WEERBAAR_TRY(
        directory.trust().raise_case_epoch(format_case_id(opened.case_id), opened.epoch + 1));
    return key;
}

// Opens the case for a write, rotating its key first when a revocation left it
// waiting for a new epoch (the server refuses appends until then). The server's
// OK is not taken on trust: the case must now be at the next epoch, under the
// very key this client made, or the write would go out under a key that a
// revoked member may hold.
Result<OpenedCase> open_for_write(const Session& session, MemberDirectory& directory,
                                  crypto::ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(OpenedCase opened, open_case(session, directory, case_id));
    if (!opened.must_rotate_before_writing()) {
        return opened;
    }
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::CaseKey fresh,
                              start_next_epoch(session, directory, opened));
    WEERBAAR_ASSIGN_OR_RETURN(OpenedCase rotated, open_case(session, directory, case_id));
    if (rotated.epoch != opened.epoch + 1 || rotated.must_rotate_before_writing() ||
        !rotated.keys.contains(rotated.epoch) ||
        !rotated.current_key().secret().equals(fresh.secret())) {
        return Error(ErrorCode::integrity_failure, "the server did not apply the new key of case " +
                                                       format_case_id(case_id) +
                                                       "; nothing was written");
    }
    return rotated;
}

}  // namespace

Status rotate_case_key(const Session& session, MemberDirectory& directory,
                       const OpenedCase& opened) {
    WEERBAAR_TRY(start_next_epoch(session, directory, opened));
    return ok_status();
}

Status unshare_case(const Session& session, MemberDirectory& directory, crypto::ByteView case_id,
                    const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    if (!may_share(me.role())) {
        return Error(ErrorCode::permission_denied,
                     "not allowed: only a confidant or coordinator removes members from a case");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const OpenedCase opened, open_case(session, directory, case_id));
    const std::vector<std::string> current = opened.current_members();
    if (std::find(current.begin(), current.end(), user) == current.end()) {
        return Error(ErrorCode::invalid_argument,
                     "'" + user + "' is not a member of case " + format_case_id(case_id));
    }
    const crypto::CaseKey key = crypto::CaseKey::generate();
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<crypto::Bytes> wraps,
                              wraps_for_next_epoch(session, directory, opened, key, &user));
    v1::UnshareCaseRequest request;
    set_bytes(request.mutable_case_id(), case_id);
    request.set_user(user);
    request.set_new_epoch(opened.epoch + 1);
    for (const crypto::Bytes& wrap : wraps) {
        set_bytes(request.add_wraps(), wrap);
    }
    v1::UnshareCaseResponse response;
    WEERBAAR_TRY(check_rpc(call_server(session, &SessionStubs::cases,
                                       &v1::CaseService::Stub::UnshareCase, request, &response),
                           "remove '" + user + "' from the case"));
    // From now on an answer at the old epoch (which the removed member can read) is a
    // rollback by the server.
    return directory.trust().raise_case_epoch(format_case_id(case_id), opened.epoch + 1);
}

Result<crypto::Bytes> create_case(const Session& session, MemberDirectory& directory,
                                  const v1::Intake& intake) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    if (me.role() != crypto::Role::confidant) {
        return Error(ErrorCode::permission_denied,
                     "not allowed: only a confidant (vertrouwenspersoon) opens cases");
    }
    const crypto::Identity& identity = session.keys().identity;
    const NewCaseId fresh = new_case_id(identity.signing.public_key());
    const crypto::Bytes& case_id = fresh.id;
    const crypto::CaseKey key = crypto::CaseKey::generate();
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::KeyWrap wrap,
                              crypto::KeyWrap::create(case_id, kFirstEpoch, session.user(),
                                                      identity.encryption.public_key(), key,
                                                      session.user(), identity.signing));
    v1::RecordContent content;
    *content.mutable_intake() = intake;
    // Before anything is made or sent: a record that breaks the content rules would
    // be sealed for good (docs/crypto.md, "Record plaintext").
    WEERBAAR_TRY(check_record_content(content));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SealedRecord record,
                              seal(session, case_id, kFirstEpoch, {}, content, key));

    v1::CreateCaseRequest request;
    set_bytes(request.mutable_case_id(), case_id);
    set_bytes(request.mutable_case_id_nonce(), fresh.nonce);
    set_bytes(request.mutable_creator_wrap(), wrap.encode());
    set_bytes(request.mutable_first_record(), record.encode());
    v1::CreateCaseResponse response;
    WEERBAAR_TRY(check_rpc(call_server(session, &SessionStubs::cases,
                                       &v1::CaseService::Stub::CreateCase, request, &response),
                           "create the case"));
    // Kept as sent, to open the case again should the server be restored from a
    // backup older than it (created_cases.h), and the first record held as any
    // record we wrote (held_records.h). The case stands whatever happens here: a
    // failure must not tell the member it was not opened (they would open it twice);
    // it only leaves a restore less to give back.
    (void)CreatedCases(directory.trust().store())
        .remember(CreatedCase{case_id, fresh.nonce, wrap.encode(), record.encode()});
    (void)HeldRecords(directory.trust().store())
        .keep(format_case_id(case_id),
              {HeldRecord{response.sequence(), record.hash(), record.encode()}});
    // The research compartment learns of the case with its intake (ADR 0007). The
    // case stands whatever happens here: a record not stored now is written by the
    // next write to the case or by `research backfill`.
    OpenedCase created;
    created.case_id = case_id;
    created.epoch = kFirstEpoch;
    created.creator = session.user();
    CaseRecord first;
    first.sequence = 1;
    first.record_id = record.header().record_id;
    first.author = session.user();
    first.created = record.header().created;
    first.content = content;
    first.author_role = me.role();
    created.records.push_back(std::move(first));
    (void)store_research_record(session, directory, created);
    return case_id;
}

Result<AppendedRecord> append_record(const Session& session, MemberDirectory& directory,
                                     crypto::ByteView case_id, const ContentBuilder& build,
                                     const AppendOptions& options) {
    WEERBAAR_ASSIGN_OR_RETURN(const OpenedCase opened, open_for_write(session, directory, case_id));
    WEERBAAR_ASSIGN_OR_RETURN(const v1::RecordContent content, build(opened));
    // The one path every record kind takes, whatever front end built it: nothing that
    // breaks the content rules is ever sealed (a string that is not UTF-8 would make
    // every later parse of the record fail).
    WEERBAAR_TRY(check_record_content(content));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SealedRecord record,
                              seal(session, case_id, opened.epoch, {opened.records.back().hash},
                                   content, opened.current_key()));
    v1::AppendRecordRequest request;
    set_bytes(request.mutable_case_id(), case_id);
    set_bytes(request.mutable_record(), record.encode());
    set_bytes(request.mutable_attachment_id(), options.attachment_id);
    if (options.retention) {
        request.set_retention(options.retention(opened));
    }
    v1::AppendRecordResponse response;
    WEERBAAR_TRY(check_rpc(call_server(session, &SessionStubs::cases,
                                       &v1::CaseService::Stub::AppendRecord, request, &response),
                           options.action));
    // Our own record is the newest we know of: the next read must still find it at
    // that sequence, so a server that drops what we wrote is caught. (Another
    // member's record may have come in between: the sequence is the server's.)
    const std::string case_hex = format_case_id(case_id);
    WEERBAAR_TRY(directory.trust().set_case_head(
        case_hex, CaseHead{response.sequence(), crypto::to_hex(record.hash()), opened.epoch,
                           opened.creator}));
    // Held verbatim, to hand back should the server be restored from a backup older
    // than this append (held_records.h).
    WEERBAAR_TRY(HeldRecords(directory.trust().store())
                     .keep(case_hex, {HeldRecord{response.sequence(), record.hash(),
                                                 crypto::Bytes(request.record().begin(),
                                                               request.record().end())}}));
    AppendedRecord appended;
    appended.sequence = response.sequence();
    appended.record_id = record.header().record_id;
    appended.retention_until_unix = response.retention_until_unix();
    // The case as it is now, with our record, for the research compartment (ADR 0007):
    // intake, status and referrals decide its codes. The record stands whatever
    // happens here; a failure is reported for the front end to mention.
    OpenedCase after = without_keys(opened);  // the research codes never need keys
    CaseRecord added;
    added.sequence = response.sequence();
    added.record_id = record.header().record_id;
    added.author = session.user();
    added.created = record.header().created;
    added.content = content;
    // The record is stored: nothing from here on may turn the write into an error.
    // (self() answers from the directory's cache once it was fetched.)
    Result<VerifiedMember> me = directory.self();
    if (!me.ok()) {
        appended.research_problem = me.error();
        return appended;
    }
    added.author_role = me.value().role();
    after.records.push_back(std::move(added));
    if (Status stored = store_research_record(session, directory, after); !stored.ok()) {
        appended.research_problem = stored.error();
    }
    return appended;
}

Result<AppendedRecord> append_note(const Session& session, MemberDirectory& directory,
                                   crypto::ByteView case_id, const std::string& text) {
    WEERBAAR_TRY(check_text(text, "text", TextRule{true, kMaxFreeTextCharacters}));
    v1::RecordContent content;
    content.mutable_note()->set_text(text);
    WEERBAAR_ASSIGN_OR_RETURN(
        const AppendedRecord appended,
        append_record(
            session, directory, case_id,
            [&](const OpenedCase&) -> Result<v1::RecordContent> { return content; },
            AppendOptions("add the note")));
    return appended;
}

Status share_case(const Session& session, MemberDirectory& directory, crypto::ByteView case_id,
                  const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember recipient, directory.member(user));
    if (recipient.role() == crypto::Role::researcher) {
        return Error(
            ErrorCode::permission_denied,
            "not allowed: '" + user + "' is a researcher; researchers never receive cases");
    }
    WEERBAAR_TRY(directory.refresh_revocations());
    // refresh_revocations() may have learnt a revocation of this very certificate.
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember checked, directory.member(user));
    WEERBAAR_TRY(check_may_receive_key(checked));
    WEERBAAR_ASSIGN_OR_RETURN(const OpenedCase opened, open_for_write(session, directory, case_id));
    const crypto::Identity& identity = session.keys().identity;
    const crypto::Bytes& enc_pk = checked.certificate.body().enc_pk;
    v1::ShareCaseRequest request;
    set_bytes(request.mutable_case_id(), case_id);
    for (const auto& [epoch, key] : opened.keys) {
        WEERBAAR_ASSIGN_OR_RETURN(const crypto::KeyWrap wrap,
                                  crypto::KeyWrap::create(case_id, epoch, user, enc_pk, key,
                                                          session.user(), identity.signing));
        if (epoch == opened.epoch) {
            set_bytes(request.mutable_wrap(), wrap.encode());
        } else if (epoch < opened.epoch) {
            set_bytes(request.add_history_wraps(), wrap.encode());
        }
    }
    v1::ShareCaseResponse response;
    WEERBAAR_TRY(check_rpc(call_server(session, &SessionStubs::cases,
                                       &v1::CaseService::Stub::ShareCase, request, &response),
                           "share the case with '" + user + "'"));
    if (opened.creator != session.user()) {
        return ok_status();
    }
    // A case we opened: kept to share again should a restore lose the case
    // (created_cases.h). The share stands whatever happens here.
    const std::string sent = request.SerializeAsString();
    (void)CreatedCases(directory.trust().store())
        .remember_share(
            format_case_id(case_id),
            CreatedCaseShare{user, opened.epoch, crypto::Bytes(sent.begin(), sent.end())});
    return ok_status();
}

}  // namespace weerbaar::client
