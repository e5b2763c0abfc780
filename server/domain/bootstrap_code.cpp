#include "bootstrap_code.h"

#include <cctype>
#include <string_view>

namespace weerbaar::server {
namespace {

// Digits and capitals without look-alikes (0/O, 1/I/L): 31 symbols.
constexpr std::string_view kSymbols = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::size_t kGroups = 4;
constexpr std::size_t kGroupSize = 5;

}  // namespace

std::string generate_bootstrap_code() {
    static_assert(kSymbols.size() == 31);
    std::string symbols;
    // Rejection sampling over 5-bit values keeps every symbol equally likely.
    while (symbols.size() < kGroups * kGroupSize) {
        for (const std::uint8_t byte : crypto::random_bytes(32)) {
            const std::size_t index = byte & 0x1fU;
            if (index < kSymbols.size() && symbols.size() < kGroups * kGroupSize) {
                symbols.push_back(kSymbols[index]);
            }
        }
    }
    std::string code;
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        if (i > 0 && i % kGroupSize == 0) {
            code.push_back('-');
        }
        code.push_back(symbols[i]);
    }
    return code;
}

crypto::Bytes bootstrap_code_hash(std::string_view code) {
    std::string normalised;
    normalised.reserve(code.size());
    for (const char c : code) {
        if (c == '-' || c == ' ') {
            continue;
        }
        normalised.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    return crypto::hash("weerbaar.bootstrap-code.v1", crypto::as_bytes(normalised));
}

}  // namespace weerbaar::server
