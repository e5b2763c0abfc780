#include "authenticator.h"

#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/proof_of_possession.h"

namespace weerbaar::server {
namespace {

Error login_failed() { return Error(ErrorCode::unauthenticated, "login failed"); }

// Dutch first, as the client shows it (error_message.h): only clients whose login
// fails anyway ever see this.
Error address_in_backoff(std::chrono::seconds wait) {
    const std::string seconds = std::to_string(wait.count());
    return Error(ErrorCode::resource_exhausted,
                 "te veel mislukte aanmeldingen vanaf dit adres; probeer het over " + seconds +
                     " s opnieuw / too many failed logins from this address; try again in " +
                     seconds + " s");
}

bool token_well_formed(std::string_view token) {
    return !token.empty() && token.size() <= kMaxTokenChars;
}

}  // namespace

crypto::Bytes session_token_hash(std::string_view token) {
    return crypto::hash("weerbaar.session-token.v1", crypto::as_bytes(token));
}

Authenticator::Authenticator(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit,
                             AddressBackoff::Settings backoff)
    : reader_(reader),
      writer_(writer),
      audit_(audit),
      failed_logins_(kMaxTalliedLoginNames),
      backoff_(backoff) {}

Result<crypto::Bytes> Authenticator::challenge(const std::string& user) {
    WEERBAAR_TRY(crypto::validate_user_name(user));
    // Stateless (login_challenges.h): nothing to fill, nothing to limit. Every
    // well-formed name gets the same answer, member or not.
    return challenges_.issue(user);
}

void Authenticator::refuse_login(const std::string& user, const std::string& address, Error error,
                                 LoginDone done) {
    failed_logins_.record(user);
    if (const auto wait = backoff_.record_failure(address); wait.count() > 0) {
        return done(address_in_backoff(wait));
    }
    done(std::move(error));
}

void Authenticator::login(const std::string& user, const crypto::Bytes& challenge,
                          const crypto::Bytes& signature, const std::string& address,
                          LoginDone done) {
    // A malformed name cannot be a member: refused like any failed login.
    if (!crypto::validate_user_name(user).ok()) {
        return refuse_login(user, address, login_failed(), std::move(done));
    }
    // No lockout per name: a stranger's failures under a member's name must never
    // block the member's own login, and an Ed25519 signature is not guessed.
    if (challenge.size() != crypto::kChallengeSize || signature.size() != crypto::kSignatureSize) {
        return refuse_login(
            user, address,
            Error(ErrorCode::invalid_argument, "challenge or signature has the wrong size"),
            std::move(done));
    }
    if (!challenges_.valid(user, challenge)) {
        return refuse_login(user, address, login_failed(), std::move(done));
    }
    auto member = reader_.read([&](Storage& storage) { return storage.member(user); });
    if (!member.ok()) {
        return done(member.error());
    }
    if (!member.value().has_value() || !member.value()->active) {
        return refuse_login(user, address, login_failed(), std::move(done));
    }
    auto caller = caller_from(*member.value());
    if (!caller.ok()) {
        return done(caller.error());
    }
    if (!crypto::verify_login(caller.value().sign_pk, user, challenge, signature).ok() ||
        !challenges_.consume(challenge)) {
        return refuse_login(user, address, login_failed(), std::move(done));
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
            // Room for the new one: the member keeps at most kMaxSessionsPerMember.
            WEERBAAR_TRY(storage.keep_newest_sessions_of(row.user, kMaxSessionsPerMember - 1));
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
        },
        GroupCommitWriter::Durability::durable,
        // The member's oldest sessions may have gone with this commit.
        [this, user = row.user] { sessions_.forget_member(user); });
}

void Authenticator::logout(std::string_view token, std::function<void(Status)> done) {
    if (!token_well_formed(token)) {
        return done(Error(ErrorCode::unauthenticated, "missing or malformed bearer token"));
    }
    auto caller = authenticate(token);
    if (!caller.ok()) {
        // Unknown or expired: there is no session left to end.
        return done(caller.error().code() == ErrorCode::unauthenticated ? ok_status()
                                                                        : Status(caller.error()));
    }
    writer_.submit(
        [token_hash = session_token_hash(token)](Storage& storage) -> Result<std::uint64_t> {
            WEERBAAR_TRY(storage.delete_session(token_hash));
            return std::uint64_t{0};
        },
        status_done(std::move(done)), GroupCommitWriter::Durability::durable,
        [this, user = caller.value().user] { sessions_.forget_member(user); });
}

Result<Caller> Authenticator::authenticate(std::string_view token) {
    if (!token_well_formed(token)) {
        return Error(ErrorCode::unauthenticated, "missing or malformed bearer token");
    }
    const crypto::Bytes token_hash = session_token_hash(token);
    const std::int64_t now = unix_now();
    if (auto cached = sessions_.find(token_hash, now); cached.has_value()) {
        return std::move(*cached);
    }
    const std::uint64_t generation = sessions_.generation();
    struct Found {
        SessionRow session;
        std::optional<MemberRow> member;
    };
    auto found = reader_.read([&](Storage& storage) -> Result<std::optional<Found>> {
        WEERBAAR_ASSIGN_OR_RETURN(auto session, storage.session(token_hash));
        if (!session.has_value() || session->expires <= now) {
            return std::optional<Found>();
        }
        WEERBAAR_ASSIGN_OR_RETURN(auto member, storage.member(session->user));
        return std::optional<Found>(Found{std::move(*session), std::move(member)});
    });
    if (!found.ok()) {
        return found.error();
    }
    if (!found.value().has_value() || !found.value()->member.has_value()) {
        return Error(ErrorCode::unauthenticated, "unknown or expired session; log in again");
    }
    const MemberRow& member = *found.value()->member;
    if (!member.active) {
        return Error(ErrorCode::permission_denied, "membership is no longer active");
    }
    WEERBAAR_ASSIGN_OR_RETURN(Caller caller, caller_from(member));
    sessions_.remember(token_hash, caller, found.value()->session.expires, generation);
    return caller;
}

void Authenticator::flush_failed_logins(std::function<void(Status)> done) {
    std::optional<std::string> detail = failed_logins_.take();
    if (!detail.has_value()) {
        return done(ok_status());
    }
    audit_.record(AuditEvent{crypto::AuditEvent::login_failed, "", "", {}, std::move(*detail)},
                  std::move(done));
}

}  // namespace weerbaar::server
