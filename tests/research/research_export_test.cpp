#include "weerbaar/research/research_export.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "seeded_random.h"
#include "weerbaar/research/synthetic_organisation.h"

using namespace weerbaar;
using namespace weerbaar::research;
using weerbaar::research::testing::SeededRandom;

namespace {

Codebook codebook_v1() {
    std::ifstream in(WEERBAAR_CODEBOOK_JSON, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    auto codebook = codebook_from_json(bytes.str());
    REQUIRE(codebook.ok());
    return std::move(codebook).value();
}

std::vector<CaseCodes> synthetic_codes(std::size_t count, std::uint32_t seed) {
    std::vector<CaseCodes> codes;
    for (const auto& facts : synthetic_cases(count, seed, 2024, 3)) {
        codes.push_back(generalise(facts));
    }
    return codes;
}

ExportSettings settings(std::uint32_t k = 5, std::uint32_t epsilon_millis = 1000) {
    ExportSettings s;
    s.from_period = "2024Q1";
    s.to_period = "2026Q4";
    s.k = k;
    s.epsilon_millis = epsilon_millis;
    s.exporter = "coordinator";
    s.created_unix = 1'790'000'000;
    return s;
}

// An export of `count` synthetic cases (seed `case_seed`) at the default settings.
Result<ResearchExport> export_of(std::size_t count, std::uint32_t case_seed,
                                 std::uint64_t random_seed) {
    SeededRandom random(random_seed);
    return build_research_export(synthetic_codes(count, case_seed), settings(), codebook_v1(),
                                 random);
}

const std::string& file(const ResearchExport& e, const std::string& name) {
    for (const auto& [n, bytes] : e.files) {
        if (n == name) {
            return bytes;
        }
    }
    FAIL("no file " << name);
    static const std::string none;
    return none;
}

// The package's CSV has no quoted cells (codes and numbers only), so a split suffices;
// a quote would make this fail loudly.
std::vector<std::vector<std::string>> parse_csv(const std::string& csv) {
    REQUIRE(csv.find('"') == std::string::npos);
    std::vector<std::vector<std::string>> rows;
    std::size_t start = 0;
    while (start < csv.size()) {
        const auto end = csv.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        std::vector<std::string> cells;
        std::stringstream line(csv.substr(start, end - start));
        std::string cell;
        while (std::getline(line, cell, ',')) {
            cells.push_back(cell);
        }
        if (!csv.empty() && end > start && csv[end - 1] == ',') {
            cells.emplace_back();
        }
        rows.push_back(std::move(cells));
        start = end + 2;
    }
    return rows;
}

std::vector<std::string> expected_microdata_header(const Codebook& codebook) {
    std::vector<std::string> header{"periode", "regio", "ambtsgroep"};
    for (const auto& list : codebook.lists) {
        if (list.name == "incident_type") {
            for (const auto& [code, label] : list.codes) {
                header.push_back("type_" + code);
            }
        }
    }
    for (const auto& list : codebook.lists) {
        if (list.name == "referral") {
            for (const auto& [code, label] : list.codes) {
                header.push_back("verwijzing_" + code);
            }
        }
    }
    for (const char* name :
         {"kanaal", "dader", "herhaald", "aangifte", "risico", "status", "uitkomst", "duur"}) {
        header.emplace_back(name);
    }
    return header;
}

std::size_t smallest_class(const std::vector<std::vector<std::string>>& rows) {
    std::map<std::vector<std::string>, std::size_t> classes;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        ++classes[{rows[i][0], rows[i][1], rows[i][2]}];
    }
    std::size_t smallest = SIZE_MAX;
    for (const auto& [key, count] : classes) {
        smallest = std::min(smallest, count);
    }
    return smallest;
}

}  // namespace

