#pragma once
// Checks the tests of the research formats share: the one opaque error of a failed open
// or verify, the refusals every decoder makes (any truncation, a trailing byte, another
// version byte, another format tag), and re-signing an altered encoding the way a
// signer who cheats would.

#include <catch2/catch.hpp>
#include <string_view>

#include "tamper.h"
#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto::test {

template <typename T>
void require_opaque_failure(const Result<T>& result) {
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.error().code() == ErrorCode::integrity_failure);
    REQUIRE(result.error().message() == "decryption or verification failed");
}

template <typename T>
[[nodiscard]] bool fails_with(const Result<T>& result, ErrorCode code) {
    return !result.ok() && result.error().code() == code;
}

template <typename T>
[[nodiscard]] bool is_invalid_argument(const Result<T>& result) {
    return fails_with(result, ErrorCode::invalid_argument);
}

// Any truncation and a trailing byte are invalid_argument.
template <typename Decode>
void require_truncation_refused(const Decode& decode, const Bytes& encoded) {
    for (std::size_t size = 0; size < encoded.size(); ++size) {
        INFO("truncated to " << size);
        const auto decoded = decode(truncated(encoded, size));
        REQUIRE(is_invalid_argument(decoded));
    }
    REQUIRE(is_invalid_argument(decode(with_trailing_byte(encoded))));
}

// The above, and another version byte (0 or 2) or format tag.
template <typename Decode>
void require_structural_refusals(const Decode& decode, const Bytes& encoded,
                                 std::uint8_t other_tag) {
    require_truncation_refused(decode, encoded);
    REQUIRE(is_invalid_argument(decode(spliced(encoded, 0, Bytes{0}))));
    REQUIRE(is_invalid_argument(decode(spliced(encoded, 0, Bytes{2}))));
    REQUIRE(is_invalid_argument(decode(spliced(encoded, 1, Bytes{other_tag}))));
}

// Replaces the trailing signature with `key`'s signature over everything before it.
inline Bytes resigned(Bytes encoded, const SigningKeyPair& key, std::string_view domain) {
    encoded.resize(encoded.size() - kSignatureSize);
    const Bytes signature = key.sign(domain, encoded);
    encoded.insert(encoded.end(), signature.begin(), signature.end());
    return encoded;
}

}  // namespace weerbaar::crypto::test
