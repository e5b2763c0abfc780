#include "weerbaar/client/session.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "session_rpc.h"
#include "weerbaar/client/local_store.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/client/server_certificate.h"
#include "weerbaar/crypto/proof_of_possession.h"
#include "weerbaar/sqlite/sqlite_statement.h"
#include "weerbaar/v1/auth.grpc.pb.h"

namespace weerbaar::client {

namespace {

// A cached token is used only while it has this much life left, so that a command
// started just before the server ends the session does not begin with a refusal.
constexpr std::int64_t kTokenMarginSeconds = 60;

// How long one probe for a new server certificate answers for every call that
// finds the server unavailable (follow_certificate).
constexpr std::chrono::seconds kProbeVerdictLifetime{30};

// How long a call that found the server unavailable waits for its channel to
// connect again before it reports the failure (on_current_connection).
constexpr std::chrono::seconds kReconnectWait{1};

std::int64_t now_unix() { return static_cast<std::int64_t>(std::time(nullptr)); }

// The token of the last login of this profile at this server, while it has more
// than `margin` seconds to run (local store, table session_tokens); nullptr when
// there is none.
Result<SessionToken> cached_token(LocalStore& store, const ProfileSettings& settings,
                                  std::int64_t margin = kTokenMarginSeconds) {
    SessionToken token;
    WEERBAAR_TRY(store.read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query,
            SqliteStatement::prepare(db,
                                     "SELECT token FROM session_tokens WHERE server = ? "
                                     "AND user = ? AND expires_unix > ?;"));
        query.bind(1, settings.server_address).bind(2, settings.user).bind(3, now_unix() + margin);
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
        if (row) {
            crypto::Bytes bytes = query.column_blob(0);
            token =
                std::make_shared<const crypto::SecretBuffer>(crypto::SecretBuffer::copy_of(bytes));
            std::fill(bytes.begin(), bytes.end(), std::uint8_t{0});
        }
        return ok_status();
    }));
    return token;
}

Status cache_token(LocalStore& store, const ProfileSettings& settings,
                   const crypto::SecretBuffer& token, std::int64_t expires_unix) {
    return store.transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto insert,
            SqliteStatement::prepare(db,
                                     "INSERT OR REPLACE INTO session_tokens (server, user, token, "
                                     "expires_unix) VALUES (?, ?, ?, ?);"));
        return insert.bind(1, settings.server_address)
            .bind(2, settings.user)
            .bind(3, token.expose_secret())
            .bind(4, expires_unix)
            .run();
    });
}

// Forgets the cached token if it is still `token` (another command may have cached
// a newer one of its own since, which stays).
Status forget_token(LocalStore& store, const ProfileSettings& settings,
                    const crypto::SecretBuffer& token) {
    return store.transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto forget, SqliteStatement::prepare(db,
                                                  "DELETE FROM session_tokens WHERE server = ? "
                                                  "AND user = ? AND token = ?;"));
        return forget.bind(1, settings.server_address)
            .bind(2, settings.user)
            .bind(3, token.expose_secret())
            .run();
    });
}

SessionStubs make_stubs(const std::shared_ptr<grpc::Channel>& channel) {
    return SessionStubs{
        v1::DirectoryService::NewStub(channel),    v1::CaseService::NewStub(channel),
        v1::AuditService::NewStub(channel),        v1::AttachmentService::NewStub(channel),
        v1::NotificationService::NewStub(channel), v1::ResearchService::NewStub(channel),
        v1::RootKeyService::NewStub(channel)};
}

}  // namespace

// One channel to the server, pinned to one certificate.
struct SessionConnection {
    explicit SessionConnection(ServerEndpoint endpoint_in)
        : endpoint(std::move(endpoint_in)),
          channel(open_channel(endpoint)),
          stubs(make_stubs(channel)) {}

    ServerEndpoint endpoint;
    std::shared_ptr<grpc::Channel> channel;
    SessionStubs stubs;
};

