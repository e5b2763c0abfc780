// A write is acknowledged only once it is durable: whatever the CLI reported as
// stored must still be there after the server is killed without any shutdown.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "test_server.h"

namespace weerbaar::e2e {

TEST_CASE("acknowledged notes survive the server being killed", "[e2e]") {
    TempDir dir;
    TestServer server(dir.path() / "data");
    server.start();
    const CliRunner cli(dir.path() / "profiles");
    cli.build_team(server, "anne", {{"bram", "confidant"}});

    const auto opened = cli.run("bram", {"case", "new", "--intake", WEERBAAR_EXAMPLE_INTAKE});
    REQUIRE(opened.exit_code == 0);
    const auto case_id = last_line(opened.out);
    const std::vector<std::string> notes{"Gesprek 1: aangifte besproken.", "Gesprek 2: woningscan gepland.",
                                         "Gesprek 3: burgemeester geinformeerd."};
    for (const auto& note : notes) {
        REQUIRE(cli.run("bram", {"case", "note", case_id, "--text", note}).exit_code == 0);
    }

    server.kill_hard();
    server.start();

    const auto shown = cli.run("bram", {"case", "show", case_id, "--json"});
    INFO(shown.err);
    REQUIRE(shown.exit_code == 0);
    const auto records = nlohmann::json::parse(shown.out).at("records");
    REQUIRE(records.size() == notes.size() + 1);
    for (std::size_t i = 0; i < notes.size(); ++i) {
        CHECK(records[i + 1].at("text") == notes[i]);
    }
    CHECK(server.stop() == 0);
}

}  // namespace weerbaar::e2e
