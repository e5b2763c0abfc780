#include "weerbaar/client/member_directory.h"

#include "weerbaar/client/rpc_error.h"

namespace weerbaar::client {
namespace {

Error untrusted(const std::string& user, const std::string& why) {
    return Error(ErrorCode::integrity_failure,
                 "certificate of member '" + user + "' does not verify: " + why);
}

}  // namespace

Result<v1::Member> MemberDirectory::fetch(const std::string& user) {
    v1::GetMemberRequest request;
    request.set_user(user);
    v1::Member member;
    grpc::ClientContext context;
    session_.prepare(context);
    const grpc::Status status = session_.directory().GetMember(&context, request, &member);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
        return Error(ErrorCode::not_found, "no member named '" + user + "'");
    }
    WEERBAAR_TRY(check_rpc(status, "look up member '" + user + "'"));
    return member;
}

Result<VerifiedMember> MemberDirectory::verify(const v1::Member& member) {
    if (const auto known = verified_.find(member.user()); known != verified_.end()) {
        return known->second;
    }
    auto decoded = crypto::Certificate::decode(crypto::as_bytes(member.certificate()));
    if (!decoded.ok()) {
        return untrusted(member.user(), "malformed");
    }
    crypto::Certificate certificate = std::move(decoded).value();
    if (certificate.body().user != member.user()) {
        return untrusted(member.user(), "it is issued to '" + certificate.body().user + "'");
    }
    const crypto::Certificate* issuer = nullptr;
    std::optional<VerifiedMember> issuer_member;
    if (certificate.body().issuer != crypto::kRootIssuer) {
        // A chain is at most root -> coordinator -> member, so the issuer itself
        // must be root-issued; this also ends any loop a server could construct.
        WEERBAAR_ASSIGN_OR_RETURN(const v1::Member raw_issuer, fetch(certificate.body().issuer));
        auto issuer_certificate =
            crypto::Certificate::decode(crypto::as_bytes(raw_issuer.certificate()));
        if (!issuer_certificate.ok() ||
            issuer_certificate.value().body().issuer != crypto::kRootIssuer) {
            return untrusted(member.user(), "its issuer '" + certificate.body().issuer +
                                                "' is not a coordinator certified by the root");
        }
        WEERBAAR_ASSIGN_OR_RETURN(issuer_member, verify(raw_issuer));
        issuer = &issuer_member->certificate;
    }
    const Status chain =
        crypto::verify_chain(certificate, issuer, session_.settings().root_sign_pk);
    if (!chain.ok()) {
        return Error(ErrorCode::integrity_failure, chain.error().message());
    }
    VerifiedMember verified{std::move(certificate), member.active()};
    verified_.insert_or_assign(member.user(), verified);
    return verified;
}

Result<VerifiedMember> MemberDirectory::member(const std::string& user) {
    if (const auto known = verified_.find(user); known != verified_.end()) {
        return known->second;
    }
    WEERBAAR_ASSIGN_OR_RETURN(const v1::Member raw, fetch(user));
    return verify(raw);
}

Result<VerifiedMember> MemberDirectory::self() {
    WEERBAAR_ASSIGN_OR_RETURN(VerifiedMember me, member(session_.user()));
    const crypto::Identity& keys = session_.keys().identity;
    if (me.certificate.body().sign_pk != keys.signing.public_key() ||
        me.certificate.body().enc_pk != keys.encryption.public_key()) {
        return untrusted(session_.user(), "it certifies other keys than the ones in your keystore");
    }
    if (!me.active) {
        return Error(ErrorCode::permission_denied, "your membership is revoked");
    }
    return me;
}

Result<std::vector<VerifiedMember>> MemberDirectory::all() {
    v1::ListMembersResponse response;
    grpc::ClientContext context;
    session_.prepare(context);
    WEERBAAR_TRY(
        check_rpc(session_.directory().ListMembers(&context, v1::ListMembersRequest{}, &response),
                  "list members"));
    std::vector<VerifiedMember> members;
    members.reserve(static_cast<std::size_t>(response.members_size()));
    for (const v1::Member& member : response.members()) {
        WEERBAAR_ASSIGN_OR_RETURN(VerifiedMember verified, verify(member));
        members.push_back(std::move(verified));
    }
    return members;
}

}  // namespace weerbaar::client
