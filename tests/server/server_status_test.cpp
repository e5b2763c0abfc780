// The status file (server_status.h): written and read back whole, refused when it
// is not one, and described for each state the server can be in.

#include "server_status.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "temporary_directory.h"

namespace weerbaar::server {
namespace {

StatusReport example() {
    StatusReport report;
    report.pid = 4242;
    report.version = server_version();
    report.started = 1'800'000'000;
    report.written = 1'800'000'000 + 3 * 86400 + 4 * 3600 + 12 * 60;
    report.listen = "0.0.0.0:0";
    report.port = 7443;
    report.schema_version = 9;
    report.sessions = 17;
    report.retention_days = 365;
    report.privacy_budget_millis = 2500;
    report.log_level = "info";
    return report;
}

}  // namespace

TEST_CASE("a status report reads back as it was written", "[status]") {
    const StatusReport report = example();
    const auto parsed = parse_status_report(encode_status_report(report));
    REQUIRE(parsed.ok());
    CHECK(parsed.value().pid == 4242);
    CHECK(parsed.value().version == report.version);
    CHECK(parsed.value().started == report.started);
    CHECK(parsed.value().written == report.written);
    CHECK_FALSE(parsed.value().stopped.has_value());
    CHECK(parsed.value().listen == "0.0.0.0:0");
    CHECK(parsed.value().port == 7443);
    CHECK(parsed.value().schema_version == 9);
    CHECK(parsed.value().sessions == 17);
    CHECK(parsed.value().retention_days == 365);
    CHECK(parsed.value().privacy_budget_millis == 2500);
    CHECK(parsed.value().log_level == "info");

    StatusReport stopped = report;
    stopped.stopped = report.written + 5;
    const auto reread = parse_status_report(encode_status_report(stopped));
    REQUIRE(reread.ok());
    CHECK(reread.value().stopped == stopped.stopped);
}

TEST_CASE("the storage limits in force read back, and a file without them still reads",
          "[status]") {
    StatusReport report = example();
    const auto without = parse_status_report(encode_status_report(report));
    REQUIRE(without.ok());
    CHECK_FALSE(without.value().member_quota_mib.has_value());
    CHECK_FALSE(without.value().free_space_reserve_mib.has_value());

    report.member_quota_mib = 2048;
    report.free_space_reserve_mib = 512;
    const auto with = parse_status_report(encode_status_report(report));
    REQUIRE(with.ok());
    CHECK(with.value().member_quota_mib == std::optional<std::uint64_t>(2048));
    CHECK(with.value().free_space_reserve_mib == std::optional<std::uint64_t>(512));

    DirectorySizes sizes;
    sizes.free_bytes = std::uint64_t{100} * 1024 * 1024;
    const std::string under = describe_status(report, sizes, true, report.written, std::nullopt);
    CHECK_THAT(under, Catch::Contains("storage per member 2.0 GiB; free-space reserve 512.0 MiB"));
    CHECK_THAT(under, Catch::Contains("disk free:      100.0 MiB (reserve 512.0 MiB); UNDER THE "
                                      "RESERVE: appends, new cases and uploads are refused"));
    sizes.free_bytes = std::uint64_t{600} * 1024 * 1024;
    CHECK_THAT(describe_status(report, sizes, true, report.written, std::nullopt),
               !Catch::Contains("UNDER THE RESERVE"));
    report.free_space_reserve_mib = 0;
    CHECK_THAT(describe_status(report, sizes, true, report.written, std::nullopt),
               Catch::Contains("free-space reserve off"));
}

TEST_CASE("a file that is no status report is refused with what is wrong", "[status]") {
    CHECK(parse_status_report("not = toml = at all").error().message() ==
          "the status file is not TOML");
    CHECK(parse_status_report("format = 2\n").error().message() ==
          "the status file has a format this version cannot read");
    std::string text = encode_status_report(example());
    text.replace(text.find("sessions = 17"), 13, "sessions = 'x'");
    CHECK(parse_status_report(text).error().message() == "the status file has no valid 'sessions'");
}

TEST_CASE("the description says running, stopped or not stopped cleanly", "[status]") {
    const StatusReport report = example();
    DirectorySizes sizes;
    sizes.database_bytes = 3 * 1024 * 1024;
    sizes.wal_bytes = 512 * 1024;
    sizes.attachment_bytes = 1536;
    sizes.attachment_files = 2;
    const std::string running = describe_status(report, sizes, true, report.written, std::nullopt);
    CHECK_THAT(running, Catch::Contains("state:          running (pid 4242), up 3 d 4 h 12 min\n"));
    CHECK_THAT(running, Catch::Contains("listening on:   0.0.0.0:0 (port 7443)\n"));
    CHECK_THAT(running, Catch::Contains(
                            "database:       3.5 MiB (3.0 MiB file, 512.0 KiB write-ahead log)"));
    CHECK_THAT(running, Catch::Contains("attachments:    1.5 KiB in 2 files\n"));
    CHECK_THAT(running, Catch::Contains("sessions:       17 valid, as of 2027-01-18 "));
    CHECK_THAT(running, Catch::Contains("closed cases kept 365 days; privacy budget 2.500"));

    StatusReport stopped = report;
    stopped.stopped = report.written;
    CHECK_THAT(describe_status(stopped, sizes, false, report.written, std::nullopt),
               Catch::Contains("state:          stopped at 2027-01-18 "));
    CHECK_THAT(describe_status(report, sizes, false, report.written, std::nullopt),
               Catch::Contains("state:          not running; no clean stop was written"));

    StatusReport older = report;
    older.version = "0.0.9";
    CHECK_THAT(describe_status(older, sizes, true, report.written, std::nullopt),
               Catch::Contains("version:        0.0.9 (this program: "));
}

TEST_CASE("the last backup is recorded, read back, refused when damaged, and described",
          "[status]") {
    test::TemporaryDirectory dir;
    const DataDirectory directory{dir.path()};
    const StatusReport report = example();
    const DirectorySizes sizes;
    const auto none = read_last_backup(directory);
    REQUIRE(none.ok());
    CHECK_FALSE(none.value().has_value());
    CHECK_THAT(describe_status(report, sizes, true, report.written, none.value()),
               Catch::Contains("last backup:    none recorded for this data directory"));

    const LastBackup made{report.written - 2 * 3600, 3 * 1024 * 1024, 812, "/srv/backup/wb.backup"};
    REQUIRE(write_last_backup(directory, made).ok());
    const auto read = read_last_backup(directory);
    REQUIRE(read.ok());
    REQUIRE(read.value().has_value());
    CHECK(read.value()->created == made.created);
    CHECK(read.value()->file_bytes == made.file_bytes);
    CHECK(read.value()->audit_sequence == 812);
    CHECK(read.value()->file == made.file);
    CHECK_THAT(describe_status(report, sizes, true, report.written, read.value()),
               Catch::Contains("(2 h 0 min ago), 3.0 MiB, audit entry 812, /srv/backup/wb.backup"));

    std::ofstream(last_backup_file(directory)) << "created = 'yesterday'\n";
    const auto damaged = read_last_backup(directory);
    REQUIRE_FALSE(damaged.ok());
    CHECK(damaged.error().code() == ErrorCode::invalid_argument);
    CHECK_FALSE(parse_last_backup("not toml = =").ok());
}

TEST_CASE("the directory's sizes count the database, its log and every attachment", "[status]") {
    test::TemporaryDirectory dir;
    const DataDirectory directory{dir.path()};
    std::ofstream(directory.database()) << std::string(100, 'd');
    std::ofstream(directory.database().string() + "-wal") << std::string(30, 'w');
    std::filesystem::create_directories(directory.attachments() / "ab");
    std::ofstream(directory.attachments() / "ab" / "one") << std::string(7, 'a');
    std::ofstream(directory.attachments() / "two") << std::string(5, 'a');
    const DirectorySizes sizes = measure_data_directory(directory);
    CHECK(sizes.database_bytes == 100);
    CHECK(sizes.wal_bytes == 30);
    CHECK(sizes.attachment_bytes == 12);
    CHECK(sizes.attachment_files == 2);
    CHECK_FALSE(server_process_runs(::getpid()));  // this test is no weerbaar-server
    CHECK_FALSE(server_process_runs(0));
}

}  // namespace weerbaar::server
