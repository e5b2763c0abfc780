#include "weerbaar/research/research_export.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "bar_chart.h"
#include "datapackage.h"
#include "microdata.h"
#include "noisy_tables.h"
#include "quarter.h"
#include "report_markdown.h"
#include "weerbaar/research/hierarchy.h"

namespace weerbaar::research {
namespace {

constexpr std::uint32_t kMaxQuarters = 100;
constexpr std::uint32_t kMaxEpsilonMillis = 100000;
const std::vector<std::string> kOfficeGroupCodes(kOfficeGroups.begin(), kOfficeGroups.end());
const std::vector<std::string> kDurationBucketCodes(kDurationBuckets.begin(),
                                                    kDurationBuckets.end());
const std::vector<std::string> kLandsdelen{"noord", "oost", "west", "zuid"};
constexpr const char* kNoiseNote =
    "Cijfers met ruis (differentiële privacy): kleine aantallen en kleine verschillen zeggen "
    "niets.";

Error invalid(std::string message, std::string field) {
    return Error(ErrorCode::invalid_argument, std::move(message), std::move(field));
}

const CodeList* find_list(const Codebook& codebook, std::string_view name) {
    for (const auto& list : codebook.lists) {
        if (list.name == name) {
            return &list;
        }
    }
    return nullptr;
}

std::vector<std::string> codes_of(const CodeList& list) {
    std::vector<std::string> codes;
    for (const auto& [code, label] : list.codes) {
        codes.push_back(code);
    }
    return codes;
}

std::string label_of(const CodeList& list, const std::string& code) {
    for (const auto& [c, label] : list.codes) {
        if (c == code) {
            return label;
        }
    }
    return code;
}

bool contains(const std::vector<std::string>& codes, const std::string& code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

struct Lists {
    std::vector<std::string> province, incident_type, channel, perpetrator, risk_level, referral,
        status, outcome;
};

// Every value must be a code the package can name: a value that is not could be free
// text, a name or a municipality, and the export must never carry one.
Status check_case(const CaseCodes& c, std::size_t index, const Lists& lists) {
    const std::string prefix = "cases[" + std::to_string(index) + "].";
    const auto check = [&](const std::vector<std::string>& allowed, const std::string& value,
                           bool may_be_empty, const char* field) -> Status {
        if ((value.empty() && may_be_empty) || contains(allowed, value)) {
            return ok_status();
        }
        return invalid(
            "een zaak heeft een code die niet in het codeboek staat / a case holds "
            "a code that is not in the codebook",
            prefix + field);
    };
    WEERBAAR_TRY(check(lists.province, c.province, true, "province"));
    WEERBAAR_TRY(check(kOfficeGroupCodes, c.office_group, false, "office_group"));
    for (const auto& type : c.incident_types) {
        WEERBAAR_TRY(check(lists.incident_type, type, false, "incident_types"));
    }
    WEERBAAR_TRY(check(lists.channel, c.channel, true, "channel"));
    WEERBAAR_TRY(check(lists.perpetrator, c.perpetrator, true, "perpetrator"));
    WEERBAAR_TRY(check(lists.risk_level, c.risk_level, true, "risk_level"));
    for (const auto& referral : c.referrals) {
        WEERBAAR_TRY(check(lists.referral, referral, false, "referrals"));
    }
    WEERBAAR_TRY(check(lists.status, c.status, true, "status"));
    WEERBAAR_TRY(check(lists.outcome, c.outcome, true, "outcome"));
    WEERBAAR_TRY(check(kDurationBucketCodes, c.duration_bucket, false, "duration_bucket"));
    return ok_status();
}

std::vector<std::string> with(std::vector<std::string> codes,
                              std::initializer_list<const char*> extra) {
    for (const char* e : extra) {
        codes.emplace_back(e);
    }
    return codes;
}

// The values a published quasi-identifier can take at the chosen levels.
std::vector<std::string> period_values(std::uint32_t first, std::uint32_t last, int level) {
    std::vector<std::string> values;
    for (std::uint32_t q = first; q <= last; ++q) {
        const std::string v = generalise_period(quarter_text(q), level);
        if (!contains(values, v)) {
            values.push_back(v);
        }
    }
    if (!contains(values, std::string(kSuppressed))) {
        values.emplace_back(kSuppressed);
    }
    return values;
}

std::vector<ResourceSpec> resources(const Codebook& codebook, const Lists& lists,
                                    const std::vector<NoisyTable>& tables,
                                    const Anonymisation& anonymisation, std::uint32_t first,
                                    std::uint32_t last) {
    const auto list = [&](const char* name) { return *find_list(codebook, name); };
    std::vector<std::string> quarters;
    for (std::uint32_t q = first; q <= last; ++q) {
        quarters.push_back(quarter_text(q));
    }
    std::vector<std::string> regions = anonymisation.region_level == 0 ? lists.province
                                       : anonymisation.region_level == 1
                                           ? kLandsdelen
                                           : std::vector<std::string>{};
    regions = with(regions, {"onbekend", "*"});
    std::set<std::string> unique_regions(regions.begin(), regions.end());

    ResourceSpec micro{"microdata", "Zaken, k-anoniem (één rij per zaak)", {}};
    micro.fields.push_back({"periode", "string", "Periode van het incident",
                            period_values(first, last, anonymisation.period_level)});
    micro.fields.push_back(
        {"regio", "string", "Regio van de melder", {unique_regions.begin(), unique_regions.end()}});
    micro.fields.push_back({"ambtsgroep", "string", "Ambtsgroep van de melder",
                            with(kOfficeGroupCodes, {"onbekend", "*"})});
    for (const auto& [code, label] : list("incident_type").codes) {
        micro.fields.push_back({"type_" + code, "integer", "Incidenttype: " + label, {}, true});
    }
    for (const auto& [code, label] : list("referral").codes) {
        micro.fields.push_back(
            {"verwijzing_" + code, "integer", "Doorverwezen naar: " + label, {}, true});
    }
    micro.fields.push_back({"kanaal", "string", list("channel").description_nl, lists.channel});
    micro.fields.push_back(
        {"dader", "string", list("perpetrator").description_nl, lists.perpetrator});
    micro.fields.push_back({"herhaald", "integer", "Herhaald incident (1 = ja)", {}, true});
    micro.fields.push_back({"aangifte", "integer", "Aangifte gedaan (1 = ja)", {}, true});
    micro.fields.push_back(
        {"risico", "string", list("risk_level").description_nl, lists.risk_level});
    micro.fields.push_back({"status", "string", list("status").description_nl, lists.status});
    micro.fields.push_back({"uitkomst", "string", list("outcome").description_nl, lists.outcome});
    micro.fields.push_back({"duur", "string", "Duur van open tot gesloten", kDurationBucketCodes});

    std::vector<ResourceSpec> out{std::move(micro)};
    ResourceSpec core{"tabel_kerncijfers", "Kerncijfers per kwartaal (met ruis)", {}};
    core.fields = {{"kwartaal", "string", "Kwartaal van het incident", quarters},
                   {"zaken", "integer", "Aantal zaken", {}},
                   {"online",
                    "integer",
                    "Zaken online (sociale media, e-mail, online haat, "
                    "doxing)",
                    {}},
                   {"online_aandeel", "number", "Aandeel online (0 tot 1)", {}},
                   {"aangifte", "integer", "Zaken met aangifte", {}},
                   {"aangifte_aandeel", "number", "Aandeel met aangifte (0 tot 1)", {}}};
    out.push_back(std::move(core));
    const std::vector<std::pair<const char*, const char*>> titles{
        {"Zaken per kwartaal en incidenttype (met ruis)", "Incidenttype"},
        {"Zaken per kwartaal en ambtsgroep (met ruis)", "Ambtsgroep van de melder"},
        {"Zaken per kwartaal en kanaal (met ruis)", "Kanaal"},
        {"Zaken per kwartaal en uitkomst (met ruis)", "Uitkomst (open: nog niet gesloten)"}};
    for (std::size_t i = 1; i < tables.size(); ++i) {
        ResourceSpec r{tables[i].name, titles[i - 1].first, {}};
        r.fields = {{"kwartaal", "string", "Kwartaal van het incident", quarters},
                    {tables[i].dimension, "string", titles[i - 1].second, tables[i].codes},
                    {"zaken", "integer", "Aantal zaken", {}}};
        out.push_back(std::move(r));
    }
    return out;
}

void add_chart(std::vector<std::pair<std::string, std::string>>& files, const std::string& name,
               const BarChart& chart) {
    files.emplace_back("grafiek_" + name + ".svg", chart_svg(chart));
    files.emplace_back("grafiek_" + name + ".png", chart_png(chart));
}

void add_charts(std::vector<std::pair<std::string, std::string>>& files,
                const std::vector<NoisyTable>& tables, const CodeList& incident_types) {
    const NoisyTable& core = tables[0];
    const auto share = [](std::int64_t part, std::int64_t whole) {
        return whole <= 0 ? NAN
                          : std::min(1.0, static_cast<double>(part) / static_cast<double>(whole));
    };
    BarChart cases{"Zaken per kwartaal", kNoiseNote, "Aantal zaken", core.quarters, {}};
    BarChart aangifte{"Aandeel zaken met aangifte per kwartaal",
                      kNoiseNote,
                      "Aandeel met aangifte",
                      core.quarters,
                      {}};
    aangifte.percent = true;
    BarChart online{
        "Aandeel online incidenten per kwartaal", kNoiseNote, "Aandeel online", core.quarters, {}};
    online.percent = true;
    for (const auto& row : core.counts) {
        cases.values.push_back(static_cast<double>(row[0]));
        aangifte.values.push_back(share(row[2], row[0]));
        online.values.push_back(share(row[1], row[0]));
    }
    const NoisyTable& types = tables[1];
    BarChart by_type{"Zaken per incidenttype, hele periode",
                     kNoiseNote,
                     "Aantal zaken (een zaak kan meer typen hebben)",
                     {},
                     {}};
    by_type.horizontal = true;
    for (std::size_t i = 0; i < types.codes.size(); ++i) {
        std::int64_t total = 0;
        for (const auto& row : types.counts) {
            total += row[i];
        }
        by_type.labels.push_back(label_of(incident_types, types.codes[i]));
        by_type.values.push_back(static_cast<double>(total));
    }
    add_chart(files, "zaken_per_kwartaal", cases);
    add_chart(files, "incidenttypen", by_type);
    add_chart(files, "aangifte_per_kwartaal", aangifte);
    add_chart(files, "online_per_kwartaal", online);
}

}  // namespace

Result<ResearchExport> build_research_export(const std::vector<CaseCodes>& cases,
                                             const ExportSettings& settings,
                                             const Codebook& codebook, RandomSource& random) {
    const auto first = parse_quarter(settings.from_period);
    if (!first) {
        return invalid(
            "het begin van de periode is geen kwartaal als 2025Q1 / the period's "
            "start is not a quarter like 2025Q1",
            "from_period");
    }
    const auto last = parse_quarter(settings.to_period);
    if (!last || *last < *first) {
        return invalid(
            "het einde van de periode is geen kwartaal op of na het begin / the "
            "period's end is not a quarter at or after its start",
            "to_period");
    }
    if (*last - *first + 1 > kMaxQuarters) {
        return invalid(
            "de periode is langer dan 100 kwartalen / the period is longer than "
            "100 quarters",
            "to_period");
    }
    if (settings.k < 2) {
        return invalid("k moet minstens 2 zijn / k must be at least 2", "k");
    }
    if (settings.epsilon_millis == 0 || settings.epsilon_millis > kMaxEpsilonMillis) {
        return invalid("epsilon ligt tussen 0,001 en 100 / epsilon lies between 0.001 and 100",
                       "epsilon_millis");
    }
    for (std::string_view needed : kNeededCodeLists) {
        if (find_list(codebook, needed) == nullptr) {
            return invalid("het codeboek mist de lijst " + std::string(needed) +
                               " / the codebook lacks a list",
                           "codebook");
        }
    }
    const auto list = [&](const char* name) { return codes_of(*find_list(codebook, name)); };
    const Lists lists{list("province"),    list("incident_type"), list("channel"),
                      list("perpetrator"), list("risk_level"),    list("referral"),
                      list("status"),      list("outcome")};

    std::vector<const CaseCodes*> in_period;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto q = parse_quarter(cases[i].quarter);
        if (!q || *q < *first || *q > *last) {
            continue;
        }
        WEERBAAR_TRY(check_case(cases[i], i, lists));
        in_period.push_back(&cases[i]);
    }

