// Text end to end through the real CLI and server: a byte that is not UTF-8, a NUL,
// a blank or over-long text in any free-text field is refused with exit 2 naming
// the field, before the passphrase is asked, and nothing is sent; the case stays
// readable, writable and closable. Line breaks and tabs keep their shape in
// `case show` and `--json`; terminal escapes never reach stdout, not even through a
// case title sealed by an independent client; a file name that is not UTF-8 is
// stored repaired and the user is told.

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_output.h"
#include "team_scenario.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/testing/session_test_access.h"
#include "weerbaar/client/trust_store.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/v1/content.pb.h"

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string today() {
    const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
                     std::chrono::days{1};  // a due date that is never in the past
    const std::chrono::year_month_day date{day};
    char text[16];
    (void)std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

std::size_t record_count(TeamScenario& team, const std::string& case_id) {
    return json_output(team.cli().run("bram", {"case", "show", case_id, "--json"}))
        .at("records")
        .size();
}

// Refused with exit 2, one stderr line naming the field, before the passphrase is
// asked (the wrong one is given: an unlock would have failed with exit 3), and the
// case holds as many records as before.
void refused(TeamScenario& team, const std::string& case_id, const std::vector<std::string>& args,
             const std::string& field) {
    const std::size_t before = record_count(team, case_id);
    const ProcessResult result = team.cli().run("bram", args, "not the passphrase");
    INFO(args[0] << " " << args[1] << ": " << result.out << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("'" + field + "'") != std::string::npos);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(result.err.find("libprotobuf") == std::string::npos);
    CHECK(result.out.empty());
    CHECK(record_count(team, case_id) == before);
}

// An independent client that seals what it likes: a case whose intake says
// `office_role`, signed by `user` with their own keys, sent straight to the server.
std::string create_case_with_office_role(TeamScenario& team, const std::string& user,
                                         const std::string& office_role) {
    REQUIRE(crypto::initialise().ok());
    const client::Profile profile(team.cli().profile(user));
    const auto passphrase = crypto::SecretBuffer::copy_of(crypto::as_bytes(kPassphrase));
    auto session = client::Session::open(profile, passphrase);
    REQUIRE(session.ok());
    const crypto::Identity& identity = session.value().keys().identity;

    v1::RecordContent content;
    v1::Intake& intake = *content.mutable_intake();
    intake.set_codebook_version(1);
    intake.mutable_reporter()->set_name("Marieke de Vries");
    intake.mutable_reporter()->set_office_role(office_role);
    intake.mutable_reporter()->set_municipality("GM0344");
    intake.mutable_reporter()->set_province("utrecht");
    intake.mutable_incident()->set_date(date_in_days(-1));
    intake.mutable_incident()->add_types("bedreiging");
    intake.mutable_incident()->set_channel("brief");
    intake.mutable_incident()->set_perpetrator("inwoner");
    intake.mutable_incident()->set_risk_level("hoog");
    const std::string plaintext = content.SerializeAsString();

    const client::NewCaseId fresh = client::new_case_id(identity.signing.public_key());
    const crypto::Bytes& case_id = fresh.id;
    const crypto::CaseKey key = crypto::CaseKey::generate();
    auto wrap = crypto::KeyWrap::create(case_id, 1, user, identity.encryption.public_key(), key,
                                        user, identity.signing);
    REQUIRE(wrap.ok());
    crypto::RecordHeader header{case_id, crypto::random_bytes(crypto::kRecordIdSize),    1,
                                user,    static_cast<std::uint64_t>(std::time(nullptr)), {}};
    auto record = crypto::SealedRecord::seal(std::move(header), crypto::as_bytes(plaintext), key,
                                             identity.signing);
    REQUIRE(record.ok());
    v1::CreateCaseRequest request;
    const crypto::Bytes wrap_bytes = wrap.value().encode();
    const crypto::Bytes record_bytes = record.value().encode();
    request.set_case_id(std::string(case_id.begin(), case_id.end()));
    request.set_case_id_nonce(std::string(fresh.nonce.begin(), fresh.nonce.end()));
    request.set_creator_wrap(std::string(wrap_bytes.begin(), wrap_bytes.end()));
    request.set_first_record(std::string(record_bytes.begin(), record_bytes.end()));
    v1::CreateCaseResponse response;
    // Past the core's checks on purpose: the test-only access (client/core/testing).
    REQUIRE(client::testing::SessionTestAccess::create_case_unchecked(session.value(), request,
                                                                      &response)
                .ok());
    return client::format_case_id(case_id);
}

}  // namespace

