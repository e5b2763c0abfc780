#pragma once
// Signatures by which a client proves it holds a signing key: at enrolment (the
// request for a certificate) and at login (the answer to a server challenge).

#include <string_view>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kChallengeSize = 32;

[[nodiscard]] Bytes sign_enrolment(const Identity& identity, std::string_view user);
// invalid_argument for a malformed name, keys of the wrong size or weak keys
// (check_public_keys); then one opaque error when the signature does not verify.
[[nodiscard]] Status verify_enrolment(std::string_view user, ByteView sign_pk, ByteView enc_pk,
                                      ByteView signature);

// Refuses public keys no honest client makes: an Ed25519 key that is not a point
// of the prime-order subgroup (small order, as the all-zero key, or not on the
// curve; libsodium's crypto_core_ed25519_is_valid_point) and an X25519 key of small
// order (all-zero among them), with which every shared secret is all-zero
// (RFC 7748, section 6.1). invalid_argument naming the key. Thread-safe.
[[nodiscard]] Status check_public_keys(ByteView sign_pk, ByteView enc_pk);

[[nodiscard]] Bytes sign_login(const SigningKeyPair& key, std::string_view user, ByteView challenge);
[[nodiscard]] Status verify_login(ByteView sign_pk, std::string_view user, ByteView challenge,
                                  ByteView signature);

}  // namespace weerbaar::crypto
