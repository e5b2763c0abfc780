#pragma once
// Counts events (failed logins, wrong bootstrap codes, challenge requests) per
// key in a sliding window. Thread-safe. Memory is bounded: keys whose events have all left the
// window are dropped, and past `max_keys` the oldest keys go first.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace weerbaar::server {

class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(int max_events, Clock::duration window, std::size_t max_keys = 10000)
        : max_events_(max_events), window_(window), max_keys_(max_keys) {}

    // Whether another event for `key` would still be within the limit.
    [[nodiscard]] bool allows(const std::string& key, Clock::time_point now = Clock::now());
    void record(const std::string& key, Clock::time_point now = Clock::now());
    // allows() and record() as one step, so that concurrent callers cannot both
    // take the last place: records the event and returns true if within the limit.
    [[nodiscard]] bool try_record(const std::string& key, Clock::time_point now = Clock::now());

  private:
    void prune(Clock::time_point now);

    const int max_events_;
    const Clock::duration window_;
    const std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<Clock::time_point>> events_;
};

}  // namespace weerbaar::server