TEST_CASE("text that would break a case is refused, and the case stays whole", "[e2e]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});

    refused(team, case_id, {"case", "note", case_id, "--text", "\xFF"}, "text");
    refused(team, case_id, {"case", "note", case_id, "--text", "Ze was erg ge\xEBmotioneerd."},
            "text");
    refused(team, case_id, {"case", "note", case_id, "--text", " \t "}, "text");
    refused(team, case_id, {"case", "note", case_id, "--text", std::string(10'001, 'x')}, "text");
    refused(team, case_id,
            {"task", "add", case_id, "--title",
             "Terug\xFF"
             "bellen",
             "--assignee", "carla", "--due", today()},
            "title");
    refused(team, case_id, {"case", "refer", case_id, "--to", "politie", "--note", "ge\xEBmist"},
            "note");
    refused(team, case_id,
            {"case", "contact", case_id, "--date", date_in_days(-1), "--minutes", "30", "--kind",
             "telefoon", "--text", "gesprek \xE9\xE9n"},
            "text");
    {
        INFO("the reason is said in Dutch first, then in English");
        const ProcessResult result =
            team.cli().run("bram", {"case", "note", case_id, "--text", "\xFF"});
        CHECK(result.err.find("ongeldige tekst in 'text': geen geldige UTF-8") !=
              std::string::npos);
        CHECK(result.err.find("/ invalid text in 'text': not valid UTF-8") != std::string::npos);
    }

    INFO("after all of it the case is still readable, writable and closable, for everyone");
    team.must_succeed("carla", {"case", "show", case_id});
    team.must_succeed("carla",
                      {"case", "note", case_id, "--text", "Ze was erg ge\xC3\xABmotioneerd."});
    team.must_succeed("bram",
                      {"case", "status", case_id, "--set", "gesloten", "--outcome", "opgelost"});
    const json timeline =
        json_output(team.cli().run("carla", {"case", "timeline", case_id, "--json"}));
    CHECK(timeline.at("status") == "gesloten");
    CHECK(timeline.at("records").size() == 3);
}

TEST_CASE("line breaks and tabs keep their shape, escapes never reach the terminal", "[e2e]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    const std::string note = "Eerste regel\n\tingesprongen tweede regel\nderde: \xC3\xAB";
    team.must_succeed("bram", {"case", "note", case_id, "--text", note});

    const ProcessResult shown = team.must_succeed("bram", {"case", "show", case_id});
    CHECK(shown.out.find("Eerste regel\n") != std::string::npos);
    CHECK(shown.out.find("\tingesprongen tweede regel\n") != std::string::npos);
    const json records =
        json_output(team.cli().run("bram", {"case", "show", case_id, "--json"})).at("records");
    CHECK(records.back().at("text") == note);
    const json timeline =
        json_output(team.cli().run("bram", {"case", "timeline", case_id, "--json"}));
    CHECK(timeline.at("records").back().at("text") == note);

    INFO("an escape and a bidi override in a note are shown as visible markers");
    team.must_succeed("bram", {"case", "note", case_id, "--text",
                               "scherm\x1B[2J weg \xE2\x80\xAE"
                               "fdp.exe"});
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"case", "show", case_id},
          std::vector<std::string>{"case", "timeline", case_id},
          std::vector<std::string>{"case", "show", case_id, "--json"}}) {
        const ProcessResult result = team.must_succeed("bram", command);
        CHECK(result.out.find('\x1B') == std::string::npos);
        CHECK(result.out.find("\xE2\x80\xAE") == std::string::npos);
        CHECK(result.out.find("\\u{1B}[2J") != std::string::npos);
    }

    INFO("a case title with an escape, sealed by an independent client, stays harmless");
    const std::string hostile = create_case_with_office_role(team, "bram", "wethouder\x1B[2J");
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"case", "list"},
          std::vector<std::string>{"case", "list", "--json"},
          std::vector<std::string>{"task", "list"}}) {
        const ProcessResult result = team.cli().run("bram", command);
        INFO(command[0] << " " << command[1] << ": " << result.err);
        CHECK(result.exit_code == 0);
        CHECK(result.out.find('\x1B') == std::string::npos);
        CHECK(result.err.find('\x1B') == std::string::npos);
    }
    const ProcessResult listed = team.must_succeed("bram", {"case", "list"});
    CHECK(listed.out.find(hostile) != std::string::npos);
}