struct Session::State {
    State(Profile profile_in, ProfileSettings settings_in, crypto::KeystoreContents keys_in,
          std::string certificate_pem, CertificateObserver observer_in)
        : profile(std::move(profile_in)),
          settings(std::move(settings_in)),
          keys(std::move(keys_in)),
          observer(std::move(observer_in)) {
        connections.push_back(std::make_unique<const SessionConnection>(
            ServerEndpoint{settings.server_address, std::move(certificate_pem)}));
        connection = connections.back().get();
    }

    Profile profile;
    ProfileSettings settings;
    crypto::KeystoreContents keys;
    CertificateObserver observer;

    // The connection calls use now. A connection is replaced only when the server's
    // certificate changed (follow_certificate) and is never freed before the
    // session: a call or stream that still runs on it keeps its stubs.
    std::atomic<const SessionConnection*> connection{nullptr};
    mutable std::mutex follow_mutex;  // one follow at a time; guards the three below
    std::vector<std::unique_ptr<const SessionConnection>> connections;
    // The last probe's verdict holds until then: nothing to follow, or a refusal.
    std::chrono::steady_clock::time_point last_probe_until{};
    std::optional<Error> last_refusal;

    // The profile's local store, for the cached token (null in a session opened
    // without one, which then logs in every time).
    std::shared_ptr<LocalStore> store;

    mutable std::mutex token_mutex;
    SessionToken token;  // guarded by token_mutex; replaced whole, never changed in place
    mutable std::mutex login_mutex;  // one login at a time
    std::atomic<std::uint64_t> renewals{0};
    std::atomic<bool> logged_out{false};  // set once by logout(); no renewal after it

    [[nodiscard]] SessionToken current() const {
        std::lock_guard lock(token_mutex);
        return token;
    }
    // Challenge-response login with the identity key; stores the new token.
    [[nodiscard]] Status login();

    // After a call over `used` failed with UNAVAILABLE: follows the server to an
    // endorsed new certificate (server_certificate.h). Returns whether the call is
    // worth repeating on the connection now current (it changed, here or in another
    // thread), or why the server is refused.
    [[nodiscard]] Result<bool> follow_certificate(const SessionConnection* used);

    // Runs `call` once over the current connection and, when it finds the server
    // unavailable and the server turns out to have a new endorsed certificate, once
    // more over the new one. A server refused by follow_certificate gives
    // UNAVAILABLE with the reason.
    template <typename Call>
    grpc::Status on_current_connection(const Call& call) {
        const SessionConnection* used = connection.load();
        grpc::Status status = call(*used);
        if (status.error_code() != grpc::StatusCode::UNAVAILABLE) {
            return status;
        }
        // gRPC's synchronous API moves a connecting channel's TLS handshake on only
        // while some thread waits on that channel, and a call made while the channel
        // is in TRANSIENT_FAILURE fails at once without waiting. So after a server
        // restart a busy client's handshakes crawled on gRPC's 5 s backup poller, were
        // cut off by the server's 10 s handshake timeout, and every call failed for
        // about 30 s, until the certificate probe below happened to wait (the crash
        // soak, docs/testing.md, "Crash-kill soak"). Waiting here drives the connection, so the
        // next call finds it ready. The call itself is not repeated: it may have
        // reached the server before the connection broke.
        (void)used->channel->WaitForConnected(std::chrono::system_clock::now() + kReconnectWait);
        const Result<bool> followed = follow_certificate(used);
        if (!followed.ok()) {
            return grpc::Status(grpc::StatusCode::UNAVAILABLE, followed.error().message());
        }
        return followed.value() ? call(*connection.load()) : status;
    }
};

