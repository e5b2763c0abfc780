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

Authenticator::Authenticator(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit)
    : reader_(reader),
      writer_(writer),
      audit_(audit),
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

void Authenticator::refuse_login(const std::string& user, Error error, LoginDone done) {
    // The answer is the refusal whether or not the entry could be written: a
    // failed audit write must not turn into a different answer for the caller.
    audit_.record(
        AuditEvent{crypto::AuditEvent::login_failed, audit_actor_name(user), {}, {}},
        [error = std::move(error), done = std::move(done)](const Status&) { done(error); });
}

void Authenticator::login(const std::string& user, const crypto::Bytes& challenge,
                          const crypto::Bytes& signature, LoginDone done) {
    // Refusals by the rate limit are not audited: they are what bounds the log's
    // growth under a guessing attack on one name.
    if (!failed_logins_.allows(user)) {
        return done(Error(ErrorCode::resource_exhausted, "too many failed logins; wait a minute"));
    }
    auto valid = crypto::validate_user_name(user);
    if (!valid.ok()) {
        return refuse_login(user, valid.error(), std::move(done));
    }
    if (challenge.size() != crypto::kChallengeSize || signature.size() != crypto::kSignatureSize) {
        return refuse_login(
            user, Error(ErrorCode::invalid_argument, "challenge or signature has the wrong size"),
            std::move(done));
    }
    if (!take_challenge(user, challenge)) {
        failed_logins_.record(user);
        return refuse_login(user, login_failed(), std::move(done));
    }
    auto member = reader_.read([&](Storage& storage) { return storage.member(user); });
    if (!member.ok()) {
        return done(member.error());
    }
    if (!member.value().has_value() || !member.value()->active) {
        failed_logins_.record(user);
        return refuse_login(user, login_failed(), std::move(done));
    }
    auto caller = caller_from(*member.value());
    if (!caller.ok()) {
        return done(caller.error());
    }
    if (!crypto::verify_login(caller.value().sign_pk, user, challenge, signature).ok()) {
        failed_logins_.record(user);
        return refuse_login(user, login_failed(), std::move(done));
    }

    SessionGrant grant{crypto::to_hex(crypto::random_bytes(32)),
                       unix_now() + std::chrono::seconds(kSessionLifetime).count()};
    const crypto::Bytes token_hash = session_token_hash(grant.token);
    const SessionRow row{user, grant.expires_unix};
    writer_.submit(
        [this, token_hash, row](Storage& storage) -> Result<std::uint64_t> {
            // The member may have been revoked since the check above.
            WEERBAAR_ASSIGN_OR_RETURN(auto still, storage.member(row.user));
            if (!still.has_value() || !still->active) {
                return login_failed();
            }
            WEERBAAR_TRY(storage.delete_sessions_expired_before(unix_now()));
            WEERBAAR_TRY(storage.insert_session(token_hash, row));
            WEERBAAR_TRY(
                audit_.append(storage, AuditEvent{crypto::AuditEvent::login, row.user, {}, {}}));
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
