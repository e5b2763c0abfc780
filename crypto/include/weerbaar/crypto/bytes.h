#pragma once
// Plain (non-secret) byte strings and their hex form. Secrets never live in Bytes:
// they live in SecretBuffer (secret_buffer.h).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "weerbaar/result.h"

namespace weerbaar::crypto {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Must be called once before any other function of this library; safe to call again.
[[nodiscard]] Status initialise();

[[nodiscard]] std::string to_hex(ByteView bytes);
// Accepts lower- or upper-case hex of even length; anything else is invalid_argument.
[[nodiscard]] Result<Bytes> from_hex(std::string_view hex);

[[nodiscard]] Bytes random_bytes(std::size_t count);

// A view of the bytes of a string (UTF-8 text is signed and hashed as its bytes).
[[nodiscard]] ByteView as_bytes(std::string_view text);

// Constant-time comparison; false when the sizes differ (sizes are not secret).
[[nodiscard]] bool equal_constant_time(ByteView a, ByteView b);

// BLAKE2b (crypto_generichash) of a domain tag followed by the data, `size` bytes long.
[[nodiscard]] Bytes hash(std::string_view domain, ByteView data, std::size_t size = 32);
// Keyed BLAKE2b (crypto_generichash with a key, a MAC): as hash(), under `key`
// (16..64 bytes; other sizes abort, as they are a bug in the caller).
[[nodiscard]] Bytes keyed_hash(ByteView key, std::string_view domain, ByteView data,
                               std::size_t size = 32);

}  // namespace weerbaar::crypto
