#include "weerbaar/research/hierarchy.h"

#include <algorithm>

#include "weerbaar/research/case_codes.h"

namespace weerbaar::research {
namespace {

constexpr std::string_view kUnknown = "onbekend";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "YYYYQn" with n in 1..4.
bool is_quarter(std::string_view q) {
    return q.size() == 6 && std::all_of(q.begin(), q.begin() + 4, is_digit) && q[4] == 'Q' &&
           q[5] >= '1' && q[5] <= '4';
}

}  // namespace

std::string generalise_period(std::string_view quarter, int level) {
    level = std::clamp(level, 0, kPeriodTop);
    if (level == kPeriodTop) {
        return std::string(kSuppressed);
    }
    if (!is_quarter(quarter)) {
        return std::string(kUnknown);
    }
    std::string year(quarter.substr(0, 4));
    switch (level) {
        case 0:
            return std::string(quarter);
        case 1:
            return year + (quarter[5] <= '2' ? "H1" : "H2");
        default:
            return year;
    }
}

std::string generalise_region(std::string_view province, int level) {
    level = std::clamp(level, 0, kRegionTop);
    if (level == kRegionTop) {
        return std::string(kSuppressed);
    }
    const std::string part = landsdeel_of(province);
    if (part == kUnknown) {
        return std::string(kUnknown);
    }
    return level == 0 ? std::string(province) : part;
}

std::string generalise_office(std::string_view office_group, int level) {
    level = std::clamp(level, 0, kOfficeTop);
    if (level == kOfficeTop) {
        return std::string(kSuppressed);
    }
    return office_group.empty() ? std::string(kUnknown) : std::string(office_group);
}

}  // namespace weerbaar::research
