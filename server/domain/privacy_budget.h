#pragma once
// The differential-privacy budget the server enforces on the privacy ledger
// (docs/server.md, "Research"): every ledger entry spends its epsilon on each
// quarter of its period, and no quarter may have more than the budget spent on it
// in total (sequential composition over releases; Dwork & Roth 2014, "The
// Algorithmic Foundations of Differential Privacy", Theorem 3.16). Amounts are
// epsilon x 1000 ("millis"), so that sums are exact integers.
//
// Pure functions: no storage, no clock; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

// "3", "3.0", "0.25", "2.125": a decimal with at most three digits after the point,
// as millis, from 1 (0.001) to kMaxPrivacyBudgetMillis. invalid_argument otherwise,
// with a message that names --privacy-budget.
[[nodiscard]] Result<std::uint32_t> parse_privacy_budget(std::string_view text);

// Millis as a decimal with three digits after the point: 1000 -> "1.000".
[[nodiscard]] std::string format_epsilon_millis(std::uint64_t millis);

// The epsilon already spent on quarter `quarter` (crypto::quarter_index) by `ledger`.
[[nodiscard]] std::uint64_t spent_on_quarter(const std::vector<PrivacyLedgerRow>& ledger,
                                             std::uint32_t quarter);

// Whether a release spending `epsilon_millis` on every quarter of [from, to] fits
// `budget_millis` per quarter beside what `ledger` spent. resource_exhausted naming
// the earliest quarter it does not fit in, what was spent there and what is left.
[[nodiscard]] Status check_privacy_budget(const std::vector<PrivacyLedgerRow>& ledger,
                                          std::uint32_t from, std::uint32_t to,
                                          std::uint32_t epsilon_millis,
                                          std::uint32_t budget_millis);

}  // namespace weerbaar::server
