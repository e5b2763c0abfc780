#pragma once
// Back-off for the addresses failed logins come from (docs/server.md, "Limits").
// After `failures_before_backoff` failed logins from one address within `window`,
// the address is in back-off for `first_backoff`; each failure that comes after a
// back-off has run out doubles it, up to `max_backoff`. An address without a
// failure for `quiet_period` starts afresh. The caller refuses a failing login
// that arrives during a back-off with RESOURCE_EXHAUSTED; a login whose signature
// is good is never asked about, so a member behind the same address (a shared NAT)
// as a stranger is never held up by the stranger's failures.
//
// An IPv6 address counts by its /64 prefix: one subscriber usually holds a whole
// /64 and could otherwise change address with every try. Memory is bounded: at
// most `max_addresses` are tracked (about 100 bytes each); when full, the quiet
// ones go first, then the eighth that failed longest ago. Thread-safe.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace weerbaar::server {

class AddressBackoff {
  public:
    using Clock = std::chrono::steady_clock;

    struct Settings {
        int failures_before_backoff;
        Clock::duration window;
        Clock::duration first_backoff;
        Clock::duration max_backoff;
        Clock::duration quiet_period;
        std::size_t max_addresses;
    };
    // The limits of server_limits.h (kAddressFailuresBeforeBackoff and so on).
    [[nodiscard]] static Settings default_settings();

    explicit AddressBackoff(Settings settings = default_settings());

    // Counts a failed login from `address` (a host as peer_address gives it). Returns
    // the back-off that was running for the address when the failure came, in whole
    // seconds rounded up, or zero when none was: only a failure during a back-off is
    // to be refused as such.
    [[nodiscard]] std::chrono::seconds record_failure(std::string_view address,
                                                      Clock::time_point now = Clock::now());
    // The back-off still to run for `address`, in whole seconds rounded up; zero if none.
    [[nodiscard]] std::chrono::seconds remaining(std::string_view address,
                                                 Clock::time_point now = Clock::now());
    // Addresses (IPv6: /64 prefixes) tracked now.
    [[nodiscard]] std::size_t tracked();

    // The key an address is counted under: an IPv6 address's /64 prefix, any
    // other address as it is.
    [[nodiscard]] static std::string key_of(std::string_view address);

  private:
    struct Entry {
        int failures = 0;  // within the window that began at window_start
        Clock::time_point window_start;
        Clock::time_point last_failure;
        Clock::time_point blocked_until;
        Clock::duration backoff{0};  // zero until the first back-off
    };

    // Makes room for one more address; mutex_ held.
    void make_room(Clock::time_point now);

    const Settings settings_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace weerbaar::server
