#include "weerbaar/client/case_id.h"

#include "weerbaar/crypto/case_key.h"

namespace weerbaar::client {

crypto::Bytes new_case_id() { return crypto::random_bytes(crypto::kCaseIdSize); }

std::string format_case_id(crypto::ByteView case_id) { return crypto::to_hex(case_id); }

Result<crypto::Bytes> parse_case_id(std::string_view text) {
    auto bytes = crypto::from_hex(text);
    if (!bytes.ok() || bytes.value().size() != crypto::kCaseIdSize) {
        return Error(ErrorCode::invalid_argument,
                     "'" + std::string(text) + "' is not a case id (32 hex characters)");
    }
    return std::move(bytes).value();
}

}  // namespace weerbaar::client
