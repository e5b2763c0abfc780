#pragma once
// The generalisation hierarchies of the three quasi-identifiers of the microdata
// (docs/research-export.md, "Hierarchies"). Level 0 is the code as recorded; the top
// level is "*" (nothing told). Pure functions, thread-safe.
//
//   periode:    quarter "2025Q3" -> half year "2025H2" -> year "2025" -> "*"
//   regio:      province "gelderland" -> landsdeel "oost" (landsdeel_of) -> "*"
//   ambtsgroep: office group "bestuurder" -> "*"
//
// An empty or malformed code generalises to "onbekend" below the top level, so that
// "unknown" stays a value of its own and is never confused with suppression.

#include <array>
#include <string>
#include <string_view>

namespace weerbaar::research {

inline constexpr std::string_view kSuppressed = "*";

inline constexpr int kPeriodTop = 3;  // kwartaal, halfjaar, jaar, niet gepubliceerd
inline constexpr int kRegionTop = 2;  // provincie, landsdeel, niet gepubliceerd
inline constexpr int kOfficeTop = 1;  // ambtsgroep, niet gepubliceerd

// Dutch names of the levels, as the report gives them (index = level).
inline constexpr std::array<std::string_view, 4> kPeriodLevelNames{"kwartaal", "halfjaar", "jaar",
                                                                   "niet gepubliceerd (*)"};
inline constexpr std::array<std::string_view, 3> kRegionLevelNames{"provincie", "landsdeel",
                                                                   "niet gepubliceerd (*)"};
inline constexpr std::array<std::string_view, 2> kOfficeLevelNames{"ambtsgroep",
                                                                   "niet gepubliceerd (*)"};

// `level` outside [0, top] is clamped, so any level is a valid request.
[[nodiscard]] std::string generalise_period(std::string_view quarter, int level);
[[nodiscard]] std::string generalise_region(std::string_view province, int level);
[[nodiscard]] std::string generalise_office(std::string_view office_group, int level);

}  // namespace weerbaar::research
