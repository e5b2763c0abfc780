#pragma once
// Challenge-response login and bearer sessions. A challenge is 32 random bytes,
// kept in memory for 60 s and usable once. A session token is 32 random bytes
// (hex) that the database keeps only as a BLAKE2b hash, for 15 minutes.

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "audit_trail.h"
#include "caller.h"
#include "group_commit_writer.h"
#include "rate_limiter.h"
#include "storage_reader.h"

namespace weerbaar::server {

struct SessionGrant {
    std::string token;
    std::int64_t expires_unix = 0;
};

class Authenticator {
  public:
    using LoginDone = std::function<void(Result<SessionGrant>)>;

    Authenticator(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit);

    // Answers for any well-formed name, member or not, so that it reveals nothing.
    [[nodiscard]] Result<crypto::Bytes> challenge(const std::string& user);
    // Logins and failed logins are audited; `done` runs once the entry is durable.
    void login(const std::string& user, const crypto::Bytes& challenge,
               const crypto::Bytes& signature, LoginDone done);
    // The member behind a bearer token: unauthenticated for a missing, unknown or
    // expired token, permission_denied for a member who is no longer active.
    [[nodiscard]] Result<Caller> authenticate(std::string_view token);

  private:
    using SteadyClock = std::chrono::steady_clock;
    struct Challenge {
        crypto::Bytes value;
        SteadyClock::time_point expires;
    };

    // Removes and returns the user's challenge if it matches and is fresh.
    [[nodiscard]] bool take_challenge(const std::string& user, const crypto::Bytes& challenge);
    // Audits a failed login under the name it claimed, then answers with `error`.
    void refuse_login(const std::string& user, Error error, LoginDone done);

    StorageReader& reader_;
    GroupCommitWriter& writer_;
    AuditTrail& audit_;
    RateLimiter failed_logins_;
    std::mutex challenges_mutex_;
    std::unordered_map<std::string, Challenge> challenges_;
};

// Hash under which a session token is stored and looked up.
[[nodiscard]] crypto::Bytes session_token_hash(std::string_view token);

}  // namespace weerbaar::server
