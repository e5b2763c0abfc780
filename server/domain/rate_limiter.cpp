#include "rate_limiter.h"

#include <algorithm>

namespace weerbaar::server {

bool RateLimiter::allows(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    const auto found = events_.find(key);
    if (found == events_.end()) {
        return true;
    }
    auto& times = found->second;
    while (!times.empty() && times.front() <= now - window_) {
        times.pop_front();
    }
    return static_cast<int>(times.size()) < max_events_;
}

void RateLimiter::record(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (events_.size() >= max_keys_ && events_.find(key) == events_.end()) {
        prune(now);
    }
    auto& times = events_[key];
    times.push_back(now);
    while (static_cast<int>(times.size()) > max_events_) {
        times.pop_front();
    }
}

bool RateLimiter::try_record(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (events_.size() >= max_keys_ && events_.find(key) == events_.end()) {
        prune(now);
    }
    auto& times = events_[key];
    while (!times.empty() && times.front() <= now - window_) {
        times.pop_front();
    }
    if (static_cast<int>(times.size()) >= max_events_) {
        return false;
    }
    times.push_back(now);
    return true;
}

void RateLimiter::prune(Clock::time_point now) {
    for (auto it = events_.begin(); it != events_.end();) {
        if (it->second.empty() || it->second.back() <= now - window_) {
            it = events_.erase(it);
        } else {
            ++it;
        }
    }
    if (events_.size() < max_keys_) {
        return;
    }
    // Still full of recent keys: drop the one whose latest event is oldest.
    const auto oldest = std::min_element(
        events_.begin(), events_.end(),
        [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
    events_.erase(oldest);
}

}  // namespace weerbaar::server