TEST_CASE("an export holds exactly the package's files", "[research][export]") {
    const auto result = export_of(500, 4, 1);
    REQUIRE(result.ok());
    std::set<std::string> names;
    for (const auto& [name, bytes] : result.value().files) {
        CHECK(names.insert(name).second);
        CHECK_FALSE(bytes.empty());
    }
    const std::set<std::string> expected{"microdata.csv",
                                         "tabel_kerncijfers.csv",
                                         "tabel_incidenttypen.csv",
                                         "tabel_ambtsgroep.csv",
                                         "tabel_kanaal.csv",
                                         "tabel_uitkomst.csv",
                                         "grafiek_zaken_per_kwartaal.svg",
                                         "grafiek_zaken_per_kwartaal.png",
                                         "grafiek_incidenttypen.svg",
                                         "grafiek_incidenttypen.png",
                                         "grafiek_aangifte_per_kwartaal.svg",
                                         "grafiek_aangifte_per_kwartaal.png",
                                         "grafiek_online_per_kwartaal.svg",
                                         "grafiek_online_per_kwartaal.png",
                                         "codebook.json",
                                         "datapackage.json",
                                         "rapport.md"};
    CHECK(names == expected);
    CHECK(file(result.value(), "codebook.json") == codebook_v1().json);
}

TEST_CASE("microdata has only the listed columns and every combination k times",
          "[research][export]") {
    const Codebook codebook = codebook_v1();
    for (std::uint32_t k : {2u, 5u, 11u}) {
        for (std::size_t count : {0u, 3u, 40u, 2000u}) {
            INFO("k = " << k << ", " << count << " cases");
            SeededRandom random(k);
            const auto result =
                build_research_export(synthetic_codes(count, k), settings(k), codebook, random);
            REQUIRE(result.ok());
            const auto rows = parse_csv(file(result.value(), "microdata.csv"));
            REQUIRE(!rows.empty());
            CHECK(rows[0] == expected_microdata_header(codebook));
            CHECK(rows.size() - 1 == result.value().report.rows_published);
            CHECK(result.value().report.rows_published + result.value().report.rows_suppressed ==
                  count);
            if (rows.size() > 1) {
                CHECK(smallest_class(rows) >= k);
            }
            const std::regex date(R"(\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4})");
            for (const auto& row : rows) {
                CHECK(row.size() == rows[0].size());
                for (const auto& cell : row) {
                    CHECK_FALSE(std::regex_search(cell, date));
                }
            }
        }
    }
}

TEST_CASE("suppression stays under 10% at k = 5 in a 2,000-case export", "[research][export]") {
    SeededRandom random(3);
    const auto result =
        build_research_export(synthetic_codes(2000, 1), settings(5), codebook_v1(), random);
    REQUIRE(result.ok());
    const auto& report = result.value().report;
    CHECK(report.rows_in_period == 2000);
    CHECK(report.rows_suppressed + report.rows_starred < 200);
    CHECK_FALSE(report.period_level.empty());
    CHECK_FALSE(report.region_level.empty());
}

TEST_CASE("cases outside the period are left out", "[research][export]") {
    auto cases = synthetic_codes(300, 9);
    ExportSettings s = settings(2);
    s.from_period = "2025Q1";
    s.to_period = "2025Q4";
    std::size_t in_2025 = 0;
    for (const auto& c : cases) {
        in_2025 += c.quarter.rfind("2025", 0) == 0 ? 1 : 0;
    }
    SeededRandom random(1);
    const auto result = build_research_export(cases, s, codebook_v1(), random);
    REQUIRE(result.ok());
    CHECK(result.value().report.rows_in_period == in_2025);
    const auto core = parse_csv(file(result.value(), "tabel_kerncijfers.csv"));
    REQUIRE(core.size() == 5);
    CHECK(core[1][0] == "2025Q1");
    CHECK(core[4][0] == "2025Q4");
}

TEST_CASE("settings out of range are refused with the field named", "[research][export]") {
    const auto cases = synthetic_codes(20, 1);
    const Codebook codebook = codebook_v1();
    const auto refused = [&](ExportSettings s, const std::string& field) {
        SeededRandom random(1);
        const auto result = build_research_export(cases, s, codebook, random);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code() == ErrorCode::invalid_argument);
        CHECK(result.error().field() == field);
    };
    refused(settings(1), "k");
    refused(settings(0), "k");
    refused(settings(5, 0), "epsilon_millis");
    refused(settings(5, 100001), "epsilon_millis");
    ExportSettings s = settings();
    s.from_period = "2025-01";
    refused(s, "from_period");
    s = settings();
    s.to_period = "2023Q4";
    refused(s, "to_period");
    s = settings();
    s.from_period = "2000Q1";
    refused(s, "to_period");  // 108 quarters
    Codebook partial = codebook;
    partial.lists.erase(partial.lists.begin() + 3);  // channel
    SeededRandom random(1);
    const auto result = build_research_export(cases, settings(), partial, random);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().field() == "codebook");
}

