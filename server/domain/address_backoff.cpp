#include "address_backoff.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <vector>

#include "server_limits.h"

namespace weerbaar::server {
namespace {

std::chrono::seconds whole_seconds_up(AddressBackoff::Clock::duration left) {
    const auto seconds = std::chrono::ceil<std::chrono::seconds>(left);
    return std::max(seconds, std::chrono::seconds(1));
}

}  // namespace

AddressBackoff::Settings AddressBackoff::default_settings() {
    return Settings{kAddressFailuresBeforeBackoff, kAddressFailureWindow,
                    kAddressFirstBackoff,          kAddressMaxBackoff,
                    kAddressQuietPeriod,           kMaxTrackedAddresses};
}

AddressBackoff::AddressBackoff(Settings settings) : settings_(settings) {}

std::string AddressBackoff::key_of(std::string_view address) {
    std::array<unsigned char, 16> bytes{};
    const std::string text(address);
    if (::inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) {
        return text;
    }
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    std::array<char, INET6_ADDRSTRLEN> prefix{};
    if (::inet_ntop(AF_INET6, bytes.data(), prefix.data(), prefix.size()) == nullptr) {
        return text;
    }
    return std::string(prefix.data()) + "/64";
}

std::chrono::seconds AddressBackoff::record_failure(std::string_view address,
                                                    Clock::time_point now) {
    const std::string key = key_of(address);
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    if (found != entries_.end() && now - found->second.last_failure >= settings_.quiet_period) {
        entries_.erase(found);
        found = entries_.end();
    }
    if (found == entries_.end()) {
        if (entries_.size() >= settings_.max_addresses) {
            make_room(now);
        }
        found = entries_.emplace(key, Entry{0, now, now, now, Clock::duration(0)}).first;
    }
    Entry& entry = found->second;
    entry.last_failure = now;
    if (now < entry.blocked_until) {
        // Refused; it does not lengthen the back-off, or a fast stranger would reach
        // the cap at once instead of doubling through it.
        return whole_seconds_up(entry.blocked_until - now);
    }
    if (entry.backoff > Clock::duration(0)) {
        // Failures went on after a back-off ran out.
        entry.backoff = std::min(entry.backoff * 2, settings_.max_backoff);
        entry.blocked_until = now + entry.backoff;
        return std::chrono::seconds(0);
    }
    if (now - entry.window_start >= settings_.window) {
        entry.window_start = now;
        entry.failures = 0;
    }
    if (++entry.failures >= settings_.failures_before_backoff) {
        entry.backoff = settings_.first_backoff;
        entry.blocked_until = now + entry.backoff;
    }
    return std::chrono::seconds(0);
}

std::chrono::seconds AddressBackoff::remaining(std::string_view address, Clock::time_point now) {
    const std::string key = key_of(address);
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(key);
    if (found == entries_.end() || now >= found->second.blocked_until) {
        return std::chrono::seconds(0);
    }
    return whole_seconds_up(found->second.blocked_until - now);
}

std::size_t AddressBackoff::tracked() {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

void AddressBackoff::make_room(Clock::time_point now) {
    std::erase_if(entries_, [&](const auto& item) {
        return now - item.second.last_failure >= settings_.quiet_period;
    });
    if (entries_.size() < settings_.max_addresses) {
        return;
    }
    // An eighth at a time, so that a stream of new addresses costs one pass over
    // the table per max_addresses / 8 of them, not one each.
    std::vector<Clock::time_point> last;
    last.reserve(entries_.size());
    for (const auto& item : entries_) {
        last.push_back(item.second.last_failure);
    }
    const std::size_t drop = std::max<std::size_t>(1, entries_.size() / 8);
    std::nth_element(last.begin(), last.begin() + static_cast<std::ptrdiff_t>(drop - 1),
                     last.end());
    const Clock::time_point cutoff = last[drop - 1];
    std::size_t dropped = 0;
    for (auto it = entries_.begin(); it != entries_.end() && dropped < drop;) {
        if (it->second.last_failure <= cutoff) {
            it = entries_.erase(it);
            ++dropped;
        } else {
            ++it;
        }
    }
}

}  // namespace weerbaar::server
