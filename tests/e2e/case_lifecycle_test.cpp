// A case's lifecycle stays whole, end to end: a write to a closed case warns when it
// will be deleted, `case show` says status, confidant and deadline, a removed or
// revoked member's open tasks are reported and can be reassigned (`task assign`),
// revoking the last member of a case needs a confirmation and gives the case a
// deadline, and correcting a corrected note supersedes the latest correction.

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

using nlohmann::json;

const std::string kClosedWarning = "deze zaak is gesloten en wordt gewist op";

json json_of(TeamScenario& team, const std::string& user, const std::vector<std::string>& args) {
    return json::parse(team.must_succeed(user, args).out);
}

const json& record_at(const json& timeline, std::int64_t sequence) {
    for (const json& record : timeline.at("records")) {
        if (record.at("sequence") == sequence) return record;
    }
    FAIL("no record " << sequence);
    return timeline;
}

std::string add_task(TeamScenario& team, const std::string& case_id, const std::string& assignee) {
    const auto task =
        team.must_succeed("bram", {"task", "add", case_id, "--title", "Woningscan aanvragen",
                                   "--assignee", assignee, "--due", "2099-01-31"});
    return last_line(task.out);
}

std::string assignee_of(TeamScenario& team, const std::string& user, const std::string& task_id) {
    for (const json& task : json_of(team, user, {"task", "list", "--json"})) {
        if (task.at("task_id") == task_id) return task.at("assignee");
    }
    return "";
}

}  // namespace

TEST_CASE("a write to a closed case warns when it will be deleted, and is written",
          "[e2e][lifecycle]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    const auto open_note = team.must_succeed("bram", {"case", "note", case_id, "--text", "Open."});
    CHECK(open_note.err.find(kClosedWarning) == std::string::npos);

    team.must_succeed("bram",
                      {"case", "status", case_id, "--set", "gesloten", "--outcome", "opgelost"});
    const auto closed_note =
        team.must_succeed("bram", {"case", "note", case_id, "--text", "Na het sluiten."});
    CHECK(closed_note.err.find(kClosedWarning) != std::string::npos);
    const json shown = json_of(team, "bram", {"case", "show", case_id, "--json"});
    CHECK(shown.at("status") == "gesloten");
    CHECK(shown.at("retention_until").is_string());
    CHECK(closed_note.err.find(shown.at("retention_until").get<std::string>()) !=
          std::string::npos);
    CHECK(shown.at("records").back().at("text") == "Na het sluiten.");

    const auto contact =
        team.must_succeed("bram", {"case", "contact", case_id, "--date", "2024-01-02", "--minutes",
                                   "30", "--kind", "telefoon", "--text", "Nagebeld."});
    CHECK(contact.err.find(kClosedWarning) != std::string::npos);

    team.must_succeed("bram", {"case", "status", case_id, "--set", "nazorg"});
    const auto reopened =
        team.must_succeed("bram", {"case", "note", case_id, "--text", "Weer open."});
    CHECK(reopened.err.find(kClosedWarning) == std::string::npos);
}

TEST_CASE("case show says status, confidant and retention deadline", "[e2e][lifecycle]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    const auto text = team.must_succeed("bram", {"case", "show", case_id}).out;
    CHECK(text.find("Status: ") != std::string::npos);
    CHECK(text.find("vertrouwenspersoon: bram") != std::string::npos);
    const json open = json_of(team, "bram", {"case", "show", case_id, "--json"});
    CHECK(open.at("status") == "intake");
    CHECK(open.at("confidant") == "bram");
    CHECK(open.at("retention_until").is_null());

    team.must_succeed("bram",
                      {"case", "status", case_id, "--set", "gesloten", "--outcome", "opgelost"});
    const auto closed_text = team.must_succeed("bram", {"case", "show", case_id}).out;
    CHECK(closed_text.find("bewaren tot") != std::string::npos);
    const json closed = json_of(team, "bram", {"case", "show", case_id, "--json"});
    CHECK(closed.at("outcome") == "opgelost");
    CHECK(closed.at("retention_until").is_string());
}

