#include "quarter.h"

#include <algorithm>

namespace weerbaar::research {

std::optional<std::uint32_t> parse_quarter(std::string_view quarter) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (quarter.size() != 6 || !std::all_of(quarter.begin(), quarter.begin() + 4, digit) ||
        quarter[4] != 'Q' || quarter[5] < '1' || quarter[5] > '4') {
        return std::nullopt;
    }
    std::uint32_t year = 0;
    for (char c : quarter.substr(0, 4)) {
        year = year * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return year * 4 + static_cast<std::uint32_t>(quarter[5] - '1');
}

std::string quarter_text(std::uint32_t index) {
    std::string year = std::to_string(index / 4);
    year.insert(0, year.size() < 4 ? 4 - year.size() : 0, '0');
    return year + "Q" + std::to_string(index % 4 + 1);
}

}  // namespace weerbaar::research
