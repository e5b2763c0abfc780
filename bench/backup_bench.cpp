// make bench-backup (docs/benchmarks.md, "Backup and restore"): the operator's
// backup, verify-backup and restore through the real weerbaar-server binary, on the
// demo organisation and on 10,000 cases, while the server runs.
//
// Each size gets a fresh server and team (anne coordinator, bram confidant, carla and
// daan peers, rita researcher: the team of `make run`); bram's cases are opened through
// the client core and the real server (bench_seed_cases create, 4 threads), so the
// database holds what the RPCs write: cases, records, key wraps, audit entries. Then
// three backups (min / median / max wall time, and the file's size next to the data
// directory's), one verify-backup and three restores into fresh folders.
// BENCH_BACKUP_CASES=20,10000 picks the sizes (the first is the demo: 20 cases).

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
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

std::string mib(std::uintmax_t bytes) {
    return fixed(static_cast<double>(bytes) / (1024.0 * 1024.0), "%.2f") + " MiB";
}

std::uintmax_t size_of_tree(const fs::path& root) {
    std::uintmax_t total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) {
            total += entry.file_size();
        }
    }
    return total;
}

TimedRun server_command(std::vector<std::string> args, const fs::path& scratch) {
    args.insert(args.begin(), WEERBAAR_SERVER_BIN);
    TimedRun run = timed_run(args, {}, kCap, scratch);
    INFO(run.failure() << run.out << run.err);
    REQUIRE(run.ok());
    return run;
}

std::string row(const std::string& name, std::vector<double> values) {
    const Summary summary = summarise(std::move(values)).value();
    return "| " + name + " | " + fixed(summary.min) + " | " + fixed(summary.median) + " | " +
           fixed(summary.max) + " |\n";
}

}  // namespace

TEST_CASE("backup, verify-backup and restore of a running server", "[bench-backup]") {
    const char* sizes_text = std::getenv("BENCH_BACKUP_CASES");
    const auto sizes =
        parse_sizes(sizes_text != nullptr && *sizes_text != 0 ? sizes_text : "20,10000");
    REQUIRE(sizes.ok());
    std::ostringstream report;
    report << "# Backup and restore (make bench-backup)\n\n"
           << "Real weerbaar-server on loopback; bram's cases opened through the client core "
              "(bench_seed_cases create, 4 threads). The backup runs while the server runs. "
              "Times in seconds, wall clock of the whole command; min / median / max of 3.\n\n";
    std::string commands;
    for (const std::size_t count : sizes.value()) {
        e2e::TempDir dir;
        const fs::path scratch = dir.path() / "scratch";
        fs::create_directories(scratch);
        e2e::TestServer server(dir.path() / "data");
        server.start();
        const e2e::CliRunner runner(dir.path() / "profiles");
        (void)runner.build_team(
            server, "anne",
            {{"bram", "confidant"}, {"carla", "peer"}, {"daan", "peer"}, {"rita", "researcher"}});
        const TimedRun seeded = timed_run(
            {WEERBAAR_SEED_BIN, "create", "--profile", runner.profile("bram").string(), "--count",
             std::to_string(count), "--ids", (scratch / "ids.txt").string(), "--threads", "4"},
            {std::string("WEERBAAR_PASSPHRASE=") + e2e::kPassphrase}, kCap, scratch);
        INFO(seeded.failure() << seeded.err);
        REQUIRE(seeded.ok());

        const fs::path secret = dir.path() / "backup.secret";
        const fs::path published = dir.path() / "backup.pub";
        (void)server_command(
            {"backup-keygen", "--out-secret", secret.string(), "--out-public", published.string()},
            scratch);
        const fs::path file = dir.path() / "weerbaar.backup";
        const std::vector<std::string> backup{
            "backup",      "--data",       server.data_dir().string(), "--out",
            file.string(), "--backup-key", published.string()};
        std::vector<double> backups;
        for (int run = 0; run < 3; ++run) {
            backups.push_back(server_command(backup, scratch).wall_seconds);
        }
        const std::uintmax_t file_bytes = fs::file_size(file);
        const std::uintmax_t data_bytes = size_of_tree(server.data_dir());
        const double verify =
            server_command({"verify-backup", file.string(), "--backup-secret-key", secret.string()},
                           scratch)
                .wall_seconds;
        std::vector<double> restores;
        for (int run = 0; run < 3; ++run) {
            const fs::path target = dir.path() / ("restored-" + std::to_string(run));
            restores.push_back(server_command({"restore", file.string(), "--data", target.string(),
                                               "--backup-secret-key", secret.string()},
                                              scratch)
                                   .wall_seconds);
        }
        REQUIRE(server.stop() == 0);

        const std::string name = count == sizes.value().front() && sizes.value().size() > 1
                                     ? "demo organisation, " + with_thousands(count) + " cases"
                                     : with_thousands(count) + " cases";
        report << "## " << name << "\n\n"
               << "Seeding took " << fixed(seeded.wall_seconds, "%.1f") << " s. Data directory "
               << mib(data_bytes) << " (database, WAL, keys); backup file " << mib(file_bytes)
               << ".\n\n| command | min | median | max |\n|---|---|---|---|\n"
               << row("`backup`", backups) << row("`verify-backup` (one run)", {verify})
               << row("`restore`", restores) << "\n";
    }
    commands =
        "weerbaar-server backup --data DIR --out FILE --backup-key backup.pub\n"
        "weerbaar-server verify-backup FILE --backup-secret-key backup.secret\n"
        "weerbaar-server restore FILE --data NEW --backup-secret-key backup.secret\n";
    report << "Commands:\n\n```\n" << commands << "```\n";
    const char* out = std::getenv("BENCH_OUT");
    const fs::path target = out != nullptr && *out != 0 ? fs::path(out) : fs::path("backup.md");
    fs::create_directories(target.parent_path());
    std::ofstream(target) << report.str();
    std::cout << report.str();
}

}  // namespace weerbaar::bench
