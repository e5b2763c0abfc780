#pragma once
// A member's private keys, read from their profile the way the CLI reads them.
// Tests use this to act with a key a member once legitimately held (a removed
// member's old case key), never to help the operator: the operator has no keystore.

#include <string>

#include "cli_runner.h"
#include "weerbaar/client/trust_store.h"
#include "weerbaar/crypto/keystore.h"

namespace weerbaar::e2e {

// Opens `user`'s keystore with kPassphrase; throws if it does not open.
[[nodiscard]] crypto::KeystoreContents open_member_keystore(const CliRunner& cli,
                                                            const std::string& user);

// `user`'s trust memory, opened with the store key from their keystore, as the CLI
// opens it; throws if it does not open.
[[nodiscard]] client::TrustStore open_trust_store(const CliRunner& cli, const std::string& user);

}  // namespace weerbaar::e2e
