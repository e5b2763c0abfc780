// The settings file (server_config.h): every key read with its unit, the flags over
// the file, and each kind of mistake refused with the file, line and key named and
// nothing applied.

#include "server_config.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "temporary_directory.h"

namespace weerbaar::server {
namespace {

// The error's line, or "" when the text was accepted.
std::string refusal(std::string_view text, ServerConfig& config) {
    const Status parsed = parse_server_config(text, "/etc/weerbaar/server.toml", config);
    return parsed.ok() ? "" : parsed.error().message();
}

}  // namespace

TEST_CASE("the settings file sets every key", "[config]") {
    ServerConfig config;
    REQUIRE(refusal(R"(
# the packaged defaults
data_directory = "/var/lib/weerbaar"
listen = "0.0.0.0:7443"
retention_days = 365
privacy_budget = 0.25
log_level = "warn"
)",
                    config) == "");
    CHECK(config.options.data_directory == "/var/lib/weerbaar");
    CHECK(config.options.listen == "0.0.0.0:7443");
    CHECK(config.options.retention_days == 365);
    CHECK(config.options.privacy_budget_millis == 250);
    CHECK(config.log_level == spdlog::level::warn);
}

TEST_CASE("keys absent from the file keep their defaults", "[config]") {
    ServerConfig config;
    REQUIRE(refusal("listen = \"127.0.0.1:0\"\n", config) == "");
    CHECK(config.options.listen == "127.0.0.1:0");
    const ServerConfig defaults;
    CHECK(config.options.data_directory == defaults.options.data_directory);
    CHECK(config.options.retention_days == defaults.options.retention_days);
    CHECK(config.options.privacy_budget_millis == defaults.options.privacy_budget_millis);
    CHECK(config.log_level == spdlog::level::info);
    REQUIRE(refusal("", config) == "");
}

TEST_CASE("the privacy budget takes a float, a whole number or a decimal in quotes", "[config]") {
    ServerConfig config;
    REQUIRE(refusal("privacy_budget = 3\n", config) == "");
    CHECK(config.options.privacy_budget_millis == 3000);
    REQUIRE(refusal("privacy_budget = 2.125\n", config) == "");
    CHECK(config.options.privacy_budget_millis == 2125);
    REQUIRE(refusal("privacy_budget = \"0.5\"\n", config) == "");
    CHECK(config.options.privacy_budget_millis == 500);
}

TEST_CASE("a mistake in the file names the file, the line and the key, and applies nothing",
          "[config]") {
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"listen = \"0.0.0.0:7443\"\nlisten_adress = \"x\"\n",
         "/etc/weerbaar/server.toml:2: listen_adress: not a setting (the settings are "
         "data_directory, listen, retention_days, privacy_budget, member_quota_mib, "
         "free_space_reserve_mib, log_level, backup_public_key)"},
        {"listen = \"0.0.0.0:7443\"\n[storage]\ncache = 1\n", ":2: storage: not a setting"},
        {"listen = \"0.0.0.0:7443\"\nretention_days = 0\n",
         ":2: retention_days: must be 1..36500 days, not 0"},
        {"listen = \"0.0.0.0:7443\"\nretention_days = \"30\"\n",
         ":2: retention_days: must be a whole number of days"},
        {"listen = \"0.0.0.0:7443\"\nretention_days = 36501\n", "must be 1..36500 days"},
        {"listen = \"0.0.0.0:7443\"\nlisten = \"x\"\n", "not valid TOML"},
        {"listen = \"0.0.0.0:99999\"\n", ":1: listen: must be HOST:PORT with a port 0..65535"},
        {"listen = 7443\n", ":1: listen: must be \"HOST:PORT\" in quotes"},
        {"privacy_budget = 0.0005\n", ":1: privacy_budget: must be an epsilon from 0.001"},
        {"privacy_budget = 1001\n", ":1: privacy_budget: must be an epsilon"},
        {"privacy_budget = -1.0\n", ":1: privacy_budget: must be an epsilon"},
        {"privacy_budget = true\n", ":1: privacy_budget: must be an epsilon"},
        {"log_level = \"loud\"\n", ":1: log_level: must be one of trace, debug, info"},
        {"log_level = 3\n", ":1: log_level: must be one of"},
        {"data_directory = \"\"\n", ":1: data_directory: must be a path in quotes"},
        {"data_directory = 5\n", ":1: data_directory: must be a path in quotes"},
        {"listen = \"0.0.0.0:7443\"\nretention_days = 30 30\n", ":2: not valid TOML"},
        {"member_quota_mib = 0\n", ":1: member_quota_mib: must be 1..16777216 MiB, not 0"},
        {"member_quota_mib = 16777217\n", ":1: member_quota_mib: must be 1..16777216 MiB"},
        {"member_quota_mib = \"10 GiB\"\n",
         ":1: member_quota_mib: must be a whole number of MiB, 1..16777216 MiB"},
        {"member_quota_mib = 1.5\n", ":1: member_quota_mib: must be a whole number of MiB"},
        {"free_space_reserve_mib = -1\n",
         ":1: free_space_reserve_mib: must be 0..16777216 MiB, not -1"},
        {"free_space_reserve_mib = \"1024\"\n",
         ":1: free_space_reserve_mib: must be a whole number of MiB"},
    };
    for (const Case& c : cases) {
        ServerConfig config;
        const std::string error = refusal(c.text, config);
        INFO(c.text);
        CHECK_THAT(error, Catch::Contains(c.expected));
        CHECK_THAT(error, Catch::StartsWith("/etc/weerbaar/server.toml:"));
        // Nothing of the file applied, not even its good first line.
        CHECK(config.options.listen == ServerConfig{}.options.listen);
        CHECK(config.options.retention_days == ServerConfig{}.options.retention_days);
    }
}

