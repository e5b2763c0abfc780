// Checks of the benchmark harness itself: settings, summaries, the report, the
// timing of a whole process with its cap, the crypto loop and the seeding tool
// against a real server. Hidden from the suite ([.]); `make bench` runs them first
// (`bench_client "[bench-selftest]"`), so a long run never starts on a broken tool.

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>

#include "bench_report.h"
#include "cli_runner.h"
#include "crypto_baseline.h"
#include "test_server.h"
#include "timed_run.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::bench {
namespace {

namespace fs = std::filesystem;

std::size_t line_count(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("bench sizes are positive whole numbers, each once", "[.][bench-selftest]") {
    CHECK(parse_sizes("100").value() == std::vector<std::size_t>{100});
    CHECK(parse_sizes("10000,100,1000").value() == std::vector<std::size_t>{100, 1000, 10000});
    for (const char* bad : {"", "100,", ",100", "100,,1000", "1e3", "-5", "0", " 100", "10k"}) {
        INFO(bad);
        const auto parsed = parse_sizes(bad);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code() == ErrorCode::invalid_argument);
        CHECK_THAT(parsed.error().message(), Catch::Contains("ongeldig getal") &&
                                                 Catch::Contains("/ invalid number") &&
                                                 Catch::Contains("BENCH_SIZES"));
    }
    const auto twice = parse_sizes("100,1000,100");
    REQUIRE_FALSE(twice.ok());
    CHECK_THAT(twice.error().message(), Catch::Contains("twee keer") && Catch::Contains("twice"));
}

TEST_CASE("bench counts from the environment", "[.][bench-selftest]") {
    ::unsetenv("BENCH_SELFTEST_COUNT");
    CHECK(count_from_environment("BENCH_SELFTEST_COUNT", 7).value() == 7);
    ::setenv("BENCH_SELFTEST_COUNT", "12", 1);
    CHECK(count_from_environment("BENCH_SELFTEST_COUNT", 7).value() == 12);
    ::setenv("BENCH_SELFTEST_COUNT", "0", 1);
    CHECK_FALSE(count_from_environment("BENCH_SELFTEST_COUNT", 7).ok());
    CHECK(count_from_environment("BENCH_SELFTEST_COUNT", 7, true).value() == 0);
    ::setenv("BENCH_SELFTEST_COUNT", "twelve", 1);
    const auto bad = count_from_environment("BENCH_SELFTEST_COUNT", 7);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message(), Catch::Contains("BENCH_SELFTEST_COUNT"));
    ::unsetenv("BENCH_SELFTEST_COUNT");
}

TEST_CASE("bench summaries: min, median, max", "[.][bench-selftest]") {
    CHECK_FALSE(summarise({}).has_value());
    const auto odd = summarise({3.0, 1.0, 2.0}).value();
    CHECK(odd.min == 1.0);
    CHECK(odd.median == 2.0);
    CHECK(odd.max == 3.0);
    CHECK(summarise({4.0, 1.0, 2.0, 3.0}).value().median == 2.5);
    CHECK(with_thousands(7) == "7");
    CHECK(with_thousands(1000) == "1,000");
    CHECK(with_thousands(100000) == "100,000");
    CHECK(with_thousands(1234567) == "1,234,567");
}

TEST_CASE("bench report: ratios pair by pair, problems shown", "[.][bench-selftest]") {
    Figure measured{"case list, 1,000 cases, warm"};
    measured.command = "weerbaar --profile $BENCH/runs/PROFILE case list";
    measured.per = 1000;
    measured.wall = {2.0, 3.0, 4.0};
    measured.fixed = {1.0, 1.0, 2.0};
    measured.cpu = {0.5, 0.75, 1.0};
    measured.crypto_seconds = 0.5;
    CHECK(measured.beyond_fixed() == std::vector<double>{1.0, 2.0, 2.0});
    CHECK(measured.ratio_to_fixed() == std::vector<double>{2.0, 3.0, 2.0});
    Figure capped{"case list, 100,000 cases, cold"};
    capped.problem = "over cap (> 120 s)";
    const std::string text = render_markdown({"Title", {"one fact"}}, {measured, capped});
    CHECK_THAT(text, Catch::Contains("# Title") && Catch::Contains("- one fact"));
    // 3 runs; wall 2/3/4; cpu median 0.75; no-op median 1; beyond median 2; x no-op
    // median 2; 2 ms per case; 2 / 0.5 = 4 x crypto.
    CHECK_THAT(text, Catch::Contains("| case list, 1,000 cases, warm | 3 | 2.000 / 3.000 / 4.000 "
                                     "| 0.750 | 1.000 | 2.000 | 2.00 | 2.000 /case | 4.0 |  |  |"));
    CHECK_THAT(text, Catch::Contains("| case list, 100,000 cases, cold | 0 | - |  |"));
    CHECK_THAT(text, Catch::Contains("over cap (> 120 s) |"));
    CHECK_THAT(text, Catch::Contains("`weerbaar --profile $BENCH/runs/PROFILE case list`"));
}

