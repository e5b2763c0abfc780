#pragma once
// The command side of `weerbaar unlock` (docs/crypto.md, "Unlock agent"): after the
// passphrase opened the keystore once, a per-user, per-profile agent process
// (unlock_agent_process.h) holds the opened keys in locked memory for a short time,
// and every command asks it before asking for the passphrase. Without a running
// agent nothing changes: keys_from_agent finds none and the command prompts as
// before.
//
// Blocking calls, each one short connection with kAgentIoTimeout
// (unlock_agent_socket.h); no shared state, safe from any thread.

#include <chrono>
#include <filesystem>
#include <optional>

#include "weerbaar/client/profile.h"
#include "weerbaar/client/unlock_agent_socket.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/keystore.h"

namespace weerbaar::client {

// BLAKE2b-256 (kKeystoreDigestSize) of the sealed keystore file: ties the keys an
// agent holds to the file they were opened from, so that keys from before a
// passphrase change or a new keystore are never used.
[[nodiscard]] crypto::Bytes keystore_digest(crypto::ByteView sealed_keystore);

// `unlock`: hands the opened `contents` of the keystore with `digest` to the agent at
// `location`, to hold for `duration` from now (a running agent's time starts over).
// Nothing when no agent listens there (start one and try again); otherwise how long
// the agent will hold the keys. permission_denied for an unsafe directory or an agent
// of another uid, unavailable when the agent does not answer, failed_precondition
// when it refuses the keys.
[[nodiscard]] Result<std::optional<std::chrono::seconds>> hand_keys_to_agent(
    const AgentLocation& location, const crypto::KeystoreContents& contents,
    crypto::ByteView digest, std::chrono::seconds duration);

// Every command that needs the keys: the keys the agent of `profile` holds, if it
// runs, its time is not up, and they came from the keystore the profile holds now.
// Nothing in every other case (no agent, expired, another keystore, unsafe
// directory, any error), so the caller simply asks for the passphrase. An agent
// holding keys of another keystore is told to lock.
[[nodiscard]] std::optional<crypto::KeystoreContents> keys_from_agent(const Profile& profile);

// `lock` and `passphrase change`: tells the agent of `profile_directory` to wipe its
// keys and stop. True when one was running, false when none was. Errors as
// hand_keys_to_agent.
[[nodiscard]] Result<bool> lock_agent(const std::filesystem::path& profile_directory);

}  // namespace weerbaar::client
