// Case work end to end through the real CLI and server: counselling contacts,
// referrals, tasks, corrections, status with closing and retention, the timeline,
// case list by status, and handover. Every refusal is exit 2 (or 3 for a role
// that may not) with one line on stderr, and leaves the case as it was.

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli_output.h"
#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

using nlohmann::json;

std::size_t record_count(TeamScenario& team, const std::string& user, const std::string& case_id) {
    return json_output(team.cli().run(user, {"case", "timeline", case_id, "--json"}))
        .at("records")
        .size();
}

// A refused command: the exit code, one stderr line naming the problem, nothing stored.
void refused(TeamScenario& team, const std::string& user, const std::string& case_id,
             const std::vector<std::string>& args, int exit_code, const std::string& reason) {
    const std::size_t before = record_count(team, "bram", case_id);
    const ProcessResult result = team.cli().run(user, args);
    INFO(args[0] << " " << args[1] << ": " << result.out << result.err);
    CHECK(result.exit_code == exit_code);
    CHECK(result.err.find(reason) != std::string::npos);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(record_count(team, "bram", case_id) == before);
}

const json* task_in(const json& tasks, const std::string& task_id) {
    for (const json& task : tasks) {
        if (task.at("task_id") == task_id) {
            return &task;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("a confidant and a peer work a case from intake to closing", "[e2e]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}, {"daan", "peer"}});
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});

    SECTION("contacts, referrals and notes are recorded; bad ones refused") {
        team.must_succeed("carla", {"case", "contact", case_id, "--date", date_in_days(0),
                                    "--minutes", "45", "--kind", "bezoek_ter_plaatse", "--text",
                                    "Bezoek op het gemeentehuis; rustiger dan vorige week."});
        team.must_succeed("bram", {"case", "refer", case_id, "--to", "politie", "--note",
                                   "Aangifte besproken met wijkagent."});
        refused(team, "carla", case_id,
                {"case", "contact", case_id, "--date", date_in_days(0), "--minutes", "45", "--kind",
                 "duiven", "--text", "x"},
                2, "unknown contact kind 'duiven'");
        refused(team, "carla", case_id,
                {"case", "contact", case_id, "--date", "22-11-2026", "--minutes", "45", "--kind",
                 "telefoon", "--text", "x"},
                2, "must be a real date as YYYY-MM-DD");
        refused(team, "carla", case_id,
                {"case", "contact", case_id, "--date", date_in_days(3), "--minutes", "45", "--kind",
                 "telefoon", "--text", "x"},
                2, "lies in the future");
        refused(team, "carla", case_id,
                {"case", "contact", case_id, "--date", date_in_days(0), "--minutes", "0", "--kind",
                 "telefoon", "--text", "x"},
                2, "duration must be 1 to 1440 minutes");
        refused(team, "bram", case_id, {"case", "refer", case_id, "--to", "waarzegger"}, 2,
                "unknown referral 'waarzegger'");

        const json timeline =
            json_output(team.cli().run("bram", {"case", "timeline", case_id, "--json"}));
        REQUIRE(timeline.at("records").size() == 3);
        CHECK(timeline.at("records")[1].at("kind") == "counselling");
        CHECK(timeline.at("records")[1].at("author") == "carla");
        CHECK(timeline.at("records")[1].at("text").get<std::string>().find("45 min") !=
              std::string::npos);
        CHECK(timeline.at("records")[2].at("kind") == "referral");
        CHECK(timeline.at("records")[2].at("text").get<std::string>().find("politie") !=
              std::string::npos);
    }

    SECTION("an edited note supersedes the earlier one and both stay visible") {
        team.must_succeed("bram", {"case", "note", case_id, "--text", "Gesprek op dinsdag."});
        team.must_succeed(
            "bram", {"case", "note", case_id, "--text", "Gesprek op woensdag.", "--replaces", "2"});
        refused(team, "bram", case_id, {"case", "note", case_id, "--text", "x", "--replaces", "1"},
                2, "record 1 is not a note of this case");
        const json timeline =
            json_output(team.cli().run("bram", {"case", "timeline", case_id, "--json"}));
        REQUIRE(timeline.at("records").size() == 3);
        CHECK(timeline.at("records")[1].at("text") == "Gesprek op dinsdag.");
        CHECK(timeline.at("records")[1].at("superseded_by") == 3);
        CHECK(timeline.at("records")[2].at("supersedes") == 2);
        const ProcessResult text = team.must_succeed("carla", {"case", "timeline", case_id});
        CHECK(text.out.find("(vervangen door #3)") != std::string::npos);
        CHECK(text.out.find("(vervangt #2)") != std::string::npos);
    }

    SECTION("a task is assigned to a member, listed, and marked done") {
        const std::string due = date_in_days(7);
        const ProcessResult added =
            team.must_succeed("bram", {"task", "add", case_id, "--title", "Terugbellen na zitting",
                                       "--assignee", "carla", "--due", due});
        const std::string task_id = last_line(added.out);
        REQUIRE(task_id.size() == 32);

        refused(team, "bram", case_id,
                {"task", "add", case_id, "--title", "x", "--assignee", "daan", "--due", due}, 2,
                "assignee 'daan' is not a member of this case");
        refused(team, "bram", case_id,
                {"task", "add", case_id, "--title", "x", "--assignee", "carla", "--due", "morgen"},
                2, "due date 'morgen' must be a real date as YYYY-MM-DD");
        refused(
            team, "bram", case_id,
            {"task", "add", case_id, "--title", "x", "--assignee", "carla", "--due", "2026-02-30"},
            2, "must be a real date");

        const json mine =
            json_output(team.cli().run("carla", {"task", "list", "--mine", "--json"}));
        const json* task = task_in(mine, task_id);
        REQUIRE(task != nullptr);
        CHECK(task->at("done") == false);
        CHECK(task->at("assignee") == "carla");
        CHECK(task->at("due") == due);
        CHECK(task->at("case_id") == case_id);
        CHECK(task_in(json_output(team.cli().run("bram", {"task", "list", "--mine", "--json"})),
                      task_id) == nullptr);
        CHECK(task_in(json_output(team.cli().run(
                          "carla", {"task", "list", "--due-before", date_in_days(7), "--json"})),
                      task_id) == nullptr);
        CHECK(task_in(json_output(team.cli().run(
                          "carla", {"task", "list", "--due-before", date_in_days(8), "--json"})),
                      task_id) != nullptr);
        CHECK(team.must_succeed("carla", {"task", "list"}).out.find("Terugbellen na zitting") !=
              std::string::npos);
        const ProcessResult bad_filter =
            team.cli().run("carla", {"task", "list", "--due-before", "volgende week"});
        CHECK(bad_filter.exit_code == 2);

        team.must_succeed("carla", {"task", "done", case_id, task_id});
        const json after =
            json_output(team.cli().run("carla", {"task", "list", "--mine", "--json"}));
        REQUIRE(task_in(after, task_id) != nullptr);
        CHECK(task_in(after, task_id)->at("done") == true);
        CHECK(team.must_succeed("carla", {"task", "list", "--mine"}).out.find("Terugbellen") ==
              std::string::npos);
        refused(team, "carla", case_id, {"task", "done", case_id, task_id}, 2, "is already done");
        refused(team, "carla", case_id, {"task", "done", case_id, std::string(32, 'a')}, 2,
                "no task");
        refused(team, "carla", case_id, {"task", "done", case_id, "12"}, 2,
                "must be 32 hexadecimal digits");
    }

    SECTION("status moves on; closing records the outcome and a retention deadline") {
        refused(team, "bram", case_id, {"case", "status", case_id, "--set", "opgeschort"}, 2,
                "unknown status 'opgeschort'");
        refused(team, "bram", case_id, {"case", "status", case_id, "--set", "gesloten"}, 2,
                "closing a case needs --outcome");
        refused(team, "bram", case_id,
                {"case", "status", case_id, "--set", "gesloten", "--outcome", "prima"}, 2,
                "unknown outcome 'prima'");
        refused(team, "bram", case_id,
                {"case", "status", case_id, "--set", "nazorg", "--outcome", "opgelost"}, 2,
                "--outcome goes only with --set gesloten");
        refused(team, "carla", case_id, {"case", "status", case_id, "--set", "nazorg"}, 3,
                "only a confidant or coordinator");

        team.must_succeed("bram", {"case", "status", case_id, "--set", "in_behandeling"});
        refused(team, "bram", case_id, {"case", "status", case_id, "--set", "in_behandeling"}, 2,
                "already in_behandeling");
        json listed = json_output(
            team.cli().run("carla", {"case", "list", "--status", "in_behandeling", "--json"}));
        REQUIRE(listed.size() == 1);
        CHECK(listed[0].at("status") == "in_behandeling");
        CHECK(
            json_output(team.cli().run("carla", {"case", "list", "--status", "gesloten", "--json"}))
                .empty());
        CHECK(team.cli().run("carla", {"case", "list", "--status", "klaar"}).exit_code == 2);

        const ProcessResult closed = team.must_succeed(
            "bram", {"case", "status", case_id, "--set", "gesloten", "--outcome", "opgelost"});
        CHECK(closed.out.find("bewaren tot") != std::string::npos);
        listed = json_output(
            team.cli().run("carla", {"case", "list", "--status", "gesloten", "--json"}));
        REQUIRE(listed.size() == 1);
        CHECK(listed[0].at("outcome") == "opgelost");
        const std::string deadline = listed[0].at("retention_until");
        CHECK(deadline > date_in_days(0));
        const json timeline =
            json_output(team.cli().run("carla", {"case", "timeline", case_id, "--json"}));
        CHECK(timeline.at("status") == "gesloten");
        CHECK(timeline.at("outcome") == "opgelost");
        CHECK(timeline.at("retention_until") == deadline);
        const ProcessResult shown = team.must_succeed("carla", {"case", "timeline", case_id});
        CHECK(shown.out.find("Status: gesloten, uitkomst: opgelost, bewaren tot " + deadline) !=
              std::string::npos);

        // Reopening clears the deadline: the case is live again.
        team.must_succeed("bram", {"case", "status", case_id, "--set", "nazorg"});
        const json reopened = json_output(team.cli().run("bram", {"case", "list", "--json"}));
        REQUIRE(reopened.size() == 1);
        CHECK(reopened[0].at("status") == "nazorg");
        CHECK_FALSE(reopened[0].contains("retention_until"));
        CHECK_FALSE(reopened[0].contains("outcome"));
    }
}

TEST_CASE("a case is handed over to another confidant", "[e2e]") {
    TeamScenario team({{"bram", "confidant"}, {"erik", "confidant"}, {"carla", "peer"}});
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});

    refused(team, "carla", case_id, {"case", "handover", case_id, "--to", "erik"}, 3,
            "only the case's confidant");
    refused(team, "bram", case_id, {"case", "handover", case_id, "--to", "carla"}, 2,
            "'carla' is not a confidant");
    refused(team, "bram", case_id, {"case", "handover", case_id, "--to", "bram"}, 2,
            "already the confidant");
    CHECK(team.cli().run("erik", {"case", "show", case_id}).exit_code != 0);

    SECTION("the previous confidant keeps access by default") {
        team.must_succeed("bram", {"case", "handover", case_id, "--to", "erik"});
        const json timeline =
            json_output(team.cli().run("erik", {"case", "timeline", case_id, "--json"}));
        CHECK(timeline.at("confidant") == "erik");
        const json& last = timeline.at("records").back();
        CHECK(last.at("kind") == "handover");
        CHECK(last.at("author") == "bram");
        CHECK(last.at("text").get<std::string>().find("bram -> erik") != std::string::npos);
        team.must_succeed("bram", {"case", "note", case_id, "--text", "Overdracht besproken."});
        // Now erik runs the case and bram may no longer hand it over.
        refused(team, "bram", case_id, {"case", "handover", case_id, "--to", "bram"}, 3,
                "only the case's confidant (erik)");
        team.must_succeed("erik", {"case", "status", case_id, "--set", "in_behandeling"});
    }

    SECTION("a coordinator hands over and removes the previous confidant") {
        refused(team, "bram", case_id,
                {"case", "handover", case_id, "--to", "erik", "--remove-previous"}, 2,
                "you cannot remove yourself");
        CHECK(team.cli().run("erik", {"case", "show", case_id}).exit_code != 0);
        team.must_succeed("bram", {"case", "share", case_id, "--with", "anne"});
        team.must_succeed("anne",
                          {"case", "handover", case_id, "--to", "erik", "--remove-previous"});
        const json timeline =
            json_output(team.cli().run("erik", {"case", "timeline", case_id, "--json"}));
        CHECK(timeline.at("confidant") == "erik");
        CHECK(timeline.at("records").back().at("text").get<std::string>().find(
                  "bram heeft geen toegang meer") != std::string::npos);
        CHECK(team.cli().run("bram", {"case", "show", case_id}).exit_code != 0);
        // The others read on and write under the new key.
        team.must_succeed("carla", {"case", "note", case_id, "--text", "Kennismaking met erik."});
        const json members =
            json_output(team.cli().run("erik", {"case", "show", case_id, "--json"}));
        std::vector<std::string> current = members.at("members");
        std::sort(current.begin(), current.end());
        CHECK(current == std::vector<std::string>{"anne", "carla", "erik"});
    }
}

}  // namespace weerbaar::e2e
