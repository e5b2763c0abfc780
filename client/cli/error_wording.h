#pragma once
// The CLI's words for core errors. The core names the input that is wrong (Error
// field) and says what to do in words any front end can use (Error hint); only the
// CLI knows that the outcome is `--outcome` and that verifying a key is
// `weerbaar member verify`. These functions put those words back, so the CLI prints
// what it printed when the core still wrote them (docs/cli.md, "Errors").
//
// Pure functions, no I/O; safe from any thread.

#include <optional>
#include <string>

#include "weerbaar/result.h"

namespace weerbaar::cli {

// The one stderr line (without the "weerbaar: " prefix) for any error a command
// returns: fields the CLI has flag words for get them; any remaining hint is joined
// to the message, Dutch with Dutch and English with English.
[[nodiscard]] std::string error_line(const Error& error);

// `case status --set <status> [--outcome <outcome>]`: the core's outcome errors
// (field "outcome") in flag words.
[[nodiscard]] Error status_error_in_cli_words(Error error, const std::string& status,
                                              const std::optional<std::string>& outcome);

// `case handover <case> --to <to> --remove-previous`: the refusal to remove oneself
// (field "remove_previous") with the commands that do it instead.
[[nodiscard]] Error handover_error_in_cli_words(Error error, const std::string& to,
                                                const std::string& case_id, const std::string& me);

}  // namespace weerbaar::cli
