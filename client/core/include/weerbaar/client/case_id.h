#pragma once
// Case ids: 16 random bytes, shown as 32 lower-case hex characters.

#include <string>
#include <string_view>

#include "weerbaar/crypto/bytes.h"

namespace weerbaar::client {

[[nodiscard]] crypto::Bytes new_case_id();
[[nodiscard]] std::string format_case_id(crypto::ByteView case_id);
// invalid_argument unless `text` is 32 hex characters.
[[nodiscard]] Result<crypto::Bytes> parse_case_id(std::string_view text);

}  // namespace weerbaar::client
