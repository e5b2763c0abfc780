#pragma once
// Challenge-response login and bearer sessions. A challenge is 32 bytes, stateless
// (a MAC under a per-process key), good for 60 s and usable by one successful login
// (see LoginChallenges). A session token
// is 32 random bytes (hex) that the database keeps only as a BLAKE2b hash, for
// 15 minutes.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "audit_trail.h"
#include "caller.h"
#include "group_commit_writer.h"
#include "login_challenges.h"
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

    // Answers for any well-formed name, member or not, so that it reveals nothing;
    // at most kMaxChallengesPerUserPerMinute per name.
    [[nodiscard]] Result<crypto::Bytes> challenge(const std::string& user);
    // Logins and failed logins are audited, the latter at most
    // kMaxAuditedFailedLoginsPerMinute under all names together; `done` runs once
    // the entry is durable.
    void login(const std::string& user, const crypto::Bytes& challenge,
               const crypto::Bytes& signature, LoginDone done);
    // The member behind a bearer token: unauthenticated for a missing, unknown or
    // expired token, permission_denied for a member who is no longer active.
    [[nodiscard]] Result<Caller> authenticate(std::string_view token);

  private:
    using SteadyClock = std::chrono::steady_clock;

    // Audits a failed login under the name it claimed (unless over the global
    // limit), then answers with `error`.
    void refuse_login(const std::string& user, Error error, LoginDone done);
    // Counts a failed login left out of the audit log; warns at most once a minute.
    void note_unaudited_failure();

    StorageReader& reader_;
    GroupCommitWriter& writer_;
    AuditTrail& audit_;
    RateLimiter audited_failures_;  // one key for all names
    LoginChallenges challenges_;
    std::mutex unaudited_mutex_;
    std::uint64_t unaudited_since_warning_ = 0;
    std::optional<SteadyClock::time_point> last_unaudited_warning_;
};

// Hash under which a session token is stored and looked up.
[[nodiscard]] crypto::Bytes session_token_hash(std::string_view token);

}  // namespace weerbaar::server
