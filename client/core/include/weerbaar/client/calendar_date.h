#pragma once
// Calendar dates as users type them and records store them: YYYY-MM-DD.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weerbaar::client {

// A real date written exactly as YYYY-MM-DD, or nothing.
[[nodiscard]] std::optional<std::chrono::year_month_day> parse_date(std::string_view text);

// Today's date in the user's time zone: an incident reported just after midnight
// happened "today" for the user, whatever the UTC date is.
[[nodiscard]] std::chrono::year_month_day local_today();

// YYYY-MM-DD of a moment, in UTC.
[[nodiscard]] std::string utc_date(std::int64_t unix_seconds);

}  // namespace weerbaar::client
