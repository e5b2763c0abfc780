#pragma once
// The challenges handed out for logins: 32 random bytes each, usable once, for
// kChallengeLifetime. Kept per (user, challenge), several per user, because
// GetChallenge needs no login: with one challenge per user, anyone could
// invalidate the one a user holds by asking for another in their name.
// Thread-safe; at most kMaxOutstandingChallenges are held in all.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

class LoginChallenges {
  public:
    using Clock = std::chrono::steady_clock;

    // A new challenge for `user`. Past kMaxChallengesPerUser the user's oldest
    // goes; past kMaxOutstandingChallenges in all, resource_exhausted.
    [[nodiscard]] Result<crypto::Bytes> issue(const std::string& user,
                                              Clock::time_point now = Clock::now());
    // Whether `challenge` was issued to `user` and is still fresh. A challenge
    // that was issued cannot be taken again, whatever the login then makes of it.
    [[nodiscard]] bool take(const std::string& user, const crypto::Bytes& challenge,
                            Clock::time_point now = Clock::now());

  private:
    struct Challenge {
        crypto::Bytes value;
        Clock::time_point expires;
    };

    // Requires mutex_.
    void drop_expired(Clock::time_point now);

    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<Challenge>> by_user_;  // oldest first
    std::size_t outstanding_ = 0;
};

}  // namespace weerbaar::server