    WEERBAAR_ASSIGN_OR_RETURN(
        Microdata micro,
        microdata_csv(in_period, {lists.incident_type, lists.referral}, settings.k));
    const Anonymisation& anonymisation = micro.anonymisation;

    const TableCodes table_codes{lists.incident_type, kOfficeGroupCodes,
                                 with(lists.channel, {"onbekend"}), lists.outcome};
    const std::vector<NoisyTable> tables =
        noisy_tables(in_period, *first, *last, table_codes, settings.epsilon_millis, random);

    ResearchExport out;
    ExportReport& report = out.report;
    report.rows_in_period = in_period.size();
    report.rows_suppressed = anonymisation.rows_removed;
    report.rows_published = in_period.size() - anonymisation.rows_removed;
    report.rows_starred = anonymisation.rows_starred;
    report.period_level = kPeriodLevelNames[anonymisation.period_level];
    report.region_level = kRegionLevelNames[anonymisation.region_level];
    report.office_level = kOfficeLevelNames[anonymisation.office_level];
    report.information_loss = anonymisation.loss;
    for (const auto& table : tables) {
        report.noise_scale_per_table.emplace_back(table.name,
                                                  describe_scale(table, settings.epsilon_millis));
    }

    out.files.emplace_back("microdata.csv", std::move(micro.csv));
    for (const auto& table : tables) {
        out.files.emplace_back(table.name + ".csv", table_csv(table));
    }
    add_charts(out.files, tables, *find_list(codebook, "incident_type"));
    out.files.emplace_back("codebook.json", codebook.json);

    PackageMetadata metadata{codebook.version,        settings.from_period,
                             settings.to_period,      settings.k,
                             settings.epsilon_millis, settings.created_unix,
                             report.period_level,     report.region_level,
                             report.office_level,     report.noise_scale_per_table};
    out.files.emplace_back(
        "datapackage.json",
        datapackage_json(resources(codebook, lists, tables, anonymisation, *first, *last),
                         metadata));
    out.files.emplace_back("rapport.md", report_markdown(report, settings, codebook.version));
    return out;
}

}  // namespace weerbaar::research
