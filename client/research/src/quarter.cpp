#include "quarter.h"

#include "weerbaar/crypto/privacy_ledger.h"

namespace weerbaar::research {

// The privacy ledger names periods the same way; one parser serves both, so a period
// the ledger accepts is the period the method counts.
std::optional<std::uint32_t> parse_quarter(std::string_view quarter) {
    const Result<std::uint32_t> index = crypto::quarter_index(quarter);
    if (!index.ok()) {
        return std::nullopt;
    }
    return index.value();
}

std::string quarter_text(std::uint32_t index) { return crypto::quarter_name(index); }

}  // namespace weerbaar::research
