#include "weerbaar/client/session.h"

#include "weerbaar/client/rpc_error.h"
#include "weerbaar/crypto/proof_of_possession.h"
#include "weerbaar/v1/auth.grpc.pb.h"

namespace weerbaar::client {

Session::Session(Profile profile, ProfileSettings settings, crypto::KeystoreContents keys,
                 std::shared_ptr<grpc::Channel> channel)
    : profile_(std::move(profile)),
      settings_(std::move(settings)),
      keys_(std::move(keys)),
      channel_(std::move(channel)),
      directory_(v1::DirectoryService::NewStub(channel_)),
      cases_(v1::CaseService::NewStub(channel_)),
      audit_(v1::AuditService::NewStub(channel_)),
      attachments_(v1::AttachmentService::NewStub(channel_)),
      notifications_(v1::NotificationService::NewStub(channel_)) {}

Result<Session> Session::open(const Profile& profile, const crypto::SecretBuffer& passphrase) {
    // Checked before the slow Argon2id, in the order they always were.
    WEERBAAR_TRY(profile.read_settings());
    WEERBAAR_TRY(profile.read_server_certificate());
    WEERBAAR_ASSIGN_OR_RETURN(crypto::KeystoreContents keys,
                              open_profile_keystore(profile, passphrase));
    return open_with_keys(profile, std::move(keys));
}

Result<Session> Session::open_with_keys(const Profile& profile, crypto::KeystoreContents keys) {
    WEERBAAR_ASSIGN_OR_RETURN(ProfileSettings settings, profile.read_settings());
    WEERBAAR_ASSIGN_OR_RETURN(std::string certificate, profile.read_server_certificate());
    if (keys.user != settings.user) {
        return Error(ErrorCode::integrity_failure,
                     "keystore belongs to '" + keys.user + "', profile to '" + settings.user + "'");
    }
    auto channel = open_channel(ServerEndpoint{settings.server_address, std::move(certificate)});
    Session session(profile, std::move(settings), std::move(keys), std::move(channel));
    WEERBAAR_TRY(session.login());
    return session;
}

Status Session::login() {
    const auto auth = v1::AuthService::NewStub(channel_);
    const std::string action = "log in as '" + user() + "'";

    v1::GetChallengeRequest challenge_request;
    challenge_request.set_user(user());
    v1::GetChallengeResponse challenge;
    {
        grpc::ClientContext context;
        prepare_call(context, nullptr);
        WEERBAAR_TRY(
            check_rpc(auth->GetChallenge(&context, challenge_request, &challenge), action));
    }
    if (challenge.challenge().size() != crypto::kChallengeSize) {
        return Error(ErrorCode::integrity_failure,
                     action + ": the server sent a malformed challenge");
    }
    v1::LoginRequest login_request;
    login_request.set_user(user());
    login_request.set_challenge(challenge.challenge());
    const crypto::Bytes signature =
        crypto::sign_login(keys_.identity.signing, user(), crypto::as_bytes(challenge.challenge()));
    login_request.set_signature(signature.data(), signature.size());

    v1::LoginResponse response;
    grpc::ClientContext context;
    prepare_call(context, nullptr);
    const grpc::Status login_status = auth->Login(&context, login_request, &response);
    if (login_status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
        // The server does not say why, on purpose; these are the usual reasons.
        return Error(ErrorCode::unauthenticated,
                     action + ": refused by the server (not approved yet, or revoked)");
    }
    WEERBAAR_TRY(check_rpc(login_status, action));
    token_ = crypto::SecretBuffer::copy_of(crypto::as_bytes(response.token()));
    // The response's own copy of the token is wiped: it lives on in token_ only.
    std::fill(response.mutable_token()->begin(), response.mutable_token()->end(), '\0');
    return ok_status();
}

}  // namespace weerbaar::client