TEST_CASE("a timed run: exit code, output, and the cap", "[.][bench-selftest]") {
    const e2e::TempDir dir;
    const auto done = timed_run({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, {},
                                std::chrono::seconds(10), dir.path());
    CHECK_FALSE(done.over_cap);
    CHECK(done.exit_code == 3);
    CHECK_FALSE(done.ok());
    CHECK(done.out == "out\n");
    CHECK(done.failure() == "exit 3: err");
    const auto env = timed_run({"/bin/sh", "-c", "printf %s \"$BENCH_SELFTEST\""},
                               {"BENCH_SELFTEST=seen"}, std::chrono::seconds(10), dir.path());
    CHECK(env.ok());
    CHECK(env.out == "seen");

    const auto started = std::chrono::steady_clock::now();
    const auto capped =
        timed_run({"/bin/sleep", "30"}, {}, std::chrono::milliseconds(300), dir.path());
    CHECK(capped.over_cap);
    CHECK_FALSE(capped.ok());
    CHECK(capped.failure() == "over cap");
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    CHECK_THROWS(timed_run({"/nonexistent/binary"}, {}, std::chrono::seconds(1), dir.path()));
}

TEST_CASE("the crypto loop measures something and scales with the work", "[.][bench-selftest]") {
    REQUIRE(crypto::initialise().ok());
    const auto intake = client::read_intake_file(
        WEERBAAR_EXAMPLE_INTAKE, std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(
                                     std::chrono::system_clock::now())));
    REQUIRE(intake.ok());
    const double one_case = verification_seconds(1, 1, intake.value(), 1);
    CHECK(one_case > 0);
    CHECK(verification_seconds(20, 5, intake.value(), 1) > one_case);
    CHECK_THROWS(verification_seconds(0, 1, intake.value()));
}

TEST_CASE("bench_seed_cases creates and extends real cases", "[.][bench-selftest]") {
    const e2e::TempDir dir;
    e2e::TestServer server(dir.path() / "data");
    server.start();
    const e2e::CliRunner cli(dir.path() / "profiles");
    cli.build_team(server, "anne", {{"bram", "confidant"}, {"carla", "peer"}});
    const std::string passphrase = std::string("WEERBAAR_PASSPHRASE=") + e2e::kPassphrase;
    const fs::path ids = dir.path() / "ids";
    const auto seed = [&](const std::string& user, std::vector<std::string> args,
                          std::vector<std::string> env) {
        args.insert(args.begin() + 1, {"--profile", cli.profile(user).string()});
        args.insert(args.begin(), WEERBAAR_SEED_BIN);
        return timed_run(args, env, std::chrono::seconds(120), dir.path());
    };

    const auto created = seed(
        "bram", {"create", "--count", "3", "--ids", ids.string(), "--threads", "2"}, {passphrase});
    INFO(created.err);
    REQUIRE(created.ok());
    const std::string written = e2e::read_file(ids);
    REQUIRE(line_count(written) == 3);
    const auto listed = cli.run("bram", {"case", "list"});
    INFO(listed.err);
    REQUIRE(listed.exit_code == 0);
    CHECK(line_count(listed.out) == 3);
    CHECK(listed.out.find("INTEGRITEITSFOUT") == std::string::npos);
    std::istringstream lines(written);
    std::string first, second;
    lines >> first >> second;
    CHECK(listed.out.find(first) != std::string::npos);

    // Two notes to the second case only, in a chain the CLI verifies.
    const auto appended = seed(
        "bram", {"append", "--ids", ids.string(), "--records", "2", "--from", "1", "--cases", "1"},
        {passphrase});
    INFO(appended.err);
    REQUIRE(appended.ok());
    const auto shown = cli.run("bram", {"case", "show", second, "--json"});
    INFO(shown.err);
    REQUIRE(shown.exit_code == 0);
    CHECK(shown.out.find("Benchmarknotitie 2") != std::string::npos);
    const auto relisted = cli.run("bram", {"case", "list"});
    REQUIRE(relisted.exit_code == 0);
    CHECK(relisted.out.find(" 3 records ") != std::string::npos);
    CHECK(relisted.out.find("INTEGRITEITSFOUT") == std::string::npos);

    const auto rpc = seed("bram", {"list-rpc", "--runs", "2"}, {passphrase});
    REQUIRE(rpc.ok());
    CHECK(rpc.out.find("list_cases_ms ") != std::string::npos);
    CHECK(rpc.out.find(" cases 3\n") != std::string::npos);

    // Refusals: each one line, Dutch first, nothing written.
    const auto peer =
        seed("carla", {"create", "--count", "1", "--ids", ids.string()}, {passphrase});
    CHECK(peer.exit_code == 1);
    CHECK_THAT(peer.err, Catch::Contains("bench_seed_cases: ") && Catch::Contains("confidant"));
    CHECK(e2e::read_file(ids) == written);
    const auto too_few = seed(
        "bram", {"append", "--ids", ids.string(), "--records", "1", "--from", "2", "--cases", "5"},
        {passphrase});
    CHECK(too_few.exit_code == 1);
    CHECK_THAT(too_few.err, Catch::Contains("te weinig") && Catch::Contains("too few"));
    const auto zero = seed("bram", {"create", "--count", "0", "--ids", ids.string()}, {passphrase});
    CHECK(zero.exit_code == 1);
    CHECK_THAT(zero.err, Catch::Contains("ongeldige opdracht"));
    const auto no_passphrase =
        seed("bram", {"create", "--count", "1", "--ids", ids.string()}, {"WEERBAAR_PASSPHRASE="});
    CHECK(no_passphrase.exit_code == 1);
    CHECK_THAT(no_passphrase.err, Catch::Contains("WEERBAAR_PASSPHRASE is niet gezet"));
    std::ofstream(dir.path() / "bad-ids") << "not-a-case-id\n";
    const auto bad_ids =
        seed("bram", {"append", "--ids", (dir.path() / "bad-ids").string(), "--records", "1"},
             {passphrase});
    CHECK(bad_ids.exit_code == 1);
    CHECK(line_count(bad_ids.err) == 1);
    CHECK(e2e::read_file(ids) == written);
    CHECK(server.stop() == 0);
}

}  // namespace weerbaar::bench
