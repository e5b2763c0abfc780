#include "authenticator.h"

#include <spdlog/spdlog.h>

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
      audited_failures_(kMaxAuditedFailedLoginsPerMinute, std::chrono::minutes(1), 1) {}

Result<crypto::Bytes> Authenticator::challenge(const std::string& user) {
    WEERBAAR_TRY(crypto::validate_user_name(user));
    // Stateless (login_challenges.h): nothing to fill, nothing to limit. Every
    // well-formed name gets the same answer, member or not.
    return challenges_.issue(user);
}

void Authenticator::refuse_login(const std::string& user, Error error, LoginDone done) {
    // Per-name limits do not bound the log under ever-new names; this does. The
    // caller gets the same answer either way, so cannot tell whether it was logged.
    if (!audited_failures_.try_record({})) {
        note_unaudited_failure();
        return done(std::move(error));
    }
    // The answer is the refusal whether or not the entry could be written: a
    // failed audit write must not turn into a different answer for the caller.
    audit_.record(
        AuditEvent{crypto::AuditEvent::login_failed, audit_actor_name(user), {}, {}},
        [error = std::move(error), done = std::move(done)](const Status&) { done(error); });
}

void Authenticator::note_unaudited_failure() {
    const auto now = SteadyClock::now();
    std::lock_guard lock(unaudited_mutex_);
    ++unaudited_since_warning_;
    if (last_unaudited_warning_.has_value() &&
        now - *last_unaudited_warning_ < std::chrono::minutes(1)) {
        return;
    }
    spdlog::warn("over {} failed logins per minute: {} refused without an audit entry",
                 kMaxAuditedFailedLoginsPerMinute, unaudited_since_warning_);
    unaudited_since_warning_ = 0;
    last_unaudited_warning_ = now;
}

void Authenticator::login(const std::string& user, const crypto::Bytes& challenge,
                          const crypto::Bytes& signature, LoginDone done) {
    // A malformed name cannot be a member. Refused like any failed login, but not
    // audited: it would let anyone fill the log with junk names.
    if (!crypto::validate_user_name(user).ok()) {
        return done(login_failed());
    }
    // No lockout per name: a stranger's failures under a member's name must never
    // block the member's own login, and an Ed25519 signature is not guessed.
    if (challenge.size() != crypto::kChallengeSize || signature.size() != crypto::kSignatureSize) {
        return refuse_login(
            user, Error(ErrorCode::invalid_argument, "challenge or signature has the wrong size"),
            std::move(done));
    }
    if (!challenges_.valid(user, challenge)) {
        return refuse_login(user, login_failed(), std::move(done));
    }
    auto member = reader_.read([&](Storage& storage) { return storage.member(user); });
    if (!member.ok()) {
        return done(member.error());
    }
    if (!member.value().has_value() || !member.value()->active) {
        return refuse_login(user, login_failed(), std::move(done));
    }
    auto caller = caller_from(*member.value());
    if (!caller.ok()) {
        return done(caller.error());
    }
    if (!crypto::verify_login(caller.value().sign_pk, user, challenge, signature).ok() ||
        !challenges_.consume(challenge)) {
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
