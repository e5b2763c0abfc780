#pragma once
// `weerbaar unlock`, `weerbaar lock` and the hidden `weerbaar agent` they start
// (docs/cli.md, "Ontgrendelen"). Kept apart from commands.h so that the unlock agent
// stays one self-contained piece of the CLI.

#include <filesystem>
#include <string>

#include "weerbaar/result.h"

namespace weerbaar::cli {

// Checks `duration` ("15m"), asks the passphrase once, opens the keystore to prove
// it, and hands the keys to the profile's agent (started when none runs) for that
// long. A wrong passphrase starts nothing.
[[nodiscard]] Status run_unlock(const std::filesystem::path& profile, const std::string& duration);
// Tells the profile's agent to wipe the keys and stop; says so when none ran.
[[nodiscard]] Status run_lock(const std::filesystem::path& profile);
// The agent process itself (client::run_unlock_agent); started by run_unlock only.
[[nodiscard]] Status run_agent(const std::filesystem::path& profile);

}  // namespace weerbaar::cli
