#pragma once
// The one mapping from an Error to the CLI's exit code (docs/cli.md). Exit codes are
// the CLI's concern: the core returns an ErrorCode, and each front end decides what
// a code means to it.

#include "weerbaar/result.h"

namespace weerbaar::cli {

enum class ExitCode : int {
    ok = 0,
    other = 1,
    bad_input = 2,
    denied = 3,
    integrity = 4,
    unreachable = 5,
    stopped = 6,
};

[[nodiscard]] ExitCode exit_code_for(ErrorCode code);
[[nodiscard]] inline ExitCode exit_code_for(const Error& error) {
    return exit_code_for(error.code());
}

}  // namespace weerbaar::cli
