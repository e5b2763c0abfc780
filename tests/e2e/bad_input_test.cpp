// Bad input gets a clear answer: the right exit code, one line on stderr that
// says what and why, and nothing changed.

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>

#include "cli_runner.h"
#include "test_server.h"

namespace weerbaar::e2e {
namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// One line on stderr, starting with the program name, that mentions `needle`.
void check_one_line_error(const ProcessResult& result, const std::string& needle) {
    INFO("stderr: " << result.err);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(result.err.rfind("weerbaar: ", 0) == 0);
    CHECK(result.err.find(needle) != std::string::npos);
}

std::string example_with(const std::string& from, const std::string& to) {
    auto text = read_file(WEERBAAR_EXAMPLE_INTAKE);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("bad input is refused with a clear reason and changes nothing", "[e2e]") {
    TempDir dir;
    TestServer server(dir.path() / "data");
    server.start();
    const CliRunner cli(dir.path() / "profiles");
    cli.build_team(server, "anne", {{"bram", "confidant"}, {"carla", "peer"}});

    {
        INFO("an intake with a code outside the codebook names the field");
        const auto file = dir.path() / "bad-intake.json";
        write_file(file, example_with("\"online_haat\"", "\"online_haatt\""));
        const auto result = cli.run("bram", {"case", "new", "--intake", file.string()});
        CHECK(result.exit_code == 2);
        check_one_line_error(result, "incident.types[1]");
        CHECK(cli.run("bram", {"case", "list", "--json"}).out.find("case_id") == std::string::npos);
    }
    {
        INFO("an intake that collects a political party is refused");
        const auto file = dir.path() / "party.json";
        write_file(file, example_with("\"contact\"", "\"partij\": \"X\", \"contact\""));
        const auto result = cli.run("bram", {"case", "new", "--intake", file.string()});
        CHECK(result.exit_code == 2);
        check_one_line_error(result, "partij");
    }
    {
        INFO("an intake that is not JSON is refused");
        const auto file = dir.path() / "garbage.json";
        write_file(file, "{ this is not json");
        const auto result = cli.run("bram", {"case", "new", "--intake", file.string()});
        CHECK(result.exit_code == 2);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    }
    {
        INFO("a missing intake file is refused");
        const auto result =
            cli.run("bram", {"case", "new", "--intake", (dir.path() / "nope.json").string()});
        CHECK(result.exit_code == 2);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    }
    {
        INFO("a wrong passphrase is refused and leaves the keystore as it was");
        const auto keystore = cli.profile("bram") / "keystore";
        const auto before = read_file(keystore);
        const auto result = cli.run("bram", {"case", "list"}, "not the passphrase");
        CHECK(result.exit_code == 3);
        check_one_line_error(result, "passphrase");
        CHECK(read_file(keystore) == before);
    }
    {
        INFO("sharing with an unknown member names the member");
        const auto opened = cli.run("bram", {"case", "new", "--intake", WEERBAAR_EXAMPLE_INTAKE});
        REQUIRE(opened.exit_code == 0);
        const auto result =
            cli.run("bram", {"case", "share", last_line(opened.out), "--with", "zoe"});
        CHECK((result.exit_code == 2 || result.exit_code == 3));
        check_one_line_error(result, "zoe");
    }
    {
        INFO("a peer cannot open a case");
        const auto result = cli.run("carla", {"case", "new", "--intake", WEERBAAR_EXAMPLE_INTAKE});
        CHECK(result.exit_code == 3);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    }
    {
        INFO("a malformed case id is bad usage");
        const auto result = cli.run("bram", {"case", "show", "not-a-case-id"});
        CHECK(result.exit_code == 2);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    }
    {
        INFO("approval with a wrong fingerprint signs nothing");
        const auto enrolled = cli.run("eva", cli.init_args(server, "eva"));
        REQUIRE(enrolled.exit_code == 0);
        auto wrong = last_line(enrolled.out);
        wrong[0] = wrong[0] == '1' ? '2' : '1';
        const auto result =
            cli.run("anne", {"member", "approve", "eva", "--role", "peer", "--fingerprint", wrong});
        CHECK(result.exit_code == 4);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
        CHECK(cli.run("anne", {"member", "list", "--json"}).out.find("\"eva\"") ==
              std::string::npos);
    }
    {
        INFO("a second organisation cannot be created with a used bootstrap code");
        const auto result =
            cli.run("mallory", {"org", "create", "--server", server.address(), "--server-cert",
                                server.certificate().string(), "--bootstrap",
                                "AAAAA-BBBBB-CCCCC-DDDDD", "--user", "mallory"});
        CHECK((result.exit_code == 2 || result.exit_code == 3));
        CHECK_FALSE(std::filesystem::exists(cli.profile("mallory") / "keystore"));
    }
    {
        INFO("a server that is down is exit 5");
        REQUIRE(server.stop() == 0);
        const auto result = cli.run("bram", {"case", "list"});
        CHECK(result.exit_code == 5);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    }
    server.stop();
}

}  // namespace weerbaar::e2e
