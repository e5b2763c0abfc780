// What a writing client puts in a case's research record, and the export's checks
// that need no server: the facts come from the verified case (intake, referral
// records, the status that counted), are generalised before they are sealed, and
// never carry a name, contact, municipality, free text or exact date.

#include "weerbaar/client/research_compartment.h"

#include <catch2/catch.hpp>

#include "record_examples.h"
#include "weerbaar/client/research_export.h"

namespace weerbaar::client {
namespace {

void add(OpenedCase& opened, const std::string& author, crypto::Role role,
         v1::RecordContent content, std::uint64_t created) {
    CaseRecord record;
    record.sequence = opened.records.size() + 1;
    record.record_id =
        crypto::Bytes(crypto::kRecordIdSize, static_cast<unsigned char>(record.sequence));
    record.author = author;
    record.author_role = role;
    record.created = created;
    record.content = std::move(content);
    opened.records.push_back(std::move(record));
}

v1::RecordContent status(const std::string& code, const std::string& outcome = {}) {
    v1::RecordContent content;
    content.mutable_status()->set_status(code);
    content.mutable_status()->set_outcome(outcome);
    return content;
}

v1::RecordContent referral(const std::string& to) {
    v1::RecordContent content;
    content.mutable_referral()->set_to(to);
    content.mutable_referral()->set_note("Vrije tekst die nooit mee mag");
    return content;
}

constexpr std::uint64_t kOpened = 1'790'000'000;  // 2026-09-21
constexpr std::uint64_t kDay = 86'400;

OpenedCase example_case() {
    OpenedCase opened;
    opened.case_id = crypto::Bytes(16, 7);
    opened.creator = "bram";
    add(opened, "bram", crypto::Role::confidant, testing::example_intake(), kOpened);
    return opened;
}

}  // namespace

TEST_CASE("a case's research codes are its intake, generalised", "[research]") {
    const v1::ResearchCodes codes = research_codes_of(example_case());
    CHECK(codes.codebook_version() == 1);
    CHECK(codes.quarter() == "2026Q4");  // incident 2026-11-14
    CHECK(codes.province() == "utrecht");
    CHECK(codes.office_group() == "bestuurder");  // wethouder
    CHECK(std::vector<std::string>(codes.incident_types().begin(), codes.incident_types().end()) ==
          std::vector<std::string>{"bedreiging", "online_haat"});
    CHECK(codes.channel() == "sociale_media");
    CHECK(codes.risk_level() == "hoog");
    CHECK(codes.status() == "intake");
    CHECK(codes.duration_bucket() == "open");

    // Nothing of the intake's identity or text is anywhere in the sealed message.
    const std::string bytes = codes.SerializeAsString();
    for (const char* never :
         {"Marieke", "06-12345678", "GM0344", "2026-11-14", "doodsbedreigingen", "aanhoudende"}) {
        INFO(never);
        CHECK(bytes.find(never) == std::string::npos);
    }
}

TEST_CASE("referral records add kinds, and the status that counted closes the case", "[research]") {
    OpenedCase opened = example_case();
    add(opened, "bram", crypto::Role::confidant, referral("juridisch_advies"), kOpened + kDay);
    add(opened, "bram", crypto::Role::confidant, referral("politie"), kOpened + kDay);
    // A peer may not close a case: this record changes nothing.
    add(opened, "carla", crypto::Role::peer, status("gesloten", "opgelost"), kOpened + 2 * kDay);
    CHECK(research_codes_of(opened).status() == "intake");

    add(opened, "bram", crypto::Role::confidant, status("gesloten", "doorverwezen"),
        kOpened + 10 * kDay);
    const research::CaseFacts facts = research_facts_of(opened);
    CHECK(facts.referrals == std::vector<std::string>{"juridisch_advies", "politie"});
    CHECK(facts.closed_unix == static_cast<std::int64_t>(kOpened + 10 * kDay));
    const v1::ResearchCodes codes = research_codes_of(opened);
    CHECK(codes.status() == "gesloten");
    CHECK(codes.outcome() == "doorverwezen");
    CHECK(codes.duration_bucket() == "1_tot_4_weken");
    CHECK(codes.SerializeAsString().find("Vrije tekst") == std::string::npos);

    // Reopened: open again, no closing time.
    add(opened, "bram", crypto::Role::confidant, status("nazorg"), kOpened + 20 * kDay);
    CHECK(research_facts_of(opened).closed_unix == 0);
    CHECK(research_codes_of(opened).duration_bucket() == "open");
}

TEST_CASE("research codes survive the trip through their message", "[research]") {
    const v1::ResearchCodes codes = research_codes_of(example_case());
    CHECK(to_proto(from_proto(codes)).SerializeAsString() == codes.SerializeAsString());
}

TEST_CASE("epsilon is read as a decimal with at most three decimals", "[research]") {
    CHECK(parse_epsilon("1").value() == 1000);
    CHECK(parse_epsilon("0.5").value() == 500);
    CHECK(parse_epsilon("1.25").value() == 1250);
    CHECK(parse_epsilon("0.001").value() == 1);
    CHECK(parse_epsilon("100").value() == 100000);
    for (const char* bad :
         {"", "0", "0.0", "-1", "1.", ".5", "1.2345", "1e3", "101", "abc", "1,5", " 1"}) {
        INFO(bad);
        const Result<std::uint32_t> parsed = parse_epsilon(bad);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().field() == "epsilon");
    }
    CHECK(format_epsilon(1250) == "1.250");
    CHECK(format_epsilon(5) == "0.005");
}

