#include "weerbaar/client/unlock_duration.h"

#include <cstdint>

namespace weerbaar::client {
namespace {

// Long enough for any valid duration in seconds ("28800s"); a longer text is refused
// before its digits are added up, so no overflow can happen.
constexpr std::size_t kMaxDigits = 6;
// The quoted text is cut short so that an error stays one readable line.
constexpr std::size_t kMaxQuoted = 24;

Error invalid_duration(std::string_view text) {
    std::string quoted(text.substr(0, kMaxQuoted));
    if (text.size() > kMaxQuoted) {
        quoted += "...";
    }
    return Error(ErrorCode::invalid_argument,
                 "ongeldige duur '" + quoted +
                     "': gebruik een heel getal met s, m of h, bijvoorbeeld 30s, 15m of 2h, "
                     "van 1s tot en met 8h / invalid duration '" +
                     quoted +
                     "': use a whole number with s, m or h, e.g. 30s, 15m or 2h, from 1s "
                     "up to 8h");
}

}  // namespace

Result<std::chrono::seconds> parse_unlock_duration(std::string_view text) {
    if (text.size() < 2 || text.size() - 1 > kMaxDigits) {
        return invalid_duration(text);
    }
    const std::string_view digits = text.substr(0, text.size() - 1);
    std::int64_t value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9') {
            return invalid_duration(text);
        }
        value = value * 10 + (c - '0');
    }
    std::int64_t unit = 0;
    switch (text.back()) {
        case 's':
            unit = 1;
            break;
        case 'm':
            unit = 60;
            break;
        case 'h':
            unit = 60 * 60;
            break;
        default:
            return invalid_duration(text);
    }
    const std::chrono::seconds duration{value * unit};
    if (duration < kMinUnlockDuration || duration > kMaxUnlockDuration) {
        return invalid_duration(text);
    }
    return duration;
}

std::string format_unlock_duration(std::chrono::seconds duration) {
    const std::int64_t seconds = duration.count();
    if (seconds != 0 && seconds % 3600 == 0) {
        return std::to_string(seconds / 3600) + "h";
    }
    if (seconds != 0 && seconds % 60 == 0) {
        return std::to_string(seconds / 60) + "m";
    }
    return std::to_string(seconds) + "s";
}

}  // namespace weerbaar::client
