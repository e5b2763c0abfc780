#pragma once
// The one mapping from an Error to the CLI's exit code (docs/cli.md).

#include "weerbaar/result.h"

namespace weerbaar::client {

enum class ExitCode : int {
    ok = 0,
    other = 1,
    bad_input = 2,
    denied = 3,
    integrity = 4,
    unreachable = 5,
};

[[nodiscard]] ExitCode exit_code_for(ErrorCode code);
[[nodiscard]] inline ExitCode exit_code_for(const Error& error) {
    return exit_code_for(error.code());
}

}  // namespace weerbaar::client
