#pragma once
// A synthetic organisation's cases for tests and the benchmark: never real data.
// Shares follow published figures where there are any; the source of each figure, and
// which figures are assumptions, is named next to it in synthetic_organisation.cpp.
// Deterministic for a seed on every platform (its own generator, no std::
// distributions, whose output the standard leaves to the library). Thread-safe.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "weerbaar/research/case_codes.h"

namespace weerbaar::research {

// `count` cases with incident dates spread over the years [first_year, first_year +
// years), uniformly over the days; opened within two weeks after the incident; closed
// (status gesloten) or still open as of the end of the last year. years >= 1.
[[nodiscard]] std::vector<CaseFacts> synthetic_cases(std::size_t count, std::uint32_t seed,
                                                     int first_year, int years);

}  // namespace weerbaar::research
