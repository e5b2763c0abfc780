#pragma once
// The one-time code that lets the first coordinator create the organisation. It
// is printed once and written to DIR/bootstrap-code; the database keeps its hash.

#include <string>
#include <string_view>

#include "weerbaar/crypto/bytes.h"

namespace weerbaar::server {

// Four groups of five characters from an alphabet of 31 without look-alikes (no
// 0/O, 1/I/L), "ABCDE-FGHJK-MNPQR-STUVW": about 99 bits.
[[nodiscard]] std::string generate_bootstrap_code();

// Hash of the code after dropping dashes and spaces and upper-casing, so that a
// code typed as "abcde fghjk ..." still matches.
[[nodiscard]] crypto::Bytes bootstrap_code_hash(std::string_view code);

}  // namespace weerbaar::server