Result<bool> Session::State::follow_certificate(const SessionConnection* used) {
    std::lock_guard lock(follow_mutex);
    if (connection.load() != used) {
        return true;  // another thread followed meanwhile
    }
    // A server that is down fails every call; one probe answers for all of them a
    // while, so that threads do not queue here behind a probe each.
    const auto now = std::chrono::steady_clock::now();
    if (now < last_probe_until) {
        if (last_refusal) {
            return *last_refusal;
        }
        return false;
    }
    last_probe_until = now + kProbeVerdictLifetime;
    auto result = follow_server_certificate(profile, settings, used->endpoint.certificate_pem);
    last_refusal = result.ok() ? std::nullopt : std::optional<Error>(result.error());
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<FollowedCertificate> followed, std::move(result));
    if (!followed) {
        return false;
    }
    last_probe_until = {};
    connections.push_back(std::make_unique<const SessionConnection>(
        ServerEndpoint{settings.server_address, followed->certificate_pem}));
    connection = connections.back().get();
    if (observer) {
        observer(*followed);
    }
    return true;
}

Session::Session(std::unique_ptr<State> state) : state_(std::move(state)) {}
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

const ProfileSettings& Session::settings() const { return state_->settings; }
const crypto::KeystoreContents& Session::keys() const { return state_->keys; }
const std::string& Session::user() const { return state_->settings.user; }
const Profile& Session::profile() const { return state_->profile; }
std::uint64_t Session::renewals() const { return state_->renewals.load(); }

Result<Session> Session::open(const Profile& profile, const crypto::SecretBuffer& passphrase,
                              CertificateObserver observer) {
    // Checked before the slow Argon2id, in the order they always were.
    WEERBAAR_TRY(profile.read_settings());
    WEERBAAR_TRY(profile.read_server_certificate());
    WEERBAAR_ASSIGN_OR_RETURN(crypto::KeystoreContents keys,
                              open_profile_keystore(profile, passphrase));
    return open_with_keys(profile, std::move(keys), std::move(observer));
}

Result<Session> Session::open_with_keys(const Profile& profile, crypto::KeystoreContents keys,
                                        CertificateObserver observer) {
    WEERBAAR_ASSIGN_OR_RETURN(ProfileSettings settings, profile.read_settings());
    WEERBAAR_ASSIGN_OR_RETURN(std::string certificate, profile.read_server_certificate());
    if (keys.user != settings.user) {
        return Error(ErrorCode::integrity_failure,
                     "keystore belongs to '" + keys.user + "', profile to '" + settings.user + "'");
    }
    auto state = std::make_unique<State>(profile, std::move(settings), std::move(keys),
                                         std::move(certificate), std::move(observer));
    WEERBAAR_ASSIGN_OR_RETURN(state->store, open_profile_store(profile, state->keys.store_key));
    // A token from an earlier command that still lasts: no new login, so a script
    // over many cases is not stopped by the server's login limit. If the server
    // ended it meanwhile (revoked, restarted from a backup), the first call is
    // refused and the session logs in again (SessionRpc::unary).
    WEERBAAR_ASSIGN_OR_RETURN(SessionToken cached, cached_token(*state->store, state->settings));
    if (cached) {
        state->token = std::move(cached);
    } else {
        WEERBAAR_TRY(state->login());
    }
    return Session(std::move(state));
}

Status Session::logout() const {
    State& state = *state_;
    // Under the login mutex, so that no renewal racing with this puts a new token back.
    std::lock_guard login_lock(state.login_mutex);
    state.logged_out = true;
    SessionToken token;
    {
        std::lock_guard lock(state.token_mutex);
        token = std::exchange(state.token, nullptr);
    }
    if (!token) {
        return ok_status();  // logged out before
    }
    // Forgotten first: a server that cannot be reached must not leave it usable here.
    const Status forgotten =
        state.store ? forget_token(*state.store, state.settings, *token) : ok_status();
    v1::LogoutResponse response;
    WEERBAAR_TRY(check_rpc(state.on_current_connection([&](const SessionConnection& connection) {
        grpc::ClientContext context;
        prepare_call(context, token.get());
        return v1::AuthService::NewStub(connection.channel)
            ->Logout(&context, v1::LogoutRequest{}, &response);
    }),
                           "log out as '" + state.settings.user + "'"));
    return forgotten;
}