TEST_CASE("a value that is not a code is refused, so no free text gets out", "[research][export]") {
    const Codebook codebook = codebook_v1();
    const auto refused = [&](auto change, const std::string& field) {
        auto cases = synthetic_codes(10, 2);
        change(cases[4]);
        SeededRandom random(1);
        const auto result = build_research_export(cases, settings(2), codebook, random);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().field() == "cases[4]." + field);
    };
    refused([](CaseCodes& c) { c.channel = "belde Jan de Vries"; }, "channel");
    refused([](CaseCodes& c) { c.province = "Vlissingen"; }, "province");
    refused([](CaseCodes& c) { c.office_group = "burgemeester van Almere"; }, "office_group");
    refused([](CaseCodes& c) { c.incident_types.push_back("=cmd|' /C calc'!A0"); },
            "incident_types");
    refused([](CaseCodes& c) { c.referrals.push_back("dr. Jansen"); }, "referrals");
    refused([](CaseCodes& c) { c.perpetrator = "buurman"; }, "perpetrator");
    refused([](CaseCodes& c) { c.risk_level = "14-03-2025"; }, "risk_level");
    refused([](CaseCodes& c) { c.status = "open"; }, "status");
    refused([](CaseCodes& c) { c.outcome = "verhuisd"; }, "outcome");
    refused([](CaseCodes& c) { c.duration_bucket = "12 dagen"; }, "duration_bucket");
}

TEST_CASE("tables count exactly when the noise is negligible", "[research][export]") {
    // epsilon 100: per table 20, scale t <= 3/20; P[noise != 0] < 1e-8 per cell.
    const auto cases = synthetic_codes(400, 5);
    SeededRandom random(8);
    const auto result = build_research_export(cases, settings(5, 100000), codebook_v1(), random);
    REQUIRE(result.ok());
    std::map<std::string, std::array<std::int64_t, 3>> truth;
    std::map<std::pair<std::string, std::string>, std::int64_t> by_channel;
    for (const auto& c : cases) {
        auto& t = truth[c.quarter];
        ++t[0];
        const bool online =
            c.channel == "sociale_media" || c.channel == "email" ||
            std::count(c.incident_types.begin(), c.incident_types.end(), "online_haat") ||
            std::count(c.incident_types.begin(), c.incident_types.end(), "doxing");
        t[1] += online ? 1 : 0;
        t[2] += c.police_report ? 1 : 0;
        ++by_channel[{c.quarter, c.channel}];
    }
    const auto core = parse_csv(file(result.value(), "tabel_kerncijfers.csv"));
    CHECK(core[0] == std::vector<std::string>{"kwartaal", "zaken", "online", "online_aandeel",
                                              "aangifte", "aangifte_aandeel"});
    REQUIRE(core.size() == 13);
    for (std::size_t i = 1; i < core.size(); ++i) {
        const auto& t = truth[core[i][0]];
        CHECK(core[i][1] == std::to_string(t[0]));
        CHECK(core[i][2] == std::to_string(t[1]));
        CHECK(core[i][4] == std::to_string(t[2]));
    }
    const auto channel = parse_csv(file(result.value(), "tabel_kanaal.csv"));
    CHECK(channel.size() == 1 + 12 * 9);  // 8 codes and onbekend, every quarter
    for (std::size_t i = 1; i < channel.size(); ++i) {
        CHECK(channel[i][2] == std::to_string(by_channel[{channel[i][0], channel[i][1]}]));
    }
}

