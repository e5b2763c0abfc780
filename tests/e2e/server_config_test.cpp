// The real weerbaar-server with a settings file (docs/operations.md, "Configuration"):
// the file's settings in force, a flag over the file, and each kind of mistake
// stopping the start with a line that names the key, before anything is made.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "child_process.h"

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;

fs::path write_config(const TempDir& dir, const std::string& text) {
    const fs::path file = dir.path() / "server.toml";
    std::ofstream(file) << text;
    return file;
}

}  // namespace

TEST_CASE("the server runs on its settings file, and a flag wins over the file", "[e2e][config]") {
    TempDir dir;
    const fs::path data = dir.path() / "from-the-file";
    // The file says port 1, the flag port 0: a port picked by the kernel is never 1.
    const fs::path file = write_config(dir, "data_directory = \"" + data.string() +
                                                "\"\nlisten = \"127.0.0.1:1\"\n"
                                                "log_level = \"warn\"\nretention_days = 30\n");
    StreamingProcess server(
        {WEERBAAR_SERVER_BIN, "--config", file.string(), "--listen", "127.0.0.1:0"}, {});
    std::string listening;
    for (int i = 0; i < 5 && listening.empty(); ++i) {
        const auto line = server.next_line(std::chrono::seconds(30));
        REQUIRE(line.has_value());
        if (line->rfind("listening on ", 0) == 0) {
            listening = *line;
        }
    }
    CHECK(listening.rfind("listening on 127.0.0.1:", 0) == 0);
    CHECK(listening != "listening on 127.0.0.1:1");
    // The data directory is the file's.
    CHECK(fs::exists(data / "server.crt"));
    CHECK(server.stop() == 0);
    // log_level = "warn": not one info line.
    INFO(server.err());
    CHECK(server.err().find("[info]") == std::string::npos);
}

TEST_CASE("a mistake in the settings file stops the start with the key named, exit 2",
          "[e2e][config]") {
    struct Case {
        std::string text;
        std::vector<std::string> flags;
        std::string expected;
    };
    TempDir dir;
    const fs::path data = dir.path() / "data";
    const std::string data_line = "data_directory = \"" + data.string() + "\"\n";
    const Case cases[] = {
        {data_line + "listen_adress = \"127.0.0.1:0\"\n",
         {},
         "server.toml:2: listen_adress: not a setting"},
        {data_line + "retention_days = 0\n", {}, "server.toml:2: retention_days: must be 1..36500"},
        {data_line + "log_level = \"loud\"\n", {}, "server.toml:2: log_level: must be one of"},
        {data_line + "listen = \"127.0.0.1:0\n", {}, "server.toml:2: not valid TOML"},
        {data_line, {"--retention-days", "0"}, "--retention-days: must be 1..36500 days, not 0"},
        {data_line, {"--privacy-budget", "0.0001"}, "--privacy-budget: must be an epsilon"},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        const fs::path file = write_config(dir, c.text);
        std::vector<std::string> argv{WEERBAAR_SERVER_BIN, "--config", file.string()};
        argv.insert(argv.end(), c.flags.begin(), c.flags.end());
        const ProcessResult run = run_process(argv, {}, std::chrono::seconds(30));
        INFO(run.err);
        CHECK(run.exit_code == 2);
        CHECK(run.err.find(c.expected) != std::string::npos);
        CHECK(run.out.empty());
        CHECK_FALSE(fs::exists(data));
    }
}

TEST_CASE("a settings file named with --config must exist", "[e2e][config]") {
    TempDir dir;
    const fs::path missing = dir.path() / "server.toml";
    const ProcessResult run = run_process(
        {WEERBAAR_SERVER_BIN, "--config", missing.string(), "--data", (dir.path() / "d").string()},
        {}, std::chrono::seconds(30));
    INFO(run.err);
    CHECK(run.exit_code == 2);
    CHECK(run.err.find(missing.string() + ": no such file") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "d"));
}

}  // namespace weerbaar::e2e
