#include "weerbaar/client/session.h"

#include <atomic>
#include <mutex>

#include "session_rpc.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/crypto/proof_of_possession.h"
#include "weerbaar/v1/auth.grpc.pb.h"

namespace weerbaar::client {

namespace {

SessionStubs make_stubs(const std::shared_ptr<grpc::Channel>& channel) {
    return SessionStubs{v1::DirectoryService::NewStub(channel), v1::CaseService::NewStub(channel),
                        v1::AuditService::NewStub(channel), v1::AttachmentService::NewStub(channel),
                        v1::NotificationService::NewStub(channel)};
}

}  // namespace

struct Session::State {
    State(Profile profile_in, ProfileSettings settings_in, crypto::KeystoreContents keys_in,
          std::shared_ptr<grpc::Channel> channel_in)
        : profile(std::move(profile_in)),
          settings(std::move(settings_in)),
          keys(std::move(keys_in)),
          channel(std::move(channel_in)),
          stubs(make_stubs(channel)) {}

    Profile profile;
    ProfileSettings settings;
    crypto::KeystoreContents keys;
    std::shared_ptr<grpc::Channel> channel;
    SessionStubs stubs;

    mutable std::mutex token_mutex;
    SessionToken token;  // guarded by token_mutex; replaced whole, never changed in place
    mutable std::mutex login_mutex;  // one login at a time
    std::atomic<std::uint64_t> renewals{0};

    [[nodiscard]] SessionToken current() const {
        std::lock_guard lock(token_mutex);
        return token;
    }
    // Challenge-response login with the identity key; stores the new token.
    [[nodiscard]] Status login();
};

Session::Session(std::unique_ptr<State> state) : state_(std::move(state)) {}
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

const ProfileSettings& Session::settings() const { return state_->settings; }
const crypto::KeystoreContents& Session::keys() const { return state_->keys; }
const std::string& Session::user() const { return state_->settings.user; }
const Profile& Session::profile() const { return state_->profile; }
std::uint64_t Session::renewals() const { return state_->renewals.load(); }

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
    auto state =
        std::make_unique<State>(profile, std::move(settings), std::move(keys), std::move(channel));
    WEERBAAR_TRY(state->login());
    return Session(std::move(state));
}

Status Session::State::login() {
    const auto auth = v1::AuthService::NewStub(channel);
    const std::string& user = settings.user;
    const std::string action = "log in as '" + user + "'";

    v1::GetChallengeRequest challenge_request;
    challenge_request.set_user(user);
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
    login_request.set_user(user);
    login_request.set_challenge(challenge.challenge());
    const crypto::Bytes signature =
        crypto::sign_login(keys.identity.signing, user, crypto::as_bytes(challenge.challenge()));
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
    auto fresh = std::make_shared<const crypto::SecretBuffer>(
        crypto::SecretBuffer::copy_of(crypto::as_bytes(response.token())));
    // The response's own copy of the token is wiped: it lives on in the buffer only.
    std::fill(response.mutable_token()->begin(), response.mutable_token()->end(), '\0');
    std::lock_guard lock(token_mutex);
    token = std::move(fresh);
    return ok_status();
}

grpc::Status SessionRpc::unary(const Session& session, const UnaryCall& call) {
    const Session::State& state = *session.state_;
    const auto attempt = [&](const SessionToken& token) {
        grpc::ClientContext context;
        prepare_call(context, token.get());
        return call(state.stubs, context);
    };
    const SessionToken used = state.current();
    grpc::Status status = attempt(used);
    if (status.error_code() != grpc::StatusCode::UNAUTHENTICATED) {
        return status;
    }
    if (!renew(session, used).ok()) {
        return status;
    }
    return attempt(state.current());
}

SessionToken SessionRpc::prepare_stream(const Session& session, grpc::ClientContext& context) {
    SessionToken token = session.state_->current();
    prepare_stream_call(context, *token);
    return token;
}

Status SessionRpc::renew(const Session& session, const SessionToken& refused) {
    Session::State& state = *session.state_;
    std::lock_guard login_lock(state.login_mutex);
    if (state.current() != refused) {
        return ok_status();  // another thread logged in meanwhile
    }
    WEERBAAR_TRY(state.login());
    state.renewals.fetch_add(1);
    return ok_status();
}

const SessionStubs& SessionRpc::stubs(const Session& session) { return session.state_->stubs; }

SessionToken SessionRpc::current_token(const Session& session) { return session.state_->current(); }

void SessionRpc::replace_token(const Session& session, crypto::SecretBuffer token) {
    auto fresh = std::make_shared<const crypto::SecretBuffer>(std::move(token));
    std::lock_guard lock(session.state_->token_mutex);
    session.state_->token = std::move(fresh);
}

}  // namespace weerbaar::client
