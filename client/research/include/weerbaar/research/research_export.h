#pragma once
// One research export (docs/research-export.md): from the cases' research codes to the
// files of a package, everything but manifest.json (client/core writes that, with the
// hashes of these files, and signs). Pure: returns bytes, writes nothing, reads no
// clock; thread-safe as far as the RandomSource is.
//
// Files, by name:
//   microdata.csv              one row per case in the period, k-anonymous (k_anonymity.h)
//   tabel_kerncijfers.csv      per quarter: cases, online, aangifte, with shares
//   tabel_incidenttypen.csv    per quarter and incident type
//   tabel_ambtsgroep.csv       per quarter and office group
//   tabel_kanaal.csv           per quarter and channel
//   tabel_uitkomst.csv         per quarter and outcome ("open" for cases not closed)
//   grafiek_*.svg, grafiek_*.png   charts of the noisy tables (DejaVu Sans)
//   codebook.json              Codebook::json as given
//   datapackage.json           Frictionless Tabular Data Package, a schema per CSV
//   rapport.md                 the report below, in Dutch
//
// The tables are differentially private (add/remove one case). Each case counts in its
// own quarter only, so quarters compose in parallel; the release's epsilon is split
// evenly over the five tables (sequential composition). Noise: discrete Laplace
// (discrete_laplace.h) with scale t = D / epsilon_table, D the table's L1 sensitivity
// after contribution bounding: kerncijfers D = 3 (a case adds at most 1 to cases,
// online and aangifte); incidenttypen D = 3 (a case counts in at most 3 types: of more,
// 3 chosen uniformly at random); ambtsgroep, kanaal, uitkomst D = 1 (one value per
// case). Every quarter of the period and every code has a row, zero or not, so a
// missing row tells nothing. Noisy counts are clamped at 0 and shares are computed from
// noisy counts (post-processing costs no privacy). The microdata are not
// differentially private: they rely on k-anonymity alone. Beside them in one package
// the noise adds little (most cells can be counted from the microdata); it protects the
// tables and charts when they travel alone. rapport.md says both.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weerbaar/research/case_codes.h"
#include "weerbaar/research/random_source.h"
#include "weerbaar/result.h"

namespace weerbaar::research {

// Codebook labels the package needs (datapackage enums, Dutch titles, chart labels).
struct CodeList {
    std::string name, description_nl;
    std::vector<std::pair<std::string, std::string>> codes;  // code, label_nl
};
struct Codebook {
    std::uint32_t version = 1;
    std::string json;  // the codebook file's bytes, shipped as codebook.json
    std::vector<CodeList> lists;
};

// The lists an export needs, by CodeList::name.
inline constexpr std::string_view kNeededCodeLists[] = {"province",    "incident_type", "channel",
                                                        "perpetrator", "risk_level",    "referral",
                                                        "status",      "outcome"};

// Parses a codebook file (codebook/codebook-v1.json: version, lists of name,
// description_nl and codes of code and label_nl). invalid_argument when it does not
// parse or lacks one of kNeededCodeLists.
[[nodiscard]] Result<Codebook> codebook_from_json(std::string json);

struct ExportSettings {
    std::string from_period, to_period;   // "2025Q1" .. "2026Q4", inclusive, at most 100 quarters
    std::uint32_t k = 5;                  // >= 2
    std::uint32_t epsilon_millis = 1000;  // total epsilon x 1000 for the release, 1..100000
    std::string exporter;                 // user name, in the report
    std::int64_t created_unix = 0;        // in datapackage.json
};

inline constexpr std::uint32_t kTableCount = 5;

struct ExportReport {  // also written as rapport.md (Dutch) in the package
    std::size_t rows_in_period = 0, rows_published = 0;
    std::size_t rows_suppressed = 0;  // removed from microdata.csv
    std::size_t rows_starred = 0;     // published with one quasi-identifier set to "*"
    std::string period_level, region_level, office_level;  // e.g. "halfjaar", "landsdeel"
    double information_loss = 0;  // Precision loss of the chosen generalisation, 0..1
    // Table name, e.g. {"tabel_kanaal", "D = 1, epsilon = 0.2, t = 1/0.2 = 5"}.
    std::vector<std::pair<std::string, std::string>> noise_scale_per_table;
};

struct ResearchExport {
    std::vector<std::pair<std::string, std::string>> files;  // name, bytes
    ExportReport report;
};

// invalid_argument with field: "from_period"/"to_period" (not YYYYQn, from > to, or
// more than 100 quarters), "k" (< 2), "epsilon_millis" (0 or > 100000), "codebook" (a
// needed list missing), "cases[i].<field>" (a code that is not in the codebook, or an
// office group or duration bucket that does not exist: it could carry free text).
// Cases whose quarter lies outside the period are left out and not checked.
[[nodiscard]] Result<ResearchExport> build_research_export(const std::vector<CaseCodes>& cases,
                                                           const ExportSettings& settings,
                                                           const Codebook& codebook,
                                                           RandomSource& random);

}  // namespace weerbaar::research