TEST_CASE("a flag is checked as the file's value is and wins over it", "[config]") {
    ServerConfig config;
    REQUIRE(refusal("listen = \"0.0.0.0:7443\"\nretention_days = 100\n", config) == "");
    REQUIRE(apply_server_flag("--listen", "127.0.0.1:0", config).ok());
    REQUIRE(apply_server_flag("--retention-days", "30", config).ok());
    REQUIRE(apply_server_flag("--log-level", "debug", config).ok());
    REQUIRE(apply_server_flag("--privacy-budget", "1.5", config).ok());
    REQUIRE(apply_server_flag("--data", "/srv/weerbaar", config).ok());
    CHECK(config.options.listen == "127.0.0.1:0");
    CHECK(config.options.retention_days == 30);
    CHECK(config.log_level == spdlog::level::debug);
    CHECK(config.options.privacy_budget_millis == 1500);
    CHECK(config.options.data_directory == "/srv/weerbaar");

    const Status bad = apply_server_flag("--retention-days", "thirty", config);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message() == "--retention-days: must be a whole number of days, 1..36500");
    CHECK(config.options.retention_days == 30);
    const Status level = apply_server_flag("--log-level", "verbose", config);
    REQUIRE_FALSE(level.ok());
    CHECK_THAT(level.error().message(), Catch::StartsWith("--log-level: must be one of"));
}

TEST_CASE("the storage quota and the free-space reserve are whole MiB, in the file or as flags",
          "[config]") {
    ServerConfig config;
    CHECK(config.options.member_quota_mib == kDefaultMemberQuotaMib);
    CHECK(config.options.free_space_reserve_mib == kDefaultFreeSpaceReserveMib);
    REQUIRE(refusal("member_quota_mib = 2048\nfree_space_reserve_mib = 0\n", config) == "");
    CHECK(config.options.member_quota_mib == 2048);
    CHECK(config.options.free_space_reserve_mib == 0);  // the check off
    REQUIRE(apply_server_flag("--member-quota-mib", "1", config).ok());
    REQUIRE(apply_server_flag("--free-space-reserve-mib", "512", config).ok());
    CHECK(config.options.member_quota_mib == 1);
    CHECK(config.options.free_space_reserve_mib == 512);
    const Status bad = apply_server_flag("--member-quota-mib", "lots", config);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message() ==
          "--member-quota-mib: must be a whole number of MiB, 1..16777216 MiB");
    CHECK(config.options.member_quota_mib == 1);
    const Status zero = apply_server_flag("--member-quota-mib", "0", config);
    REQUIRE_FALSE(zero.ok());
    CHECK(zero.error().message() == "--member-quota-mib: must be 1..16777216 MiB, not 0");
}

TEST_CASE("a settings file that is missing or unreadable is told apart", "[config]") {
    test::TemporaryDirectory directory;
    ServerConfig config;
    const Status missing = load_server_config(directory.path() / "server.toml", config);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code() == ErrorCode::not_found);

    const auto file = directory.path() / "server.toml";
    std::ofstream(file) << "retention_days = 90\n";
    REQUIRE(load_server_config(file, config).ok());
    CHECK(config.options.retention_days == 90);

    // A directory where the file should be cannot be read as one.
    const Status not_a_file = load_server_config(directory.path(), config);
    REQUIRE_FALSE(not_a_file.ok());
    CHECK(not_a_file.error().code() == ErrorCode::invalid_argument);
}

}  // namespace weerbaar::server
