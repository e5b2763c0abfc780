#pragma once
// Failed logins counted in memory, per claimed name, and summed up once per
// interval as the detail line of one login_failed audit entry (docs/server.md,
// "Audit log"), so that the failed-login path itself never writes: no number of
// failures under any names costs more than one audit entry an interval. The line,
// one line of printable ASCII of at most 512 bytes (crypto::AuditEntryBody::detail):
//
//   37 failed logins under 12 names in 60 s; most: alice 20, bob 5, carol 3
//
// with ", N under malformed names" after the name count when some names were not
// well-formed (counted, never written), and "more than 10000 names" when past
// `max_names` distinct names (further names are counted together, not apart).
// Thread-safe.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace weerbaar::server {

class FailedLoginTally {
  public:
    using Clock = std::chrono::steady_clock;

    // The first interval begins at `start`.
    explicit FailedLoginTally(std::size_t max_names, Clock::time_point start = Clock::now());

    // Counts one failed login under `name` as claimed; a name that is not well-formed
    // (crypto::validate_user_name) is counted but not kept.
    void record(std::string_view name);
    // The detail line of the interval that ends at `now`, which also begins the next
    // interval; nullopt when it counted no failure.
    [[nodiscard]] std::optional<std::string> take(Clock::time_point now = Clock::now());

  private:
    const std::size_t max_names_;
    std::mutex mutex_;
    Clock::time_point start_;
    std::unordered_map<std::string, std::uint64_t> by_name_;
    std::uint64_t total_ = 0;
    std::uint64_t malformed_ = 0;
    bool names_overflowed_ = false;
};

}  // namespace weerbaar::server
