// `weerbaar watch` as a running child process: it prints each new record once, as
// another member commits it, fetches only what is newer than what the profile
// holds, stops cleanly on SIGTERM or after --limit, and stops with exit 4 on a
// record that does not verify.

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <memory>

#include "cli_runner.h"
#include "operator_edits.h"
#include "record_layout.h"
#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

constexpr std::chrono::seconds kLineTimeout{20};

std::unique_ptr<StreamingProcess> start_watch(const TeamScenario& team, const std::string& user,
                                              const std::vector<std::string>& options = {}) {
    std::vector<std::string> argv{WEERBAAR_CLI_BIN, "--profile", team.cli().profile(user).string(),
                                  "watch"};
    argv.insert(argv.end(), options.begin(), options.end());
    return std::make_unique<StreamingProcess>(
        argv, std::vector<std::string>{std::string("WEERBAAR_PASSPHRASE=") + kPassphrase});
}

std::string line_for(const std::string& case_id, int sequence, const std::string& kind,
                     const std::string& author) {
    return case_id + " #" + std::to_string(sequence) + " " + kind + " door " + author;
}

}  // namespace

TEST_CASE("watch prints each new record once, as another member commits it", "[e2e][watch]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    team.must_succeed("carla", {"case", "show", case_id});  // carla now holds record 1

    // Whether the note is committed before or after the watch has subscribed, it is
    // newer than what carla holds, so it is the one line printed.
    auto first = start_watch(team, "carla", {"--limit", "1"});
    team.must_succeed("bram", {"case", "note", case_id, "--text", "Eerste gesprek gevoerd."});
    const auto line = first->next_line(kLineTimeout);
    INFO("stderr: " << first->err());
    REQUIRE(line.has_value());
    CHECK(*line == line_for(case_id, 2, "notitie", "bram"));
    CHECK(first->wait() == 0);
    CHECK(first->rest_of_output().empty());
    CHECK(first->err().empty());

    // carla now holds record 2: a new watch shows only what comes after it.
    auto second = start_watch(team, "carla");
    team.must_succeed("bram", {"case", "note", case_id, "--text", "Tweede gesprek."});
    const auto next = second->next_line(kLineTimeout);
    INFO("stderr: " << second->err());
    REQUIRE(next.has_value());
    CHECK(*next == line_for(case_id, 3, "notitie", "bram"));
    CHECK(second->stop(SIGTERM) == 0);
    CHECK(second->rest_of_output().empty());
    CHECK(second->err().empty());

    // A case shared while watching is new to carla: shown from its first record.
    const auto other = team.open_case("bram");
    auto third = start_watch(team, "carla", {"--limit", "1"});
    team.must_succeed("bram", {"case", "share", other, "--with", "carla"});
    const auto shared = third->next_line(kLineTimeout);
    INFO("stderr: " << third->err());
    REQUIRE(shared.has_value());
    CHECK(*shared == line_for(other, 1, "melding", "bram"));
    CHECK(third->wait() == 0);

    // A new record that does not verify stops the watch: exit 4, one line on stderr.
    team.must_succeed("bram", {"case", "note", case_id, "--text", "Derde gesprek."});
    team.as_operator([&](OperatorDatabase& db) {
        const auto id = case_key_column(case_id);
        const auto blob = record_blob(db, id, 4);
        replace_record_blob(db, id, 4, with_flipped_byte(blob, record_layout(blob).ciphertext + 3));
    });
    auto fourth = start_watch(team, "carla");
    const int exit_code = fourth->wait();
    const std::string err = fourth->err();
    INFO("stderr: " << err);
    CHECK(exit_code == 4);
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);
    CHECK(err.find("record 4") != std::string::npos);
    CHECK(fourth->rest_of_output().empty());
}

}  // namespace weerbaar::e2e
