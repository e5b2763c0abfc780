// bench_research_org "[research-org]": the research export of a whole generated
// organisation through the real binaries (issue 11: "a coordinator produces a package
// from the generated 2,000-case organisation, a researcher opens it"; "export of
// 10,000 cases in under 10 s"). docs/benchmarks.md, "Research export".
//
// A real server on loopback; anne (coordinator, root key holder) makes the research
// key; bram (confidant) opens RESEARCH_ORG_CASES synthetic cases (default 2,000) with
// bench_seed_cases synthetic: every case through create_case and change_status, so
// every research record is written by the real writing path. Then, each timed from
// outside as a user meets it:
//  - `weerbaar research ledger` as anne: the fixed cost of a command (unlock, login,
//    one call), the baseline the export is compared with in the same run;
//  - `weerbaar research export` as anne, 3 times (k = 5, epsilon = 1 each: the
//    server's default budget of 3 per quarter allows exactly three);
//  - `weerbaar research open` as rita (researcher) of the last package.
// Writes the figures to BENCH_OUT (default build/bench/research-org.md) and checks
// that every quasi-identifier combination in the opened microdata occurs >= 5 times.

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "bench_report.h"
#include "cli_runner.h"
#include "test_server.h"
#include "timed_run.h"

namespace weerbaar::bench {
namespace {

namespace fs = std::filesystem;

constexpr auto kCap = std::chrono::seconds(1800);

std::string fixed(double value, const char* format = "%.3f") {
    char text[64];
    (void)std::snprintf(text, sizeof text, format, value);
    return text;
}

std::string line_with(const std::string& text, const std::string& start) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind(start, 0) == 0) {
            return line;
        }
    }
    return {};
}

TimedRun cli(const e2e::CliRunner& runner, const std::string& user, std::vector<std::string> args,
             const fs::path& scratch) {
    args.insert(args.begin(), {WEERBAAR_CLI_BIN, "--profile", runner.profile(user).string()});
    TimedRun run =
        timed_run(args, {std::string("WEERBAAR_PASSPHRASE=") + e2e::kPassphrase}, kCap, scratch);
    INFO(user << ": " << run.failure() << "\n" << run.out << run.err);
    REQUIRE(run.ok());
    return run;
}

}  // namespace

TEST_CASE("a generated organisation's research export, end to end", "[research-org]") {
    const auto cases = count_from_environment("RESEARCH_ORG_CASES", 2000);
    REQUIRE(cases.ok());
    const std::size_t count = cases.value();
    e2e::TempDir dir;
    const fs::path scratch = dir.path() / "scratch";
    fs::create_directories(scratch);
    e2e::TestServer server(dir.path() / "data");
    server.start();
    const e2e::CliRunner runner(dir.path() / "profiles");
    (void)runner.build_team(server, "anne", {{"bram", "confidant"}, {"rita", "researcher"}});
    cli(runner, "anne", {"research", "setup"}, scratch);

    const TimedRun seeded = timed_run(
        {WEERBAAR_SEED_BIN, "synthetic", "--profile", runner.profile("bram").string(), "--count",
         std::to_string(count), "--ids", (scratch / "ids.txt").string(), "--threads", "4"},
        {std::string("WEERBAAR_PASSPHRASE=") + e2e::kPassphrase}, kCap, scratch);
    INFO(seeded.failure() << seeded.err);
    REQUIRE(seeded.ok());

    std::vector<double> baseline;
    std::vector<double> exports;
    std::string summary;
    for (int run = 0; run < 3; ++run) {
        baseline.push_back(cli(runner, "anne", {"research", "ledger"}, scratch).wall_seconds);
        const fs::path out = dir.path() / ("export-" + std::to_string(run));
        const TimedRun exported = cli(runner, "anne",
                                      {"research", "export", "--out", out.string(), "--from",
                                       "2023Q1", "--to", "2025Q4", "--k", "5", "--epsilon", "1"},
                                      scratch);
        exports.push_back(exported.wall_seconds);
        summary = exported.out;
    }
    const fs::path package = dir.path() / "export-2" / "onderzoekspakket.wbrp";
    const TimedRun opened = cli(
        runner, "rita",
        {"research", "open", package.string(), "--out", (dir.path() / "opened").string()}, scratch);

    // What the researcher received holds no combination below k = 5.
    std::ifstream microdata(dir.path() / "opened" / "microdata.csv");
    std::string header;
    REQUIRE(std::getline(microdata, header));
    std::map<std::string, int> classes;
    std::string row;
    std::size_t rows = 0;
    while (std::getline(microdata, row)) {
        std::istringstream cells(row);
        std::string period, region, office;
        std::getline(cells, period, ',');
        std::getline(cells, region, ',');
        std::getline(cells, office, ',');
        ++classes[period + "|" + region + "|" + office];
        ++rows;
    }
    for (const auto& [combination, n] : classes) {
        INFO(combination);
        CHECK(n >= 5);
    }
    CHECK(header.rfind("periode,regio,ambtsgroep", 0) == 0);

    const auto export_summary = summarise(exports).value();
    const auto baseline_summary = summarise(baseline).value();
    std::ostringstream report;
    report << "# Research export of a generated organisation (make bench-research-org)\n\n"
           << "Real server on loopback, real CLI; " << with_thousands(count)
           << " synthetic cases opened by bram through create_case and change_status "
              "(bench_seed_cases synthetic, 4 threads): "
           << fixed(seeded.wall_seconds, "%.1f") << " s.\n\n"
           << "| figure | min | median | max |\n|---|---|---|---|\n"
           << "| `research export` (k = 5, epsilon = 1), s | " << fixed(export_summary.min) << " | "
           << fixed(export_summary.median) << " | " << fixed(export_summary.max) << " |\n"
           << "| `research ledger` (baseline: unlock, login, one call), s | "
           << fixed(baseline_summary.min) << " | " << fixed(baseline_summary.median) << " | "
           << fixed(baseline_summary.max) << " |\n"
           << "| export / baseline (medians) | | "
           << fixed(export_summary.median / baseline_summary.median, "%.2f") << "x | |\n"
           << "| `research open` by the researcher, s | | " << fixed(opened.wall_seconds)
           << " | |\n\n"
           << "Microdata opened by the researcher: " << rows << " rows in " << classes.size()
           << " classes, none below k = 5.\n\n"
           << "Last export's summary:\n\n```\n"
           << summary << "```\n";
    std::printf("%s", report.str().c_str());
    const char* out = std::getenv("BENCH_OUT");
    REQUIRE(write_report(out != nullptr ? fs::path(out) : fs::path("build/bench/research-org.md"),
                         report.str())
                .ok());
    server.stop();
}

}  // namespace weerbaar::bench
