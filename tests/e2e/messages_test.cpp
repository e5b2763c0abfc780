// What a confidant reads when something goes wrong, and which clock a time is on:
// every error is one stderr line, Dutch first and English after " / ", with no
// libprotobuf noise; an unknown case id reads the same whatever the server answered;
// a case id may be a unique prefix of 8 or more; human times follow TZ
// (Europe/Amsterdam when unset), JSON times are UTC.

#include <algorithm>
#include <catch2/catch.hpp>
#include <ctime>
#include <nlohmann/json.hpp>

#include "operator_edits.h"
#include "record_layout.h"
#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

using nlohmann::json;

const std::string kUnknownCase =
    "onbekende zaak of niet met je gedeeld; controleer de zaakcode (zie 'weerbaar case list') / "
    "unknown case or not shared with you";

// Exactly one line on stderr, starting "weerbaar: ", holding `words`, and no
// libprotobuf line.
void check_one_line(const ProcessResult& result, int exit_code, const std::string& words) {
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == exit_code);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(result.err.rfind("weerbaar: ", 0) == 0);
    CHECK(result.err.find(words) != std::string::npos);
    CHECK(result.err.find("libprotobuf") == std::string::npos);
}

// `weerbaar --profile <user> args...` with TZ set to `zone` ("" for unset-like).
ProcessResult run_in_zone(const TeamScenario& team, const std::string& user,
                          const std::vector<std::string>& args, const std::string& zone) {
    std::vector<std::string> argv{WEERBAAR_CLI_BIN, "--profile", team.cli().profile(user).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {"WEERBAAR_PASSPHRASE=" + std::string(kPassphrase), "TZ=" + zone});
}

std::time_t utc_seconds(const std::string& iso) {
    std::tm tm{};
    REQUIRE(strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) != nullptr);
    return timegm(&tm);
}

std::string minutes_as(std::time_t seconds) {
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[32];
    const std::size_t size = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
    return std::string(text, size);
}

}  // namespace

TEST_CASE("messages: an unknown or unshared case id reads the same for every command",
          "[e2e][messages]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto case_id = team.open_case("bram");
    const std::string unknown(32, 'f');
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"case", "show", case_id},
             {"case", "show", unknown},
             {"case", "note", case_id, "--text", "ingebroken"},
             {"case", "timeline", unknown.substr(0, 8)},
             {"case", "status", case_id, "--set", "nazorg"},
             {"case", "share", case_id, "--with", "bram"},
             {"case", "access-log", case_id},
             {"task", "add", case_id, "--title", "bellen", "--assignee", "carla", "--due",
              "2099-01-01"},
         }) {
        INFO(args[0] << " " << args[1] << " " << args[2]);
        // Not shared with carla, or not there at all: the same words, exit 3 as the
        // server's PERMISSION_DENIED always was.
        check_one_line(team.cli().run("carla", args), 3, kUnknownCase);
    }
    {
        INFO("a malformed case id is bad input, with the same words");
        check_one_line(team.cli().run("carla", {"case", "show", "not-a-case-id"}), 2, kUnknownCase);
    }
}

TEST_CASE("messages: a case id may be a unique prefix of at least 8 characters",
          "[e2e][messages]") {
    TeamScenario team({{"bram", "confidant"}});
    const auto case_id = team.open_case("bram");
    const auto other = team.open_case("bram");
    REQUIRE(case_id.substr(0, 8) != other.substr(0, 8));

    const auto shown = team.must_succeed("bram", {"case", "show", case_id.substr(0, 8)});
    CHECK(shown.out.find("Zaak " + case_id) != std::string::npos);
    std::string upper = other.substr(0, 12);
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    const auto timeline = team.must_succeed("bram", {"case", "timeline", upper});
    CHECK(timeline.out.find("Zaak " + other) != std::string::npos);
    team.must_succeed("bram", {"case", "note", case_id.substr(0, 10), "--text", "via prefix"});
    CHECK(team.must_succeed("bram", {"case", "show", case_id}).out.find("via prefix") !=
          std::string::npos);

    const auto short_prefix = team.cli().run("bram", {"case", "show", case_id.substr(0, 7)});
    check_one_line(short_prefix, 2, "at least the first 8 characters");
    check_one_line(short_prefix, 2, kUnknownCase);
    // Nothing was asked or sent for a prefix refused as too short: the check runs
    // before the passphrase (a wrong one changes nothing).
    check_one_line(team.cli().run("bram", {"case", "show", case_id.substr(0, 7)}, "wrong"), 2,
                   "at least the first 8 characters");
}

