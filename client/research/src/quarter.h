#pragma once
// Quarters "YYYYQn" as whole numbers (year * 4 + n - 1), so a period is a range: the
// privacy ledger's own (crypto/privacy_ledger.h quarter_index, quarter_name).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weerbaar::research {

// nullopt unless exactly "YYYYQn" with n in 1..4.
[[nodiscard]] std::optional<std::uint32_t> parse_quarter(std::string_view quarter);
[[nodiscard]] std::string quarter_text(std::uint32_t index);

}  // namespace weerbaar::research
