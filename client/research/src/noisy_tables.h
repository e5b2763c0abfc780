#pragma once
// The five differentially private tables of an export (research_export.h gives the
// mechanism and each table's sensitivity).

#include <cstdint>
#include <string>
#include <vector>

#include "weerbaar/research/case_codes.h"
#include "weerbaar/research/random_source.h"

namespace weerbaar::research {

struct NoisyTable {
    std::string name;               // file name without ".csv", e.g. "tabel_kanaal"
    std::string dimension;          // its code column, e.g. "kanaal"; "" for kerncijfers
    std::uint32_t sensitivity = 1;  // L1, after contribution bounding
    std::uint64_t scale_numerator = 1, scale_denominator = 1;  // t, reduced
    std::vector<std::string> quarters;
    std::vector<std::string> codes;                 // kerncijfers: zaken, online, aangifte
    std::vector<std::vector<std::int64_t>> counts;  // [quarter][code], noisy, >= 0
};

// The inputs: the cases in the period, already checked against the codebook; the
// codes of each dimension in codebook order.
struct TableCodes {
    std::vector<std::string> incident_types, office_groups, channels, outcomes;
};

// A case is online when its channel is sociale_media or email, or it has the incident
// type online_haat or doxing.
[[nodiscard]] bool is_online(const CaseCodes& codes);

// Tables in the order kerncijfers, incidenttypen, ambtsgroep, kanaal, uitkomst.
[[nodiscard]] std::vector<NoisyTable> noisy_tables(const std::vector<const CaseCodes*>& cases,
                                                   std::uint32_t first_quarter,
                                                   std::uint32_t last_quarter,
                                                   const TableCodes& codes,
                                                   std::uint32_t epsilon_millis,
                                                   RandomSource& random);

// "D = 3, epsilon = 0.2, t = 3/0.2 = 15" for the report.
[[nodiscard]] std::string describe_scale(const NoisyTable& table, std::uint32_t epsilon_millis);

// The CSV bytes of a table.
[[nodiscard]] std::string table_csv(const NoisyTable& table);

// numerator / denominator as a decimal with three places ("0.070"); "" when the
// denominator is 0. Shares above 1 (noise) are given as 1.
[[nodiscard]] std::string share_text(std::int64_t numerator, std::int64_t denominator);

}  // namespace weerbaar::research
