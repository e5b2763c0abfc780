#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "weerbaar/client/intake_json.h"

using nlohmann::json;
using namespace std::chrono;

namespace {

// Fixed, so the tests do not depend on the day they run.
constexpr year_month_day kToday{year{2030}, month{6}, day{15}};

json example() {
    std::ifstream in(WEERBAAR_EXAMPLE_INTAKE);
    REQUIRE(in);
    return json::parse(in);
}

std::vector<std::string> problems_of(const json& intake) {
    return weerbaar::client::intake_problems(intake, kToday);
}

// Exactly one problem, and it names `field`.
void require_single_problem(const json& intake, const std::string& field) {
    const auto problems = problems_of(intake);
    INFO("problems: " << json(problems).dump());
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().rfind(field + ": ", 0) == 0);
}

}  // namespace

TEST_CASE("the example intake is valid", "[intake]") {
    const auto intake = weerbaar::client::intake_from_json(example(), kToday);
    REQUIRE(intake.ok());
    CHECK(intake.value().reporter().municipality() == "GM0344");
    CHECK(intake.value().incident().types_size() == 2);
    CHECK(intake.value().incident().repeated());
    CHECK_FALSE(intake.value().incident().reported_to_employer());
}

TEST_CASE("the example file reads and converts back to the same JSON", "[intake]") {
    const auto intake = weerbaar::client::read_intake_file(WEERBAAR_EXAMPLE_INTAKE, kToday);
    REQUIRE(intake.ok());
    CHECK(weerbaar::client::intake_to_json(intake.value()) == example());
}

TEST_CASE("codebook_version must be 1", "[intake]") {
    json intake = example();
    intake["codebook_version"] = 2;
    require_single_problem(intake, "codebook_version");
    intake.erase("codebook_version");
    require_single_problem(intake, "codebook_version");
}

TEST_CASE("reporter.name is required and not empty", "[intake]") {
    json intake = example();
    intake["reporter"]["name"] = "";
    require_single_problem(intake, "reporter.name");
    intake["reporter"].erase("name");
    require_single_problem(intake, "reporter.name");
    intake["reporter"]["name"] = 42;
    require_single_problem(intake, "reporter.name");
}

TEST_CASE("reporter.contact is optional", "[intake]") {
    json intake = example();
    intake["reporter"].erase("contact");
    CHECK(problems_of(intake).empty());
}

TEST_CASE("office_role and province must be codebook codes", "[intake]") {
    json intake = example();
    intake["reporter"]["office_role"] = "koning";
    require_single_problem(intake, "reporter.office_role");
    intake = example();
    intake["reporter"].erase("province");
    require_single_problem(intake, "reporter.province");
}

TEST_CASE("municipality must be GM and four digits", "[intake]") {
    for (const char* bad : {"0344", "GM344", "GM03444", "gm0344", "GMabcd"}) {
        json intake = example();
        intake["reporter"]["municipality"] = bad;
        INFO(bad);
        require_single_problem(intake, "reporter.municipality");
    }
}

TEST_CASE("incident.date must be a real past date in YYYY-MM-DD", "[intake]") {
    for (const char* bad : {"14-11-2026", "2026-02-30", "2026-13-01", "2026-1-01", "2031-01-01"}) {
        json intake = example();
        intake["incident"]["date"] = bad;
        INFO(bad);
        require_single_problem(intake, "incident.date");
    }
    json intake = example();
    intake["incident"].erase("date");
    require_single_problem(intake, "incident.date");
}

TEST_CASE("incident.date on a leap day and today are accepted", "[intake]") {
    json intake = example();
    intake["incident"]["date"] = "2028-02-29";
    CHECK(problems_of(intake).empty());
    intake["incident"]["date"] = "2030-06-15";
    CHECK(problems_of(intake).empty());
}

