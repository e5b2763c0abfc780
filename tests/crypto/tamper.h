#pragma once
// Ways to damage an encoding in tests: flip one byte, cut the end, append a byte.

#include <cstddef>

#include "weerbaar/crypto/bytes.h"

namespace weerbaar::crypto::test {

inline Bytes flipped(Bytes bytes, std::size_t index, std::uint8_t mask = 0x01) {
    bytes.at(index) ^= mask;
    return bytes;
}

inline Bytes truncated(const Bytes& bytes, std::size_t size) {
    return Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
}

inline Bytes with_trailing_byte(Bytes bytes) {
    bytes.push_back(0x00);
    return bytes;
}

// Overwrites bytes at `offset` with `replacement`.
inline Bytes spliced(Bytes bytes, std::size_t offset, ByteView replacement) {
    for (std::size_t i = 0; i < replacement.size(); ++i) {
        bytes.at(offset + i) = replacement[i];
    }
    return bytes;
}

}  // namespace weerbaar::crypto::test
