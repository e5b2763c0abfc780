#include "authenticator.h"

#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/proof_of_possession.h"

namespace weerbaar::server {
namespace {

Error login_failed() { return Error(ErrorCode::unauthenticated, "login failed"); }

}  // namespace

crypto::Bytes session_token_hash(std::string_view token) {
    return crypto::hash("weerbaar.session-token.v1", crypto::as_bytes(token));
}

Authenticator::Authenticator(StorageReader& reader, GroupCommitWriter& writer)
    : reader_(reader),
      writer_(writer),
      failed_logins_(kMaxFailedLoginsPerMinute, std::chrono::minutes(1)) {}

Result<crypto::Bytes> Authenticator::challenge(const std::string& user) {
    WEERBAAR_TRY(crypto::validate_user_name(user));
    const auto now = SteadyClock::now();
    crypto::Bytes value = crypto::random_bytes(crypto::kChallengeSize);
    std::lock_guard lock(challenges_mutex_);
    if (challenges_.size() >= kMaxOutstandingChallenges) {
        for (auto it = challenges_.begin(); it != challenges_.end();) {
            it = it->second.expires <= now ? challenges_.erase(it) : std::next(it);
        }
        if (challenges_.size() >= kMaxOutstandingChallenges) {
            return Error(ErrorCode::resource_exhausted, "too many logins in progress");
        }
    }
    // A new challenge replaces the previous one of the same user.
    challenges_[user] = Challenge{value, now + kChallengeLifetime};
    return value;
}

bool Authenticator::take_challenge(const std::string& user, const crypto::Bytes& challenge) {
    std::lock_guard lock(challenges_mutex_);
    const auto found = challenges_.find(user);
    if (found == challenges_.end()) {
        return false;
    }
    const bool fresh = found->second.expires > SteadyClock::now();
    const bool matches = crypto::equal_constant_time(found->second.value, challenge);
    // Single use: one try per challenge, right or wrong.
    challenges_.erase(found);
    return fresh && matches;
}

void Authenticator::login(const std::string& user, const crypto::Bytes& challenge,
                          const crypto::Bytes& signature,
                          std::function<void(Result<SessionGrant>)> done) {
    auto valid = crypto::validate_user_name(user);
    if (!valid.ok()) {
        return done(valid.error());
    }
    if (challenge.size() != crypto::kChallengeSize || signature.size() != crypto::kSignatureSize) {
        return done(
            Error(ErrorCode::invalid_argument, "challenge or signature has the wrong size"));
    }
    if (!failed_logins_.allows(user)) {
        return done(Error(ErrorCode::resource_exhausted, "too many failed logins; wait a minute"));
    }
    if (!take_challenge(user, challenge)) {
        failed_logins_.record(user);
        return done(login_failed());
    }
    auto member = reader_.read([&](Storage& storage) { return storage.member(user); });
    if (!member.ok()) {
        return done(member.error());
    }
    if (!member.value().has_value() || !member.value()->active) {
        failed_logins_.record(user);
        return done(login_failed());
    }
    auto caller = caller_from(*member.value());
    if (!caller.ok()) {
        return done(caller.error());
    }
    if (!crypto::verify_login(caller.value().sign_pk, user, challenge, signature).ok()) {
        failed_logins_.record(user);
        return done(login_failed());
    }

    SessionGrant grant{crypto::to_hex(crypto::random_bytes(32)),
                       unix_now() + std::chrono::seconds(kSessionLifetime).count()};
    const crypto::Bytes token_hash = session_token_hash(grant.token);
    const SessionRow row{user, grant.expires_unix};
    writer_.submit(
        [token_hash, row](Storage& storage) -> Result<std::uint64_t> {
            WEERBAAR_TRY(storage.delete_sessions_expired_before(unix_now()));
            WEERBAAR_TRY(storage.insert_session(token_hash, row));
            return std::uint64_t{0};
        },
        [grant = std::move(grant), done = std::move(done)](const Result<std::uint64_t>& written) {
            if (!written.ok()) {
                return done(written.error());
            }
            done(grant);
        });
}

Result<Caller> Authenticator::authenticate(std::string_view token) {
    if (token.empty() || token.size() > kMaxTokenChars) {
        return Error(ErrorCode::unauthenticated, "missing or malformed bearer token");
    }
    const crypto::Bytes token_hash = session_token_hash(token);
    auto member = reader_.read([&](Storage& storage) -> Result<std::optional<MemberRow>> {
        WEERBAAR_ASSIGN_OR_RETURN(auto session, storage.session(token_hash));
        if (!session.has_value() || session->expires <= unix_now()) {
            return std::optional<MemberRow>();
        }
        return storage.member(session->user);
    });
    if (!member.ok()) {
        return member.error();
    }
    if (!member.value().has_value()) {
        return Error(ErrorCode::unauthenticated, "unknown or expired session; log in again");
    }
    if (!member.value()->active) {
        return Error(ErrorCode::permission_denied, "membership is no longer active");
    }
    return caller_from(*member.value());
}

}  // namespace weerbaar::server