TEST_CASE("incident.date_end is optional and not before the date", "[intake]") {
    json intake = example();
    intake["incident"]["date_end"] = "2026-11-20";
    CHECK(problems_of(intake).empty());
    intake["incident"]["date_end"] = "2026-11-13";
    require_single_problem(intake, "incident.date_end");
    intake["incident"]["date_end"] = "20-11-2026";
    require_single_problem(intake, "incident.date_end");
}

TEST_CASE("incident.types needs known, distinct codes", "[intake]") {
    json intake = example();
    intake["incident"]["types"] = json::array();
    require_single_problem(intake, "incident.types");
    intake["incident"]["types"] = {"bedreiging", "bedreiging"};
    require_single_problem(intake, "incident.types[1]");
    intake["incident"]["types"] = "bedreiging";
    require_single_problem(intake, "incident.types");
    intake["incident"].erase("types");
    require_single_problem(intake, "incident.types");
}

TEST_CASE("an unknown incident type is named with its index and value", "[intake]") {
    json intake = example();
    intake["incident"]["types"] = {"bedreiging", "bedrijging"};
    const auto problems = problems_of(intake);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front() == "incident.types[1]: unknown code 'bedrijging'");
}

TEST_CASE("channel, perpetrator and risk_level must be codebook codes", "[intake]") {
    for (const char* field : {"channel", "perpetrator", "risk_level"}) {
        INFO(field);
        json intake = example();
        intake["incident"][field] = "onzin";
        require_single_problem(intake, std::string("incident.") + field);
        intake["incident"].erase(field);
        require_single_problem(intake, std::string("incident.") + field);
    }
}

TEST_CASE("flags must be JSON booleans and default to false", "[intake]") {
    json intake = example();
    intake["incident"]["police_report"] = "true";
    require_single_problem(intake, "incident.police_report");
    intake["incident"]["police_report"] = 1;
    require_single_problem(intake, "incident.police_report");

    intake = example();
    intake["incident"].erase("family_affected");
    const auto parsed = weerbaar::client::intake_from_json(intake, kToday);
    REQUIRE(parsed.ok());
    CHECK_FALSE(parsed.value().incident().family_affected());
}

TEST_CASE("referrals must be known codes", "[intake]") {
    json intake = example();
    intake["referrals"] = {"politie", "waarzegger"};
    require_single_problem(intake, "referrals[1]");
    intake.erase("referrals");
    CHECK(problems_of(intake).empty());
}

TEST_CASE("free text is limited to 10000 characters, not bytes", "[intake]") {
    json intake = example();
    intake["summary"] = std::string(10'000, 'x');
    CHECK(problems_of(intake).empty());
    intake["summary"] = std::string(10'001, 'x');
    require_single_problem(intake, "summary");

    // 10000 two-byte characters are 20000 bytes but within the limit.
    std::string accented;
    for (int i = 0; i < 10'000; ++i) {
        accented += "\xc3\xab";  // ë
    }
    intake = example();
    intake["incident"]["description"] = accented;
    CHECK(problems_of(intake).empty());
    intake["incident"]["description"] = accented + "e";
    require_single_problem(intake, "incident.description");
}

TEST_CASE("unknown keys are rejected, political party in particular", "[intake]") {
    json intake = example();
    intake["reporter"]["partij"] = "X";
    require_single_problem(intake, "reporter.partij");
    intake = example();
    intake["party"] = "X";
    require_single_problem(intake, "party");
    intake = example();
    intake["incident"]["weather"] = "rain";
    require_single_problem(intake, "incident.weather");
}

TEST_CASE("missing sections are named", "[intake]") {
    json intake = example();
    intake.erase("reporter");
    require_single_problem(intake, "reporter");
    intake = example();
    intake["incident"] = json::array();
    require_single_problem(intake, "incident");
    CHECK_FALSE(problems_of(json::array()).empty());
}

TEST_CASE("several problems are all named in one error", "[intake]") {
    json intake = example();
    intake["incident"]["types"] = {"bedreiging", "bedrijging"};
    intake["reporter"].erase("office_role");
    intake["reporter"]["party"] = "X";
    const auto result = weerbaar::client::intake_from_json(intake, kToday);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code() == weerbaar::ErrorCode::invalid_argument);
    const std::string& message = result.error().message();
    CHECK(message.rfind("intake invalid: ", 0) == 0);
    CHECK_THAT(message, Catch::Contains("incident.types[1]: unknown code 'bedrijging'"));
    CHECK_THAT(message, Catch::Contains("reporter.office_role: missing"));
    CHECK_THAT(message, Catch::Contains("reporter.party: unknown field"));
}

TEST_CASE("an unreadable or non-JSON intake file is bad input", "[intake]") {
    const auto missing = weerbaar::client::read_intake_file("/nonexistent/intake.json", kToday);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code() == weerbaar::ErrorCode::invalid_argument);

    const auto path = std::filesystem::temp_directory_path() / "weerbaar-bad-intake.json";
    std::ofstream(path) << "{ \"reporter\": geheim";
    const auto bad = weerbaar::client::read_intake_file(path, kToday);
    std::filesystem::remove(path);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code() == weerbaar::ErrorCode::invalid_argument);
    // The parser's message would quote the file; ours must not.
    CHECK_THAT(bad.error().message(), !Catch::Contains("geheim"));
}

