#include "failed_login_tally.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/certificate.h"

namespace weerbaar::server {
namespace {

// Names listed after "most:".
constexpr std::size_t kNamesShown = 5;

std::string counted(std::uint64_t count, std::string_view one, std::string_view many) {
    return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

}  // namespace

FailedLoginTally::FailedLoginTally(std::size_t max_names, Clock::time_point start)
    : max_names_(max_names), start_(start) {}

void FailedLoginTally::record(std::string_view name) {
    const bool well_formed = crypto::validate_user_name(name).ok();
    std::lock_guard lock(mutex_);
    ++total_;
    if (!well_formed) {
        ++malformed_;
        return;
    }
    if (const auto found = by_name_.find(std::string(name)); found != by_name_.end()) {
        ++found->second;
    } else if (by_name_.size() < max_names_) {
        by_name_.emplace(std::string(name), 1);
    } else {
        names_overflowed_ = true;
    }
}

std::optional<std::string> FailedLoginTally::take(Clock::time_point now) {
    std::unordered_map<std::string, std::uint64_t> by_name;
    std::uint64_t total = 0;
    std::uint64_t malformed = 0;
    bool overflowed = false;
    Clock::time_point start;
    {
        std::lock_guard lock(mutex_);
        by_name.swap(by_name_);
        total = std::exchange(total_, 0);
        malformed = std::exchange(malformed_, 0);
        overflowed = std::exchange(names_overflowed_, false);
        start = std::exchange(start_, now);
    }
    if (total == 0) {
        return std::nullopt;
    }
    const auto seconds =
        std::max<long long>(1, std::chrono::round<std::chrono::seconds>(now - start).count());
    std::string line = counted(total, "failed login", "failed logins") + " under ";
    line += overflowed ? "more than " + std::to_string(max_names_) + " names"
                       : counted(by_name.size(), "name", "names");
    if (malformed > 0) {
        line += ", " + std::to_string(malformed) + " under malformed names";
    }
    line += " in " + std::to_string(seconds) + " s";

    std::vector<std::pair<std::string, std::uint64_t>> most(by_name.begin(), by_name.end());
    const std::size_t shown = std::min(kNamesShown, most.size());
    std::partial_sort(most.begin(), most.begin() + static_cast<std::ptrdiff_t>(shown), most.end(),
                      [](const auto& a, const auto& b) {
                          return a.second != b.second ? a.second > b.second : a.first < b.first;
                      });
    for (std::size_t i = 0; i < shown; ++i) {
        // A name is at most 64 characters: five fit well under the limit; the check
        // keeps the promise should either number change.
        std::string item =
            (i == 0 ? "; most: " : ", ") + most[i].first + " " + std::to_string(most[i].second);
        if (line.size() + item.size() > crypto::kMaxAuditDetailSize) {
            break;
        }
        line += item;
    }
    return line;
}

}  // namespace weerbaar::server
