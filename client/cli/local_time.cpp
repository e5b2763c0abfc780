#include "local_time.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>

namespace weerbaar::cli {

void default_time_zone() {
    const char* zone = std::getenv("TZ");
    if (zone == nullptr || *zone == '\0') {
        std::error_code ignored;
        // The POSIX rule is the EU's since 1996, which covers every record.
        const char* amsterdam =
            std::filesystem::exists("/usr/share/zoneinfo/Europe/Amsterdam", ignored)
                ? "Europe/Amsterdam"
                : "CET-1CEST,M3.5.0,M10.5.0/3";
        (void)::setenv("TZ", amsterdam, 1);
    }
    ::tzset();
}

std::string format_local_time(std::int64_t unix_seconds) {
    const auto seconds = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    if (localtime_r(&seconds, &local) == nullptr) {
        return "?";
    }
    char text[64];
    const std::size_t size = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M %Z", &local);
    return std::string(text, size);
}

}  // namespace weerbaar::cli
