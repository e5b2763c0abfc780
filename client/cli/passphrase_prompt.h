#pragma once
// Where the CLI gets the passphrase: WEERBAAR_PASSPHRASE if set (for scripts and
// tests), else the terminal with echo off. Only ever held in a SecretBuffer.

#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

namespace weerbaar::cli {

enum class PassphrasePurpose { unlock, create };

// For `create` the terminal asks twice and both answers must match.
[[nodiscard]] Result<crypto::SecretBuffer> obtain_passphrase(PassphrasePurpose purpose);

}  // namespace weerbaar::cli
