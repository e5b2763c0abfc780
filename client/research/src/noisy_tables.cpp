#include "noisy_tables.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "quarter.h"
#include "weerbaar/research/csv.h"
#include "weerbaar/research/discrete_laplace.h"
#include "weerbaar/research/research_export.h"

namespace weerbaar::research {
namespace {

constexpr std::size_t kMaxIncidentTypesPerCase = 3;

std::size_t index_of(const std::vector<std::string>& codes, const std::string& code) {
    return static_cast<std::size_t>(std::find(codes.begin(), codes.end(), code) - codes.begin());
}

NoisyTable empty_table(std::string name, std::string dimension, std::uint32_t sensitivity,
                       std::vector<std::string> codes, std::uint32_t first, std::uint32_t last,
                       std::uint32_t epsilon_millis) {
    NoisyTable table;
    table.name = std::move(name);
    table.dimension = std::move(dimension);
    table.sensitivity = sensitivity;
    // t = D / (epsilon / tables) = D * 1000 * tables / epsilon_millis, exactly.
    const std::uint64_t t = std::uint64_t{sensitivity} * 1000 * kTableCount;
    const std::uint64_t g = std::gcd(t, std::uint64_t{epsilon_millis});
    table.scale_numerator = t / g;
    table.scale_denominator = epsilon_millis / g;
    for (std::uint32_t q = first; q <= last; ++q) {
        table.quarters.push_back(quarter_text(q));
    }
    table.codes = std::move(codes);
    table.counts.assign(table.quarters.size(), std::vector<std::int64_t>(table.codes.size(), 0));
    return table;
}

// Up to kMaxIncidentTypesPerCase of a case's types, a uniform choice when it has more
// (partial Fisher-Yates), so that no type is favoured by its place in the codebook.
std::vector<std::string> bounded_types(const CaseCodes& codes, RandomSource& random) {
    std::vector<std::string> types = codes.incident_types;
    if (types.size() <= kMaxIncidentTypesPerCase) {
        return types;
    }
    for (std::size_t i = 0; i < kMaxIncidentTypesPerCase; ++i) {
        const auto j = i + random.uniform(static_cast<std::uint32_t>(types.size() - i));
        std::swap(types[i], types[j]);
    }
    types.resize(kMaxIncidentTypesPerCase);
    return types;
}

}  // namespace

bool is_online(const CaseCodes& codes) {
    const auto has = [&](const char* type) {
        return std::find(codes.incident_types.begin(), codes.incident_types.end(), type) !=
               codes.incident_types.end();
    };
    return codes.channel == "sociale_media" || codes.channel == "email" || has("online_haat") ||
           has("doxing");
}

std::vector<NoisyTable> noisy_tables(const std::vector<const CaseCodes*>& cases,
                                     std::uint32_t first_quarter, std::uint32_t last_quarter,
                                     const TableCodes& codes, std::uint32_t epsilon_millis,
                                     RandomSource& random) {
    std::vector<std::string> outcomes = codes.outcomes;
    outcomes.emplace_back("open");
    std::vector<NoisyTable> tables;
    tables.push_back(empty_table("tabel_kerncijfers", "", 3, {"zaken", "online", "aangifte"},
                                 first_quarter, last_quarter, epsilon_millis));
    tables.push_back(empty_table("tabel_incidenttypen", "incidenttype", 3, codes.incident_types,
                                 first_quarter, last_quarter, epsilon_millis));
    tables.push_back(empty_table("tabel_ambtsgroep", "ambtsgroep", 1, codes.office_groups,
                                 first_quarter, last_quarter, epsilon_millis));
    tables.push_back(empty_table("tabel_kanaal", "kanaal", 1, codes.channels, first_quarter,
                                 last_quarter, epsilon_millis));
    tables.push_back(empty_table("tabel_uitkomst", "uitkomst", 1, std::move(outcomes),
                                 first_quarter, last_quarter, epsilon_millis));

    // A value outside a table's codes (an unknown channel, "") is not counted there;
    // index_of gives codes.size() for it, which the bound checks skip.
    const auto add = [](NoisyTable& table, std::size_t quarter, std::size_t code) {
        if (code < table.codes.size()) {
            ++table.counts[quarter][code];
        }
    };
    for (const CaseCodes* c : cases) {
        const std::size_t q = *parse_quarter(c->quarter) - first_quarter;
        add(tables[0], q, 0);
        if (is_online(*c)) {
            add(tables[0], q, 1);
        }
        if (c->police_report) {
            add(tables[0], q, 2);
        }
        for (const std::string& type : bounded_types(*c, random)) {
            add(tables[1], q, index_of(tables[1].codes, type));
        }
        add(tables[2], q, index_of(tables[2].codes, c->office_group));
        add(tables[3], q,
            index_of(tables[3].codes, c->channel.empty() ? std::string("onbekend") : c->channel));
        const bool closed = c->status == "gesloten";
        add(tables[4], q, index_of(tables[4].codes, closed ? c->outcome : std::string("open")));
    }

    for (NoisyTable& table : tables) {
        for (auto& row : table.counts) {
            for (auto& count : row) {
                count += discrete_laplace(random, table.scale_numerator, table.scale_denominator);
                count = std::max<std::int64_t>(count, 0);  // post-processing
            }
        }
    }
    return tables;
}

std::string describe_scale(const NoisyTable& table, std::uint32_t epsilon_millis) {
    // Display only: the sampler uses the exact fraction t = numerator / denominator.
    const double epsilon = epsilon_millis / (1000.0 * kTableCount);
    const double t =
        static_cast<double>(table.scale_numerator) / static_cast<double>(table.scale_denominator);
    char text[128];
    (void)std::snprintf(text, sizeof text, "D = %u, epsilon = %.4g, t = %u/%.4g = %.4g",
                        table.sensitivity, epsilon, table.sensitivity, epsilon, t);
    return text;
}

std::string share_text(std::int64_t numerator, std::int64_t denominator) {
    if (denominator <= 0) {
        return "";
    }
    // Rounded half up to thousandths in integers, so the text never depends on the FPU.
    const std::int64_t thousandths =
        std::min<std::int64_t>((numerator * 2000 + denominator) / (2 * denominator), 1000);
    char text[48];
    (void)std::snprintf(text, sizeof text, "%lld.%03lld",
                        static_cast<long long>(thousandths / 1000),
                        static_cast<long long>(thousandths % 1000));
    return text;
}

std::string table_csv(const NoisyTable& table) {
    std::string csv;
    if (table.dimension.empty()) {
        csv += csv_row(
            {"kwartaal", "zaken", "online", "online_aandeel", "aangifte", "aangifte_aandeel"});
        for (std::size_t q = 0; q < table.quarters.size(); ++q) {
            const auto& c = table.counts[q];
            csv += csv_row({table.quarters[q], std::to_string(c[0]), std::to_string(c[1]),
                            share_text(c[1], c[0]), std::to_string(c[2]), share_text(c[2], c[0])});
        }
        return csv;
    }
    csv += csv_row({"kwartaal", table.dimension, "zaken"});
    for (std::size_t q = 0; q < table.quarters.size(); ++q) {
        for (std::size_t i = 0; i < table.codes.size(); ++i) {
            csv += csv_row({table.quarters[q], table.codes[i], std::to_string(table.counts[q][i])});
        }
    }
    return csv;
}

}  // namespace weerbaar::research