TEST_CASE("noisy counts differ from the truth and are never negative", "[research][export]") {
    const auto cases = synthetic_codes(100, 5);
    SeededRandom random(8);
    const auto result = build_research_export(cases, settings(5, 100), codebook_v1(), random);
    REQUIRE(result.ok());
    // epsilon 0.1: per table 0.02, scale 50 to 150: many cells of a 100-case export are 0
    // after clamping, none below, and the total is not the true total.
    std::int64_t total = 0;
    for (const char* table : {"tabel_incidenttypen.csv", "tabel_ambtsgroep.csv", "tabel_kanaal.csv",
                              "tabel_uitkomst.csv"}) {
        const auto rows = parse_csv(file(result.value(), table));
        for (std::size_t i = 1; i < rows.size(); ++i) {
            CHECK(std::stoll(rows[i][2]) >= 0);
            CHECK(rows[i][2].front() != '-');
        }
    }
    for (const auto& row : parse_csv(file(result.value(), "tabel_kerncijfers.csv"))) {
        if (row[0] != "kwartaal") {
            total += std::stoll(row[1]);
        }
    }
    CHECK(total != 100);
    const auto& scales = result.value().report.noise_scale_per_table;
    REQUIRE(scales.size() == 5);
    CHECK(scales[0] == std::pair<std::string, std::string>{
                           "tabel_kerncijfers", "D = 3, epsilon = 0.02, t = 3/0.02 = 150"});
    CHECK(scales[3] == std::pair<std::string, std::string>{
                           "tabel_kanaal", "D = 1, epsilon = 0.02, t = 1/0.02 = 50"});
}

TEST_CASE("datapackage.json describes every CSV column by column", "[research][export]") {
    const auto result = export_of(800, 6, 2);
    REQUIRE(result.ok());
    const auto package = nlohmann::json::parse(file(result.value(), "datapackage.json"));
    CHECK(package.at("profile") == "tabular-data-package");
    CHECK(package.at("weerbaar").at("k") == 5);
    CHECK(package.at("weerbaar").at("epsilon_millis") == 1000);
    CHECK(package.at("weerbaar").at("codebook_version") == 1);
    CHECK(package.at("weerbaar").at("period").at("from") == "2024Q1");
    std::set<std::string> described;
    for (const auto& resource : package.at("resources")) {
        const std::string path = resource.at("path");
        described.insert(path);
        const auto rows = parse_csv(file(result.value(), path));
        const auto& fields = resource.at("schema").at("fields");
        REQUIRE(fields.size() == rows[0].size());
        for (std::size_t column = 0; column < fields.size(); ++column) {
            const auto& field = fields[column];
            INFO(path << " column " << rows[0][column]);
            CHECK(field.at("name") == rows[0][column]);
            CHECK_FALSE(field.at("title").get<std::string>().empty());
            if (field.at("type") == "string" && field.contains("constraints")) {
                const auto allowed = field.at("constraints").at("enum");
                for (std::size_t i = 1; i < rows.size(); ++i) {
                    const auto& value = rows[i][column];
                    CHECK((value.empty() ||
                           std::find(allowed.begin(), allowed.end(), value) != allowed.end()));
                }
            }
        }
    }
    CHECK(described == std::set<std::string>{"microdata.csv", "tabel_kerncijfers.csv",
                                             "tabel_incidenttypen.csv", "tabel_ambtsgroep.csv",
                                             "tabel_kanaal.csv", "tabel_uitkomst.csv"});
}

TEST_CASE("charts are SVG and PNG of the same size", "[research][export][chart]") {
    const auto result = export_of(200, 6, 2);
    REQUIRE(result.ok());
    for (const char* name :
         {"zaken_per_kwartaal", "incidenttypen", "aangifte_per_kwartaal", "online_per_kwartaal"}) {
        const auto& svg = file(result.value(), std::string("grafiek_") + name + ".svg");
        const auto& png = file(result.value(), std::string("grafiek_") + name + ".png");
        CHECK(svg.rfind("<?xml", 0) == 0);
        CHECK(svg.find("<svg") != std::string::npos);
        CHECK(svg.find("width=\"900px\" height=\"540px\"") != std::string::npos);
        CHECK(svg.find("<g id=\"surface1\"") != std::string::npos);
        REQUIRE(png.size() > 24);
        CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
        // IHDR width and height, big-endian at bytes 16..23.
        const auto u32 = [&](std::size_t at) {
            return (static_cast<unsigned char>(png[at]) << 24) |
                   (static_cast<unsigned char>(png[at + 1]) << 16) |
                   (static_cast<unsigned char>(png[at + 2]) << 8) |
                   static_cast<unsigned char>(png[at + 3]);
        };
        CHECK(u32(16) == 900);
        CHECK(u32(20) == 540);
    }
}

