#pragma once
// How long `weerbaar unlock` keeps the keys open: one whole number and one unit,
// "30s", "15m" or "2h". Short on purpose; the unlock agent (unlock_agent_client.h)
// wipes the keys when the time is up.

#include <chrono>
#include <string>
#include <string_view>

#include "weerbaar/result.h"

namespace weerbaar::client {

inline constexpr std::chrono::seconds kDefaultUnlockDuration{15 * 60};
inline constexpr std::chrono::seconds kMinUnlockDuration{1};
// A working day's morning, not a week: the longer the keys stay open, the longer a
// laptop left unattended gives them away.
inline constexpr std::chrono::seconds kMaxUnlockDuration{8 * 60 * 60};

// Digits (no sign, no spaces) followed by exactly one of s, m, h; the value must lie
// within [kMinUnlockDuration, kMaxUnlockDuration]. Anything else, including "0s",
// "1h30m", "15" and "9h", is invalid_argument with a one-line Dutch-first message
// that quotes the text. Pure; safe from any thread.
[[nodiscard]] Result<std::chrono::seconds> parse_unlock_duration(std::string_view text);

// The shortest exact form in the same notation: 7200s -> "2h", 90s -> "90s",
// 900s -> "15m". For messages that echo a duration back.
[[nodiscard]] std::string format_unlock_duration(std::chrono::seconds duration);

}  // namespace weerbaar::client
