#pragma once
// datapackage.json: a Frictionless Tabular Data Package (https://specs.frictionlessdata.io/
// tabular-data-package/, table schema https://specs.frictionlessdata.io/table-schema/),
// one resource per CSV, plus a "weerbaar" object with the export's settings.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace weerbaar::research {

struct FieldSpec {
    std::string name;
    std::string type;                  // "string", "integer" or "number"
    std::string title;                 // Dutch
    std::vector<std::string> allowed;  // string fields: constraints.enum (missing "" aside)
    bool flag = false;                 // integer 0/1
};

struct ResourceSpec {
    std::string name;  // file name without ".csv"
    std::string title;
    std::vector<FieldSpec> fields;
};

struct PackageMetadata {
    std::uint32_t codebook_version = 1;
    std::string from_period, to_period;
    std::uint32_t k = 0;
    std::uint32_t epsilon_millis = 0;
    std::int64_t created_unix = 0;
    std::string period_level, region_level, office_level;
    std::vector<std::pair<std::string, std::string>> noise_scale_per_table;
};

[[nodiscard]] std::string datapackage_json(const std::vector<ResourceSpec>& resources,
                                           const PackageMetadata& metadata);

// "2026-12-01T06:00:00Z".
[[nodiscard]] std::string utc_timestamp(std::int64_t unix_seconds);

}  // namespace weerbaar::research
