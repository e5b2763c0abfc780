#pragma once
// Fingerprints of public keys, shown as digit groups so two people can compare them
// by phone: 8 groups of 5 digits ("12345 67890 ..."), about 133 bits.

#include <string>
#include <string_view>

#include "weerbaar/crypto/bytes.h"

namespace weerbaar::crypto {

// Fingerprint of a member's identity (signing and encryption public key).
[[nodiscard]] std::string member_fingerprint(ByteView sign_pk, ByteView enc_pk);
// Fingerprint of the organisation root signing key.
[[nodiscard]] std::string root_fingerprint(ByteView root_sign_pk);

// Compares two fingerprints in constant time, ignoring spaces and dashes.
// A string with any other non-digit, or of the wrong length, never matches.
[[nodiscard]] bool fingerprints_match(std::string_view a, std::string_view b);

}  // namespace weerbaar::crypto