TEST_CASE("intake text follows the rule of every record: no NUL, not blank", "[intake]") {
    json intake = example();
    intake["summary"] = std::string("eerste\0tweede", 13);  // "\u0000" in the file
    require_single_problem(intake, "summary");
    CHECK_THAT(problems_of(intake).front(), Catch::Contains("NUL"));
    intake = example();
    intake["reporter"]["name"] = "  \t ";
    require_single_problem(intake, "reporter.name");
    intake = example();
    intake["reporter"]["contact"] = "";  // optional: may be empty
    CHECK(problems_of(intake).empty());
}

TEST_CASE("the intake message itself is checked, every problem with its field", "[intake]") {
    // What a GUI form fills in: the message, no JSON.
    auto parsed = weerbaar::client::intake_from_json(example(), kToday);
    REQUIRE(parsed.ok());
    weerbaar::v1::Intake intake = parsed.value();
    CHECK(weerbaar::client::intake_field_problems(intake, kToday).empty());
    CHECK(weerbaar::client::check_intake(intake, kToday).ok());

    intake.mutable_reporter()->set_name(" ");
    intake.mutable_reporter()->set_municipality("Utrecht");
    intake.mutable_incident()->set_date("2099-01-01");
    intake.mutable_incident()->add_types("bedrijging");
    intake.set_codebook_version(7);
    const auto problems = weerbaar::client::intake_field_problems(intake, kToday);
    std::vector<std::string> fields;
    for (const auto& problem : problems) {
        fields.push_back(problem.field);
    }
    CHECK(fields == std::vector<std::string>{"codebook_version", "reporter.name",
                                             "reporter.municipality", "incident.date",
                                             "incident.types[2]"});
    CHECK(problems[3].problem == "lies in the future");
    CHECK(problems[4].problem == "unknown code 'bedrijging'");

    const auto status = weerbaar::client::check_intake(intake, kToday);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code() == weerbaar::ErrorCode::invalid_argument);
    CHECK(status.error().field() == "codebook_version");
    CHECK_THAT(status.error().message(), Catch::Contains("incident.types[2]: unknown code"));
}

TEST_CASE("a file's wrong type is the only problem named for its field", "[intake]") {
    json intake = example();
    intake["incident"]["types"] = {42, "bedrijging"};
    const auto problems = problems_of(intake);
    INFO("problems: " << json(problems).dump());
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == "incident.types[0]: must be a string");
    // The index still matches the file.
    CHECK(problems[1] == "incident.types[1]: unknown code 'bedrijging'");
}
