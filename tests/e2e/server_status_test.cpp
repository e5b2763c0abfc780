// `weerbaar-server status` against the real server (docs/operations.md, "Status"):
// running with its uptime, version, schema, sizes and sessions; after a clean stop;
// and after a kill, which it must not mistake for either.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "child_process.h"
#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;

ProcessResult status_of(const fs::path& data) {
    return run_process({WEERBAAR_SERVER_BIN, "status", "--data", data.string()}, {},
                       std::chrono::seconds(30));
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("status shows a running server, then a clean stop, then a kill", "[e2e][status]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    // An attachment, so that the sizes count one file.
    const fs::path letter = team.server().data_dir().parent_path() / "brief.txt";
    std::ofstream(letter) << std::string(3000, 'x');
    team.must_succeed("bram", {"case", "attach", case_id, letter.string()});
    // The status file is written at start and once a minute: restart so that it
    // counts the sessions of the work above.
    REQUIRE(team.server().stop() == 0);
    team.server().start();

    const ProcessResult running = status_of(team.server().data_dir());
    INFO(running.out << running.err);
    CHECK(running.exit_code == 0);
    CHECK(has(running.out, "state:          running (pid " + std::to_string(team.server().pid()) +
                               "), up 0 min"));
    CHECK(has(running.out, "version:        0.1.0\n"));
    CHECK(has(running.out, "schema version: "));
    CHECK(has(running.out, "attachments:    "));
    CHECK(has(running.out, " in 1 file\n"));
    // The members' logins of the work above are still valid.
    CHECK_FALSE(has(running.out, "sessions:       0 valid"));
    CHECK(has(running.out, "limits:         closed cases kept 730 days; privacy budget 3.000"));

    REQUIRE(team.server().stop() == 0);
    const ProcessResult stopped = status_of(team.server().data_dir());
    INFO(stopped.out << stopped.err);
    CHECK(stopped.exit_code == 3);
    CHECK(has(stopped.out, "state:          stopped at "));
    CHECK(has(stopped.out, "(a clean stop)"));

    team.server().start();
    team.server().kill_hard();
    const ProcessResult killed = status_of(team.server().data_dir());
    INFO(killed.out << killed.err);
    CHECK(killed.exit_code == 3);
    CHECK(has(killed.out, "state:          not running; no clean stop was written"));
}

TEST_CASE("status on a directory where no server ran says so, exit 3", "[e2e][status]") {
    TempDir dir;
    const ProcessResult none = status_of(dir.path());
    CHECK(none.exit_code == 3);
    CHECK(has(none.err, "no status in " + dir.path().string()));
    CHECK(none.out.empty());

    std::ofstream(dir.path() / "status") << "format = 1\npid = 'x'\n";
    const ProcessResult garbled = status_of(dir.path());
    CHECK(garbled.exit_code == 1);
    CHECK(has(garbled.err, "/status: the status file has no valid 'pid'"));
}

}  // namespace weerbaar::e2e
