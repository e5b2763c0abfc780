#pragma once
// How an Error reads to a person: one line, Dutch first, English after " / ", saying
// what happened and what to do (docs/cli.md, "Errors"). Front ends show this text;
// the exit code or status still comes from the ErrorCode (client/cli/exit_code.h).

#include <string>
#include <string_view>

#include "weerbaar/result.h"

namespace weerbaar::client {

// What happened and what to do, in Dutch, for each class of error. An integrity
// failure's lead holds "INTEGRITEITSFOUT" and "stop en bel de coördinator".
[[nodiscard]] std::string_view dutch_lead(ErrorCode code);

// True when `message` already carries its own Dutch: it holds " / " outside
// single-quoted spans (quotes hold user input, which may contain anything).
[[nodiscard]] bool is_bilingual(std::string_view message);

// The error as one printable line, without the "weerbaar: " prefix:
//  - a bilingual message keeps its words; any other gets the Dutch lead of its
//    class, then " / ", then the message;
//  - an integrity failure always starts with the INTEGRITEITSFOUT lead, even when
//    bilingual, so that the words reach the person and not only the exit code;
//  - line breaks and tabs become spaces and other controls are neutralised, so that
//    no message (a server's, or one quoting user input) can make a second line or
//    move the cursor.
[[nodiscard]] std::string one_line_message(const Error& error);

// The same for a Dutch lead and an English detail that are not an Error (the CLI's
// usage errors from its argument parser).
[[nodiscard]] std::string one_line_message(std::string_view dutch, std::string_view english);

}  // namespace weerbaar::client