TEST_CASE("the default period is the eight quarters up to the last full one", "[research]") {
    using namespace std::chrono;
    CHECK(default_research_period(year{2026} / December / 1) ==
          std::pair<std::string, std::string>{"2024Q4", "2026Q3"});
    CHECK(default_research_period(year{2026} / January / 15) ==
          std::pair<std::string, std::string>{"2024Q1", "2025Q4"});
}

TEST_CASE("a period with one end given runs eight quarters from it", "[research]") {
    using namespace std::chrono;
    const year_month_day today = year{2026} / December / 1;
    using Period = std::pair<std::string, std::string>;
    CHECK(complete_research_period("", "", today) == Period{"2024Q4", "2026Q3"});
    CHECK(complete_research_period("", "2020Q1", today) == Period{"2018Q2", "2020Q1"});
    CHECK(complete_research_period("2025Q1", "", today) == Period{"2025Q1", "2026Q4"});
    CHECK(complete_research_period("2025Q1", "2025Q2", today) == Period{"2025Q1", "2025Q2"});
    // What is not a quarter stays as typed, for the check to name.
    CHECK(complete_research_period("", "2025-1", today) == Period{"", "2025-1"});
}

TEST_CASE("a comma in epsilon gets a word on the decimal point", "[research]") {
    const Result<std::uint32_t> parsed = parse_epsilon("0,5");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message().find("punt, geen komma") != std::string::npos);
}

TEST_CASE("an export request is checked before anything is asked or sent", "[research]") {
    ResearchExportRequest request;
    request.from_period = "2025Q1";
    request.to_period = "2026Q4";
    request.out = std::filesystem::temp_directory_path() / "weerbaar-export-check-does-not-exist";
    CHECK(check_research_export_request(request).ok());

    const auto field_of = [](const ResearchExportRequest& changed) {
        const Status checked = check_research_export_request(changed);
        REQUIRE_FALSE(checked.ok());
        return checked.error().field();
    };
    ResearchExportRequest bad = request;
    bad.from_period = "2025-Q1";
    CHECK(field_of(bad) == "from_period");
    bad = request;
    bad.to_period = "2024Q4";
    CHECK(field_of(bad) == "to_period");
    bad = request;
    bad.to_period = "2025Q5";
    CHECK(field_of(bad) == "to_period");
    bad = request;
    bad.from_period = "0226Q1";  // a typo, not a period with cases
    CHECK(field_of(bad) == "from_period");
    bad = request;
    bad.k = 1;
    CHECK(field_of(bad) == "k");
    bad = request;
    bad.epsilon_millis = 0;
    CHECK(field_of(bad) == "epsilon");
    bad = request;
    bad.for_researcher = "Rita!";
    CHECK(field_of(bad) == "for");
    bad = request;
    bad.out = std::filesystem::temp_directory_path();  // exists and holds files
    CHECK(field_of(bad) == "out");
    bad.out = "/no/such/parent/export";
    CHECK(field_of(bad) == "out");
}

}  // namespace weerbaar::client
