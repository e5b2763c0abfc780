#include "login_challenges.h"

#include <algorithm>

#include "server_limits.h"
#include "weerbaar/crypto/proof_of_possession.h"

namespace weerbaar::server {

Result<crypto::Bytes> LoginChallenges::issue(const std::string& user, Clock::time_point now) {
    crypto::Bytes value = crypto::random_bytes(crypto::kChallengeSize);
    std::lock_guard lock(mutex_);
    auto held = by_user_.find(user);
    const bool replaces_own =
        held != by_user_.end() && held->second.size() >= kMaxChallengesPerUser;
    if (!replaces_own && outstanding_ >= kMaxOutstandingChallenges) {
        drop_expired(now);
        if (outstanding_ >= kMaxOutstandingChallenges) {
            return Error(ErrorCode::resource_exhausted, "too many logins in progress");
        }
        held = by_user_.find(user);
    }
    if (held == by_user_.end()) {
        held = by_user_.emplace(user, std::deque<Challenge>()).first;
    }
    auto& challenges = held->second;
    if (challenges.size() >= kMaxChallengesPerUser) {
        challenges.pop_front();
        --outstanding_;
    }
    challenges.push_back(Challenge{value, now + kChallengeLifetime});
    ++outstanding_;
    return value;
}

bool LoginChallenges::take(const std::string& user, const crypto::Bytes& challenge,
                           Clock::time_point now) {
    std::lock_guard lock(mutex_);
    const auto held = by_user_.find(user);
    if (held == by_user_.end()) {
        return false;
    }
    auto& challenges = held->second;
    const auto found = std::find_if(
        challenges.begin(), challenges.end(),
        [&](const Challenge& one) { return crypto::equal_constant_time(one.value, challenge); });
    bool fresh = false;
    if (found != challenges.end()) {
        fresh = found->expires > now;
        challenges.erase(found);
        --outstanding_;
    }
    if (challenges.empty()) {
        by_user_.erase(held);
    }
    return fresh;
}

void LoginChallenges::drop_expired(Clock::time_point now) {
    for (auto held = by_user_.begin(); held != by_user_.end();) {
        auto& challenges = held->second;
        // Oldest first, and all live equally long: the expired ones are at the front.
        while (!challenges.empty() && challenges.front().expires <= now) {
            challenges.pop_front();
            --outstanding_;
        }
        held = challenges.empty() ? by_user_.erase(held) : std::next(held);
    }
}

}  // namespace weerbaar::server
