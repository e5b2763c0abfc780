#pragma once
// Reading what the CLI printed, and the dates its commands take, for the e2e tests.

#include <nlohmann/json.hpp>
#include <string>

#include "child_process.h"

namespace weerbaar::e2e {

// The calendar date `days` from today (UTC), as YYYY-MM-DD: what --date and --due
// take. Tests use whole days away from the edges (yesterday, in a week), so the
// user's local date never differs in a way that matters.
[[nodiscard]] std::string date_in_days(int days);

// stdout of a command that must have succeeded, parsed as JSON; fails the running
// test with the command's output otherwise.
[[nodiscard]] nlohmann::json json_output(const ProcessResult& result);

}  // namespace weerbaar::e2e