TEST_CASE("task assign moves a task to another member of the case, as may_replace allows",
          "[e2e][lifecycle]") {
    TeamScenario team({{"bram", "confidant"},
                       {"carla", "peer"},
                       {"dirk", "peer"},
                       {"fred", "peer"},
                       {"eva", "peer"}});
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "dirk"});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "fred"});
    const std::string task_id = add_task(team, case_id, "carla");

    // The confidant moves it; the new assignee may move it on; a peer who neither
    // holds nor wrote it may not.
    team.must_succeed("bram", {"task", "assign", case_id, task_id, "--to", "dirk"});
    CHECK(assignee_of(team, "bram", task_id) == "dirk");
    team.must_succeed("dirk", {"task", "assign", case_id, task_id, "--to", "carla"});
    CHECK(assignee_of(team, "bram", task_id) == "carla");
    const auto not_allowed =
        team.cli().run("fred", {"task", "assign", case_id, task_id, "--to", "fred"});
    CHECK(not_allowed.exit_code == 3);
    CHECK(std::count(not_allowed.err.begin(), not_allowed.err.end(), '\n') == 1);

    // Only to a current member of the case, and not to whoever has it already.
    const auto outsider =
        team.cli().run("bram", {"task", "assign", case_id, task_id, "--to", "eva"});
    CHECK(outsider.exit_code == 2);
    CHECK(outsider.err.find("share it first") != std::string::npos);
    CHECK(team.cli().run("bram", {"task", "assign", case_id, task_id, "--to", "carla"}).exit_code ==
          2);
    CHECK(team.cli()
              .run("bram",
                   {"task", "assign", case_id, "00112233445566778899aabbccddeeff", "--to", "dirk"})
              .exit_code == 2);
    CHECK(assignee_of(team, "bram", task_id) == "carla");
}

TEST_CASE("removing a member reports the open tasks they leave behind", "[e2e][lifecycle]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    const std::string task_id = add_task(team, case_id, "carla");
    const auto removed = team.must_succeed("bram", {"case", "unshare", case_id, "--user", "carla"});
    CHECK(removed.out.find("open task of carla") != std::string::npos);
    CHECK(removed.out.find("task assign " + case_id + " " + task_id) != std::string::npos);
    team.must_succeed("bram", {"task", "assign", case_id, task_id, "--to", "bram"});
}

TEST_CASE("revoking the last member of a case needs a confirmation and gives it a deadline",
          "[e2e][lifecycle]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "confidant"}});
    // A case anne shares with carla, where carla has a task; and one carla holds alone.
    const std::string shared = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", shared, "--with", "anne"});
    team.must_succeed("bram", {"case", "share", shared, "--with", "carla"});
    const std::string task_id = add_task(team, shared, "carla");
    const std::string alone = team.open_case("carla");

    const auto refused = team.cli().run("anne", {"member", "revoke", "carla"});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("--confirm-orphaned-cases") != std::string::npos);
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    CHECK(json_of(team, "anne", {"member", "show", "carla", "--json"}).at("status") == "active");

    const auto revoked =
        team.must_succeed("anne", {"member", "revoke", "carla", "--confirm-orphaned-cases"});
    CHECK(revoked.out.find("open task of carla") != std::string::npos);
    CHECK(revoked.out.find(task_id) != std::string::npos);
    CHECK(revoked.out.find("1 zaak/zaken zonder leden") != std::string::npos);
    team.as_operator([&](OperatorDatabase& db) {
        const std::int64_t orphan_deadline = db.integer(
            "SELECT retention_until FROM cases WHERE case_id = ?;", {case_key_column(alone)});
        CHECK(orphan_deadline > 0);
        const std::int64_t kept = db.integer("SELECT retention_until FROM cases WHERE case_id = ?;",
                                             {case_key_column(shared)});
        CHECK(kept == 0);
    });
}

TEST_CASE("correcting a corrected note supersedes the latest correction", "[e2e][lifecycle]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", "Eerste versie."});  // #2
    team.must_succeed("bram",
                      {"case", "note", case_id, "--text", "Tweede versie.", "--replaces", "2"});
    team.must_succeed("bram",
                      {"case", "note", case_id, "--text", "Derde versie.", "--replaces", "2"});
    const json timeline = json_of(team, "bram", {"case", "timeline", case_id, "--json"});
    CHECK(record_at(timeline, 3).at("supersedes") == 2);
    CHECK(record_at(timeline, 4).at("supersedes") == 3);
    CHECK(record_at(timeline, 2).at("superseded_by") == 3);
    CHECK(record_at(timeline, 3).at("superseded_by") == 4);
    CHECK_FALSE(record_at(timeline, 4).contains("superseded_by"));
}

}  // namespace weerbaar::e2e
