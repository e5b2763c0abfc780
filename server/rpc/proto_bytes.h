#pragma once
// Bytes fields of a request as crypto::Bytes: what every service hands the domain.

#include <google/protobuf/repeated_ptr_field.h>

#include <string>
#include <vector>

#include "weerbaar/crypto/bytes.h"

namespace weerbaar::server {

[[nodiscard]] inline crypto::Bytes bytes_of(const std::string& field) {
    return crypto::Bytes(field.begin(), field.end());
}

[[nodiscard]] inline std::vector<crypto::Bytes> bytes_of(
    const google::protobuf::RepeatedPtrField<std::string>& fields) {
    std::vector<crypto::Bytes> all;
    all.reserve(static_cast<std::size_t>(fields.size()));
    for (const auto& field : fields) {
        all.push_back(bytes_of(field));
    }
    return all;
}

}  // namespace weerbaar::server