Result<bool> Session::logout_cached(const Profile& profile, crypto::KeystoreContents keys) {
    WEERBAAR_ASSIGN_OR_RETURN(ProfileSettings settings, profile.read_settings());
    WEERBAAR_ASSIGN_OR_RETURN(std::string certificate, profile.read_server_certificate());
    if (keys.user != settings.user) {
        return Error(ErrorCode::integrity_failure,
                     "keystore belongs to '" + keys.user + "', profile to '" + settings.user + "'");
    }
    auto state = std::make_unique<State>(profile, std::move(settings), std::move(keys),
                                         std::move(certificate), CertificateObserver{});
    WEERBAAR_ASSIGN_OR_RETURN(state->store, open_profile_store(profile, state->keys.store_key));
    // Any token the server may still take, however little time it has left.
    WEERBAAR_ASSIGN_OR_RETURN(state->token, cached_token(*state->store, state->settings, 0));
    if (!state->token) {
        return false;
    }
    WEERBAAR_TRY(Session(std::move(state)).logout());
    return true;
}

Status Session::State::login() {
    // The challenge decides the connection: a rotated certificate is followed there.
    std::unique_ptr<v1::AuthService::Stub> auth;
    const std::string& user = settings.user;
    const std::string action = "log in as '" + user + "'";

    v1::GetChallengeRequest challenge_request;
    challenge_request.set_user(user);
    v1::GetChallengeResponse challenge;
    WEERBAAR_TRY(check_rpc(on_current_connection([&](const SessionConnection& connection) {
                               auth = v1::AuthService::NewStub(connection.channel);
                               grpc::ClientContext context;
                               prepare_call(context, nullptr);
                               return auth->GetChallenge(&context, challenge_request, &challenge);
                           }),
                           action));
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
    if (!login_status.ok()) {
        return login_error(login_status, action);
    }
    auto fresh = std::make_shared<const crypto::SecretBuffer>(
        crypto::SecretBuffer::copy_of(crypto::as_bytes(response.token())));
    // The response's own copy of the token is wiped: it lives on in the buffer only.
    std::fill(response.mutable_token()->begin(), response.mutable_token()->end(), '\0');
    if (store) {
        WEERBAAR_TRY(cache_token(*store, settings, *fresh, response.expires_unix()));
    }
    std::lock_guard lock(token_mutex);
    token = std::move(fresh);
    return ok_status();
}

grpc::Status SessionRpc::unary(const Session& session, const UnaryCall& call) {
    Session::State& state = *session.state_;
    const auto attempt = [&](const SessionToken& token) {
        return state.on_current_connection([&](const SessionConnection& connection) {
            grpc::ClientContext context;
            prepare_call(context, token.get());
            return call(connection.stubs, context);
        });
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
    if (token) {  // none after logout(): the server refuses the call
        prepare_stream_call(context, *token);
    }
    return token;
}

Status SessionRpc::renew(const Session& session, const SessionToken& refused) {
    Session::State& state = *session.state_;
    std::lock_guard login_lock(state.login_mutex);
    if (state.logged_out) {
        return Error(ErrorCode::unauthenticated, "this session was logged out; log in again");
    }
    if (state.current() != refused) {
        return ok_status();  // another thread logged in meanwhile
    }
    WEERBAAR_TRY(state.login());
    state.renewals.fetch_add(1);
    return ok_status();
}

const SessionStubs& SessionRpc::stubs(const Session& session) {
    return session.state_->connection.load()->stubs;
}

SessionToken SessionRpc::current_token(const Session& session) { return session.state_->current(); }

void SessionRpc::replace_token(const Session& session, crypto::SecretBuffer token) {
    auto fresh = std::make_shared<const crypto::SecretBuffer>(std::move(token));
    std::lock_guard lock(session.state_->token_mutex);
    session.state_->token = std::move(fresh);
}

}  // namespace weerbaar::client