TEST_CASE("messages: an integrity failure says INTEGRITEITSFOUT and whom to call",
          "[e2e][messages]") {
    TeamScenario team({{"bram", "confidant"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", "Dreigbrief gevonden."});
    team.must_succeed("bram", {"case", "note", case_id, "--text", "Woningscan aangevraagd."});
    team.must_succeed("bram", {"case", "show", case_id});
    team.as_operator([&](OperatorDatabase& db) {
        const auto id = case_key_column(case_id);
        const auto blob = record_blob(db, id, 2);
        replace_record_blob(db, id, 2, with_flipped_byte(blob, record_layout(blob).ciphertext + 3));
    });
    const auto result = team.cli().run("bram", {"case", "show", case_id});
    check_one_line(result, 4,
                   "weerbaar: INTEGRITEITSFOUT: stop en bel de coördinator; werk niet verder in "
                   "deze zaak / ");
    check_one_line(result, 4, "record 2");
}

TEST_CASE("messages: stderr holds one line and no libprotobuf, whatever fails", "[e2e][messages]") {
    TeamScenario team({{"bram", "confidant"}});
    const auto case_id = team.open_case("bram");
    {
        INFO("a note that is not UTF-8 (a Windows-1252 file): no libprotobuf line either way");
        const auto note =
            team.cli().run("bram", {"case", "note", case_id, "--text", "ge\xEBmotioneerd"});
        CHECK(note.err.find("libprotobuf") == std::string::npos);
        if (note.exit_code != 0) {
            CHECK(std::count(note.err.begin(), note.err.end(), '\n') == 1);
        }
        const auto shown = team.cli().run("bram", {"case", "show", case_id});
        CHECK(shown.err.find("libprotobuf") == std::string::npos);
        if (shown.exit_code != 0) {
            CHECK(std::count(shown.err.begin(), shown.err.end(), '\n') == 1);
        }
    }
    {
        INFO("a wrong passphrase");
        check_one_line(team.cli().run("bram", {"case", "list"}, "not the passphrase"), 3,
                       "weerbaar: verkeerde wachtwoordzin");
    }
    {
        INFO("usage errors from the argument parser");
        check_one_line(team.cli().run("bram", {"case", "show"}), 2,
                       "weerbaar: er ontbreekt iets in het commando; zie weerbaar --help / ");
        check_one_line(team.cli().run("bram", {"case", "list", "extra"}), 2,
                       "weerbaar: onbekend of overbodig argument");
        check_one_line(team.cli().run("bram", {"member", "approve", "x", "--role", "king",
                                               "--fingerprint", "f"}),
                       2, "weerbaar: ongeldige waarde in het commando");
    }
    {
        INFO("not allowed");
        check_one_line(team.cli().run("bram", {"audit", "verify"}), 3,
                       "weerbaar: niet toegestaan; vraag je coördinator");
    }
    {
        INFO("the server is down");
        REQUIRE(team.server().stop() == 0);
        check_one_line(team.cli().run("bram", {"case", "list"}), 5,
                       "weerbaar: server niet bereikbaar; controleer je verbinding");
        team.server().start();
    }
}

TEST_CASE("messages: people see local time, scripts see UTC", "[e2e][messages]") {
    TeamScenario team({{"bram", "confidant"}});
    const auto case_id = team.open_case("bram");
    const auto shown_json =
        json::parse(team.must_succeed("bram", {"case", "show", case_id, "--json"}).out);
    const auto& first = shown_json["records"][0];
    const std::string stored = first["stored"];
    const std::string created = first["created"];
    CHECK(stored.back() == 'Z');
    CHECK(created.back() == 'Z');
    CHECK(first["time_differs"] == false);
    const std::time_t at = utc_seconds(stored);

    const auto in_utc = run_in_zone(team, "bram", {"case", "show", case_id}, "UTC");
    REQUIRE(in_utc.exit_code == 0);
    CHECK(in_utc.out.find(minutes_as(at) + " UTC") != std::string::npos);

    // TZ unset (empty) means Europe/Amsterdam, the same as naming it.
    for (const std::string zone : {"Europe/Amsterdam", ""}) {
        INFO("TZ=" << zone);
        const auto in_amsterdam = run_in_zone(team, "bram", {"case", "show", case_id}, zone);
        REQUIRE(in_amsterdam.exit_code == 0);
        const bool summer = in_amsterdam.out.find(" CEST\n") != std::string::npos;
        const std::time_t offset = summer ? 7200 : 3600;
        INFO(in_amsterdam.out);
        CHECK(in_amsterdam.out.find(minutes_as(at + offset) + (summer ? " CEST" : " CET")) !=
              std::string::npos);
        CHECK(in_amsterdam.out.find(minutes_as(at) + " UTC") == std::string::npos);
    }
    {
        INFO("case list and timeline follow TZ too");
        const auto list = run_in_zone(team, "bram", {"case", "list"}, "UTC");
        CHECK(list.out.find(" UTC  ") != std::string::npos);
        const auto timeline = run_in_zone(team, "bram", {"case", "timeline", case_id}, "UTC");
        CHECK(timeline.out.find(minutes_as(at) + " UTC") != std::string::npos);
    }
}

TEST_CASE("messages: a record far off the server's clock is marked, server time shown",
          "[e2e][messages]") {
    TeamScenario team({{"bram", "confidant"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", "Gesprek gehad."});
    // The server's stored time is not signed; here it stands for a record whose
    // author's clock was a day off the server's.
    team.as_operator([&](OperatorDatabase& db) {
        CHECK(db.execute("UPDATE records SET stored = stored + 86400 WHERE case_id = ?1 AND "
                         "sequence = 2",
                         {case_key_column(case_id)}) == 1);
    });
    const auto shown =
        json::parse(team.must_succeed("bram", {"case", "show", case_id, "--json"}).out);
    CHECK(shown["records"][0]["time_differs"] == false);
    CHECK(shown["records"][1]["time_differs"] == true);
    const std::time_t stored = utc_seconds(shown["records"][1]["stored"]);
    const std::time_t created = utc_seconds(shown["records"][1]["created"]);
    CHECK(stored - created >= 86400 - 60);

    const auto text = run_in_zone(team, "bram", {"case", "show", case_id}, "UTC");
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find(minutes_as(stored) + " UTC (tijd afwijkend / time differs: schrijver gaf " +
                        minutes_as(created) + " UTC)") != std::string::npos);
    const auto timeline = run_in_zone(team, "bram", {"case", "timeline", case_id}, "UTC");
    CHECK(timeline.out.find("tijd afwijkend") != std::string::npos);
}

}  // namespace weerbaar::e2e
