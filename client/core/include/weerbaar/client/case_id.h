#pragma once
// Case ids: 16 bytes derived from the creator's key and a random nonce
// (crypto::derive_case_id), shown as 32 lower-case hex characters. A person may type
// a unique prefix of at least kMinCaseIdPrefix hex characters instead (case_lookup.h).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "weerbaar/crypto/bytes.h"

namespace weerbaar::client {

// Fewer characters would make a clash between a team's cases likely (8 hex: one in
// four thousand million per pair) and a typo more likely to name another case.
inline constexpr std::size_t kMinCaseIdPrefix = 8;

// A fresh id for a case the holder of `creator_sign_pk` opens, with the nonce
// CreateCase sends so that the server can recompute it. Thread-safe.
struct NewCaseId {
    crypto::Bytes id;     // crypto::kCaseIdSize bytes
    crypto::Bytes nonce;  // crypto::kCaseIdNonceSize random bytes
};
[[nodiscard]] NewCaseId new_case_id(crypto::ByteView creator_sign_pk);
[[nodiscard]] std::string format_case_id(crypto::ByteView case_id);
// The first kMinCaseIdPrefix hex characters and an ellipsis, for messages.
[[nodiscard]] std::string short_case_id(crypto::ByteView case_id);
// invalid_argument unless `text` is 32 hex characters.
[[nodiscard]] Result<crypto::Bytes> parse_case_id(std::string_view text);

// Before anything is asked or sent: invalid_argument ("onbekende zaak ...", exit 2)
// unless `text` is kMinCaseIdPrefix to 32 hex characters (either case).
[[nodiscard]] Status check_case_id_text(std::string_view text);

// The one id of `known` (16 bytes each) that `text` names, in full or by a prefix
// (checked as check_case_id_text does). permission_denied ("onbekende zaak of niet
// met je gedeeld") when none matches: the server answers an unknown case and one not
// shared with you alike, and so does this. invalid_argument when the prefix matches
// more than one, naming how many.
// "onbekende zaak of niet met je gedeeld ... / unknown case or not shared with you:
// '<shown>'" with `code`: the one message for a case id the caller cannot use.
[[nodiscard]] Error unknown_case_error(ErrorCode code, std::string_view shown);

[[nodiscard]] Result<crypto::Bytes> match_case_id(std::string_view text,
                                                  const std::vector<crypto::Bytes>& known);

}  // namespace weerbaar::client
