#pragma once
// Byte offsets inside an encoded record (docs/crypto.md, "Record (tag 0x03)"), so a
// test can alter one field of a stored record the way an operator would: the
// library never builds a record it did not sign, so the bytes are edited directly.

#include <cstddef>
#include <string>

#include "weerbaar/crypto/bytes.h"

namespace weerbaar::e2e {

struct RecordLayout {
    std::size_t author;      // the u16 length of the author name
    std::size_t created;     // u64, the author's clock
    std::size_t nonce;       // 24 bytes
    std::size_t ciphertext;  // first byte after the u32 length
    std::size_t signature;   // 64 bytes, the last ones
};

// Decodes `encoded` (throws if it is not a record) and locates its fields.
[[nodiscard]] RecordLayout record_layout(crypto::ByteView encoded);

// The record with its header's author replaced by `author` (length prefix adjusted);
// nothing is re-signed, as the operator holds no member's signing key.
[[nodiscard]] crypto::Bytes with_author(crypto::ByteView encoded, const std::string& author);

// `bytes` with the byte at `offset` inverted.
[[nodiscard]] crypto::Bytes with_flipped_byte(crypto::ByteView bytes, std::size_t offset);

// A note as the client serialises it (weerbaar.v1.RecordContent{note{text}}),
// encoded by hand: no generated code, and no UTF-8 check, so a test can seal what
// a modified client would. `text` is shorter than 120 bytes.
[[nodiscard]] crypto::Bytes note_plaintext(const std::string& text);

}  // namespace weerbaar::e2e
