#pragma once
// Times for people: in the local time zone (TZ), Europe/Amsterdam when TZ is unset.
// Scripts get UTC (format_time in case_output.h).

#include <cstdint>
#include <string>

namespace weerbaar::cli {

// Sets TZ to Europe/Amsterdam when it is unset or empty, then tzset(). Call first in
// main, before any thread exists: setenv is not thread-safe. Without tzdata the
// zone's POSIX rule stands in, so the default never silently falls back to UTC.
void default_time_zone();

// "2026-11-30 22:15 CET": minutes are enough for a person; the zone's abbreviation
// says which clock it is.
[[nodiscard]] std::string format_local_time(std::int64_t unix_seconds);

}  // namespace weerbaar::cli
