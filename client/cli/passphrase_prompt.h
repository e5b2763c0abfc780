#pragma once
// Where the CLI gets the passphrase: WEERBAAR_PASSPHRASE if set (for scripts and
// tests), else the terminal with echo off. Only ever held in a SecretBuffer.
// `passphrase change` needs a second one: the new passphrase comes from
// WEERBAAR_NEW_PASSPHRASE if set, else from the terminal (asked twice).

#include <optional>
#include <string_view>

#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

namespace weerbaar::cli {

enum class PassphrasePurpose {
    unlock,   // open the keystore
    create,   // a new keystore (init, org create)
    current,  // passphrase change: the passphrase in use now (as unlock)
    replace,  // passphrase change: the new one (WEERBAAR_NEW_PASSPHRASE)
};

// For `create` and `replace` the terminal asks twice and both answers must match.
[[nodiscard]] Result<crypto::SecretBuffer> obtain_passphrase(PassphrasePurpose purpose);

// Asks `question` on the terminal when standard input is one: true for an answer of
// "ja", "j", "yes" or "y", false for anything else. nullopt when standard input is
// not a terminal (scripts, tests), so that the caller can demand a flag instead.
[[nodiscard]] std::optional<bool> confirm_on_terminal(std::string_view question);

}  // namespace weerbaar::cli