TEST_CASE("rapport.md gives the figures in Dutch", "[research][export]") {
    const auto result = export_of(2000, 1, 2);
    REQUIRE(result.ok());
    const auto& md = file(result.value(), "rapport.md");
    const auto& report = result.value().report;
    CHECK(md.find("| Zaken in de periode | 2000 |") != std::string::npos);
    CHECK(md.find("| Gepubliceerde rijen | " + std::to_string(report.rows_published) + " |") !=
          std::string::npos);
    CHECK(md.find("k = 5") != std::string::npos);
    CHECK(md.find("t = 1/0.2 = 5") != std::string::npos);
    CHECK(md.find("Wat u wel en niet mag concluderen") != std::string::npos);
}

TEST_CASE("the same seed gives the same package", "[research][export]") {
    const auto cases = synthetic_codes(300, 3);
    SeededRandom a(42), b(42), c(43);
    const auto first = build_research_export(cases, settings(), codebook_v1(), a);
    const auto second = build_research_export(cases, settings(), codebook_v1(), b);
    const auto other = build_research_export(cases, settings(), codebook_v1(), c);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    REQUIRE(other.ok());
    REQUIRE(first.value().files.size() == second.value().files.size());
    for (std::size_t i = 0; i < first.value().files.size(); ++i) {
        INFO(first.value().files[i].first);
        CHECK(first.value().files[i] == second.value().files[i]);
    }
    CHECK(file(first.value(), "tabel_kanaal.csv") != file(other.value(), "tabel_kanaal.csv"));
    CHECK(file(first.value(), "microdata.csv") == file(other.value(), "microdata.csv"));
}

TEST_CASE("a codebook that does not parse is refused", "[research][export]") {
    CHECK(codebook_from_json("{").error().field() == "codebook");
    CHECK(codebook_from_json(R"({"version":1,"lists":[]})").error().code() ==
          ErrorCode::invalid_argument);
}

TEST_CASE("a case counts in at most three incident types", "[research][export]") {
    // Twenty cases in one quarter, each with five types; epsilon 100 makes the noise
    // negligible, so the table shows the bound: 20 x 3 = 60 type counts, not 100.
    CaseCodes c;
    c.quarter = "2025Q2";
    c.province = "utrecht";
    c.office_group = "bestuurder";
    c.incident_types = {"bedreiging", "doxing", "intimidatie", "stalking", "vernieling"};
    c.status = "gesloten";
    c.outcome = "opgelost";
    c.duration_bucket = "tot_1_week";
    const std::vector<CaseCodes> cases(20, c);
    ExportSettings s = settings(5, 100000);
    s.from_period = "2025Q2";
    s.to_period = "2025Q2";
    SeededRandom random(4);
    const auto result = build_research_export(cases, s, codebook_v1(), random);
    REQUIRE(result.ok());
    std::int64_t counted = 0;
    std::size_t types_seen = 0;
    for (const auto& row : parse_csv(file(result.value(), "tabel_incidenttypen.csv"))) {
        if (row[0] == "kwartaal") {
            continue;
        }
        const auto n = std::stoll(row[2]);
        counted += n;
        types_seen += n > 0 ? 1 : 0;
        if (n > 0) {
            CHECK(std::count(c.incident_types.begin(), c.incident_types.end(), row[1]) == 1);
        }
    }
    CHECK(counted == 60);
    CHECK(types_seen == 5);  // the choice is random, so every type gets some
    // The case has no channel: it counts as onbekend, and closed as its outcome.
    const auto channel = parse_csv(file(result.value(), "tabel_kanaal.csv"));
    for (std::size_t i = 1; i < channel.size(); ++i) {
        CHECK(channel[i][2] == (channel[i][1] == "onbekend" ? "20" : "0"));
    }
    const auto outcome = parse_csv(file(result.value(), "tabel_uitkomst.csv"));
    for (std::size_t i = 1; i < outcome.size(); ++i) {
        CHECK(outcome[i][2] == (outcome[i][1] == "opgelost" ? "20" : "0"));
    }
    // And the microdata keep all five: bounding is for the noisy table only.
    const auto micro = parse_csv(file(result.value(), "microdata.csv"));
    REQUIRE(micro.size() == 21);
    const auto column = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(micro[0].begin(), micro[0].end(), name) -
                                        micro[0].begin());
    };
    CHECK(micro[1][column("type_stalking")] == "1");
    CHECK(micro[1][column("type_bedreiging")] == "1");
    CHECK(micro[1][column("type_fysiek_geweld")] == "0");
}
