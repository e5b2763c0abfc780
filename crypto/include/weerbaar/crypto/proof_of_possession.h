#pragma once
// Signatures by which a client proves it holds a signing key: at enrolment (the
// request for a certificate) and at login (the answer to a server challenge).

#include <string_view>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kChallengeSize = 32;

[[nodiscard]] Bytes sign_enrolment(const Identity& identity, std::string_view user);
[[nodiscard]] Status verify_enrolment(std::string_view user, ByteView sign_pk, ByteView enc_pk,
                                      ByteView signature);

[[nodiscard]] Bytes sign_login(const SigningKeyPair& key, std::string_view user, ByteView challenge);
[[nodiscard]] Status verify_login(ByteView sign_pk, std::string_view user, ByteView challenge,
                                  ByteView signature);

}  // namespace weerbaar::crypto
