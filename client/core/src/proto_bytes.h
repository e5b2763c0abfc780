#pragma once
// Bytes in protobuf `bytes` fields (std::string) and back. Private to client/core.

#include <string>

#include "weerbaar/crypto/bytes.h"

namespace weerbaar::client {

inline void set_bytes(std::string* field, crypto::ByteView bytes) {
    field->assign(bytes.begin(), bytes.end());
}

[[nodiscard]] inline crypto::Bytes bytes_of(const std::string& field) {
    return crypto::Bytes(field.begin(), field.end());
}

}  // namespace weerbaar::client
