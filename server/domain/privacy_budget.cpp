#include "privacy_budget.h"

#include <algorithm>
#include <charconv>

#include "server_limits.h"
#include "weerbaar/crypto/privacy_ledger.h"

namespace weerbaar::server {
namespace {

Error bad_budget(std::string_view text) {
    return Error(ErrorCode::invalid_argument,
                 "--privacy-budget must be a decimal from 0.001 to " +
                     format_epsilon_millis(kMaxPrivacyBudgetMillis) +
                     " with at most three digits after the point, not '" + std::string(text) + "'");
}

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<std::uint32_t> parse_privacy_budget(std::string_view text) {
    const auto point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    const std::string_view fraction =
        point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
    // Digits only: no sign, exponent, spaces or a second point. "3." and ".5" are refused
    // too, so that what an operator typed is unambiguous.
    if (whole.empty() || whole.size() > 7 || !all_digits(whole) ||
        (point != std::string_view::npos && (fraction.empty() || fraction.size() > 3)) ||
        !all_digits(fraction)) {
        return bad_budget(text);
    }
    std::uint64_t units = 0;
    std::from_chars(whole.data(), whole.data() + whole.size(), units);
    std::uint64_t millis = units * 1000;
    std::uint64_t scale = 100;
    for (const char digit : fraction) {
        millis += static_cast<std::uint64_t>(digit - '0') * scale;
        scale /= 10;
    }
    if (millis == 0 || millis > kMaxPrivacyBudgetMillis) {
        return bad_budget(text);
    }
    return static_cast<std::uint32_t>(millis);
}

std::string format_epsilon_millis(std::uint64_t millis) {
    std::string fraction = std::to_string(millis % 1000);
    fraction.insert(0, 3 - fraction.size(), '0');
    return std::to_string(millis / 1000) + "." + fraction;
}

std::uint64_t spent_on_quarter(const std::vector<PrivacyLedgerRow>& ledger, std::uint32_t quarter) {
    std::uint64_t spent = 0;
    for (const auto& row : ledger) {
        if (row.from_quarter <= quarter && quarter <= row.to_quarter) {
            spent += row.epsilon_millis;
        }
    }
    return spent;
}

Status check_privacy_budget(const std::vector<PrivacyLedgerRow>& ledger, std::uint32_t from,
                            std::uint32_t to, std::uint32_t epsilon_millis,
                            std::uint32_t budget_millis) {
    // What was spent only rises where an earlier period begins, so the earliest
    // quarter over budget is `from` or the start of one of them: checking those
    // answers for the whole period, however long it is.
    std::vector<std::uint32_t> candidates{from};
    for (const auto& row : ledger) {
        if (row.from_quarter > from && row.from_quarter <= to) {
            candidates.push_back(row.from_quarter);
        }
    }
    std::sort(candidates.begin(), candidates.end());
    for (const std::uint32_t quarter : candidates) {
        const std::uint64_t spent = spent_on_quarter(ledger, quarter);
        if (spent + epsilon_millis > budget_millis) {
            const std::uint64_t left = spent >= budget_millis ? 0 : budget_millis - spent;
            return Error(ErrorCode::resource_exhausted,
                         "the privacy budget of " + crypto::quarter_name(quarter) +
                             " does not allow epsilon " + format_epsilon_millis(epsilon_millis) +
                             ": " + format_epsilon_millis(spent) + " of " +
                             format_epsilon_millis(budget_millis) + " is spent, " +
                             format_epsilon_millis(left) + " is left");
        }
    }
    return ok_status();
}

}  // namespace weerbaar::server