TEST_CASE("a file name that is not UTF-8 is stored repaired, and the user is told", "[e2e]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    TempDir files;
    const fs::path latin1 = files.path() / "verslag-ge\xEBmotioneerd.txt";
    std::ofstream(latin1) << "inhoud van de brief\n";
    REQUIRE(fs::exists(latin1));

    const ProcessResult attached =
        team.must_succeed("bram", {"case", "attach", case_id, latin1.string()});
    const std::string repaired = "verslag-ge\xEF\xBF\xBDmotioneerd.txt";
    CHECK(attached.out.find("bestandsnaam aangepast naar '" + repaired + "'") != std::string::npos);
    CHECK(attached.out.find("file name repaired") != std::string::npos);
    const std::string attachment_id = last_line(attached.out);

    const json records =
        json_output(team.cli().run("bram", {"case", "show", case_id, "--json"})).at("records");
    CHECK(records.back().at("kind") == "attachment");
    CHECK(records.back().at("text").get<std::string>().find(repaired) != std::string::npos);

    const fs::path out = files.path() / "terug.txt";
    const ProcessResult fetched = team.must_succeed(
        "bram", {"case", "attachment", case_id, attachment_id, "--out", out.string()});
    CHECK(fetched.out.find(repaired) != std::string::npos);
    std::ifstream in(out);
    std::string line;
    std::getline(in, line);
    CHECK(line == "inhoud van de brief");

    INFO("a clean name is stored as it is, without a notice");
    const fs::path clean = files.path() / "brief \xC3\xAB.txt";
    std::ofstream(clean) << "x";
    const ProcessResult plain =
        team.must_succeed("bram", {"case", "attach", case_id, clean.string()});
    CHECK(plain.out.find("aangepast") == std::string::npos);
}

TEST_CASE("the core seals nothing invalid, whatever front end builds the record", "[e2e]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    const std::size_t cases_before =
        json_output(team.cli().run("bram", {"case", "list", "--json"})).size();
    REQUIRE(crypto::initialise().ok());
    const client::Profile profile(team.cli().profile("bram"));
    const auto passphrase = crypto::SecretBuffer::copy_of(crypto::as_bytes(kPassphrase));
    auto session = client::Session::open(profile, passphrase);
    REQUIRE(session.ok());
    auto trust = client::TrustStore::open(profile.directory(), session.value().keys().store_key);
    REQUIRE(trust.ok());
    client::MemberDirectory directory(session.value(), trust.value());
    const crypto::Bytes id = crypto::from_hex(case_id).value();

    // A front end that skips every check of its own and hands the core a bad record.
    for (const std::string& text : {std::string("\xFF"), std::string("a\0b", 3), std::string()}) {
        const auto appended = client::append_record(
            session.value(), directory, id,
            [&](const client::OpenedCase&) -> Result<v1::RecordContent> {
                v1::RecordContent content;
                content.mutable_note()->set_text(text);
                return content;
            },
            client::AppendOptions("add the note"));
        REQUIRE_FALSE(appended.ok());
        CHECK(appended.error().code() == ErrorCode::invalid_argument);
        CHECK_THAT(appended.error().message(), Catch::Contains("'text'"));
    }
    const auto task = client::append_record(
        session.value(), directory, id,
        [&](const client::OpenedCase&) -> Result<v1::RecordContent> {
            v1::RecordContent content;
            content.mutable_task()->set_title("Terugbellen");
            content.mutable_task()->set_assignee("carla");
            content.mutable_task()->set_due("volgende week");
            return content;
        },
        client::AppendOptions("add the task"));
    REQUIRE_FALSE(task.ok());
    CHECK_THAT(task.error().message(), Catch::Contains("'due'"));
    CHECK(record_count(team, case_id) == 1);

    v1::Intake intake;
    intake.set_codebook_version(1);
    intake.mutable_reporter()->set_name("Marieke \xEB");
    const auto created = client::create_case(session.value(), directory, intake);
    REQUIRE_FALSE(created.ok());
    CHECK(created.error().code() == ErrorCode::invalid_argument);
    CHECK_THAT(created.error().message(), Catch::Contains("'reporter.name'"));
    CHECK(json_output(team.cli().run("bram", {"case", "list", "--json"})).size() == cases_before);

    INFO("and the case is as readable and writable as before");
    team.must_succeed("carla", {"case", "show", case_id});
    team.must_succeed("bram", {"case", "note", case_id, "--text", "Alles in orde."});
    CHECK(record_count(team, case_id) == 2);
}

}  // namespace weerbaar::e2e
