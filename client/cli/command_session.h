#pragma once
// What every command that talks to the server starts with: the profile's session
// (asks for the passphrase) and its local trust memory. Shared by the command files.

#include <filesystem>
#include <nlohmann/json.hpp>

#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"

namespace weerbaar::cli {

// Reports a missing profile before asking for the passphrase.
[[nodiscard]] Result<client::Session> open_session(const std::filesystem::path& directory);
// The profile's trust memory, in the local store the session's keystore unlocks.
[[nodiscard]] Result<client::TrustStore> open_trust(const client::Session& session);
// A session and its trust memory, what most commands work with.
struct CommandSession {
    client::Session session;
    client::TrustStore trust;
};
[[nodiscard]] Result<CommandSession> open_command_session(const std::filesystem::path& directory);
void print_json(const nlohmann::json& value);
// After a write: says on stderr when the case's research codes could not be brought up
// to date, and, for a case that stays closed (its retention deadline is set), that it
// is closed and when the server deletes it. The write stands either way.
void warn_after_write(const client::AppendedRecord& appended);

}  // namespace weerbaar::cli
