#pragma once
// Challenge-response login and bearer sessions. A challenge is 32 bytes, stateless
// (a MAC under a per-process key), good for 60 s and usable by one successful login
// (see LoginChallenges). A session token is 32 random bytes (hex) that the database
// keeps only as a BLAKE2b hash, for 15 minutes; a member holds at most
// kMaxSessionsPerMember at once.
//
// What a stranger can make this do (docs/threat-model.md): GetChallenge costs one
// hash and stores nothing, so it has no limit. A failed login writes nothing: it is
// counted in memory for one audit entry per interval (failed_login_tally.h) and
// against its address (address_backoff.h), whose back-off refuses only logins that
// fail anyway. Thread-safe.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "address_backoff.h"
#include "audit_trail.h"
#include "caller.h"
#include "failed_login_tally.h"
#include "group_commit_writer.h"
#include "login_challenges.h"
#include "session_cache.h"
#include "storage_reader.h"

namespace weerbaar::server {

struct SessionGrant {
    std::string token;
    std::int64_t expires_unix = 0;
};

class Authenticator {
  public:
    using LoginDone = std::function<void(Result<SessionGrant>)>;

    Authenticator(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit,
                  AddressBackoff::Settings backoff = AddressBackoff::default_settings());

    // Answers for any well-formed name, member or not, so that it reveals nothing.
    // No limit of any kind: a challenge stores nothing and costs one keyed hash,
    // less than the TLS record it arrives in, so a limit would protect nothing and
    // would itself be state a stranger could fill.
    [[nodiscard]] Result<crypto::Bytes> challenge(const std::string& user);
    // `address` is the client's (peer_address). A successful login is audited
    // (login), deletes the member's oldest sessions past kMaxSessionsPerMember - 1,
    // and `done` runs once that is durable. A failed one writes nothing and answers
    // unauthenticated (invalid_argument for a challenge or signature of the wrong
    // size), or resource_exhausted, saying when to try again, while `address` is in
    // back-off. The challenge and the signature are checked first, so a login
    // whose signature is good is never refused for the back-off.
    void login(const std::string& user, const crypto::Bytes& challenge,
               const crypto::Bytes& signature, const std::string& address, LoginDone done);
    // Ends the session of `token`: its row is deleted, so the token is refused from
    // the moment `done` runs (once the deletion is durable). Idempotent: a token
    // that is unknown or expired is already over (ok, nothing written).
    // unauthenticated for a missing or malformed token; permission_denied for a
    // member who is no longer active (whose sessions went with the revocation).
    void logout(std::string_view token, std::function<void(Status)> done);
    // The member behind a bearer token: unauthenticated for a missing, unknown or
    // expired token, permission_denied for a member who is no longer active. A
    // token seen before is answered from memory (session_cache.h).
    [[nodiscard]] Result<Caller> authenticate(std::string_view token);

    // The sessions authenticate() remembers; Directory forgets a member's when a
    // revocation or an approval commits.
    [[nodiscard]] SessionCache& sessions() { return sessions_; }

    // Writes the failed logins counted since the last call as one login_failed
    // audit entry (actor "", the detail line of failed_login_tally.h), if there
    // were any; `done` runs once it is durable (at once when there was nothing).
    // The app calls it every kFailedLoginAuditInterval and at shutdown, before the
    // writer stops.
    void flush_failed_logins(std::function<void(Status)> done);

  private:
    // Counts a failed login under the claimed name and against `address`, then
    // answers with `error`, or with resource_exhausted if the address was in back-off.
    void refuse_login(const std::string& user, const std::string& address, Error error,
                      LoginDone done);

    StorageReader& reader_;
    GroupCommitWriter& writer_;
    AuditTrail& audit_;
    LoginChallenges challenges_;
    FailedLoginTally failed_logins_;
    AddressBackoff backoff_;
    SessionCache sessions_;
};

// Hash under which a session token is stored and looked up.
[[nodiscard]] crypto::Bytes session_token_hash(std::string_view token);

}  // namespace weerbaar::server
