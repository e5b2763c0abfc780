#pragma once
// What `weerbaar-server status` prints (docs/operations.md, "Status"): the running
// server writes DIR/status, a small TOML file, at start, once a minute and at a
// clean stop; the status command reads it, looks whether that process still runs,
// and adds the sizes of the database and the attachments from the directory itself.
// A file, not a call: the command needs no session and no network, works while the
// server is down (it then says when and how it stopped), and reads nothing a case
// holds. The file holds no user data: counts, sizes, times, settings.
//
// Threading: plain functions, no shared state.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "data_directory.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

// This build's version (the CMake project version).
[[nodiscard]] const char* server_version();

// What the server writes. Times are unix seconds.
struct StatusReport {
    std::int64_t pid = 0;
    std::string version;
    std::int64_t started = 0;
    std::int64_t written = 0;
    std::optional<std::int64_t> stopped;  // set by a clean stop only
    std::string listen;                   // HOST:PORT as configured
    int port = 0;                         // the port actually listened on
    int schema_version = 0;
    std::uint64_t sessions = 0;  // valid at `written`
    // The limits in force.
    int retention_days = 0;
    std::uint32_t privacy_budget_millis = 0;
    std::string log_level;
    // Absent in a file written by a server older than these settings.
    std::optional<std::uint64_t> member_quota_mib;
    std::optional<std::uint64_t> free_space_reserve_mib;
};

// StatusReport as TOML, and back. parse_status_report: invalid_argument when the
// text is not a status file this version can read (a key missing or of the wrong
// type; unknown keys are ignored, so an older command reads a newer file).
[[nodiscard]] std::string encode_status_report(const StatusReport& report);
[[nodiscard]] Result<StatusReport> parse_status_report(std::string_view text);

// DIR/status, written whole or not at all (durable_file), mode 0600.
[[nodiscard]] std::filesystem::path status_file(const DataDirectory& directory);
[[nodiscard]] Status write_status_report(const DataDirectory& directory,
                                         const StatusReport& report);

// What the command adds from the directory: bytes and files.
struct DirectorySizes {
    std::uint64_t database_bytes = 0;  // weerbaar.db
    std::uint64_t wal_bytes = 0;       // weerbaar.db-wal and -shm
    std::uint64_t attachment_bytes = 0;
    std::uint64_t attachment_files = 0;
    // Free on the directory's file system (statvfs); absent if it cannot be read.
    std::optional<std::uint64_t> free_bytes;
};
[[nodiscard]] DirectorySizes measure_data_directory(const DataDirectory& directory);

// What `weerbaar-server backup` leaves in DIR/last-backup once a backup of DIR is
// whole, so that status says how old the newest backup is (docs/operations.md, "What
// to monitor"). Times are unix seconds. TOML, like DIR/status; no user data.
struct LastBackup {
    std::int64_t created = 0;          // the backup's manifest time
    std::uint64_t file_bytes = 0;      // size of the backup file
    std::uint64_t audit_sequence = 0;  // the last audit entry it holds
    std::string file;                  // where it was written, as given to --out
};
[[nodiscard]] std::string encode_last_backup(const LastBackup& backup);
// invalid_argument when the text is not such a record.
[[nodiscard]] Result<LastBackup> parse_last_backup(std::string_view text);
[[nodiscard]] std::filesystem::path last_backup_file(const DataDirectory& directory);
// Written whole or not at all (durable_file), mode 0600.
[[nodiscard]] Status write_last_backup(const DataDirectory& directory, const LastBackup& backup);
// nullopt when no backup was recorded (the file is absent); invalid_argument when it
// cannot be read as one.
[[nodiscard]] Result<std::optional<LastBackup>> read_last_backup(const DataDirectory& directory);

// Whether process `pid` is a weerbaar-server (its /proc/PID/comm).
[[nodiscard]] bool server_process_runs(std::int64_t pid);

// The report as the command prints it, in English (an operator's tool, like the
// server's own lines), for `now` (unix seconds) and `running` (server_process_runs).
// `last_backup`: read_last_backup's answer (nullopt: none recorded).
[[nodiscard]] std::string describe_status(const StatusReport& report, const DirectorySizes& sizes,
                                          bool running, std::int64_t now,
                                          const std::optional<LastBackup>& last_backup);

}  // namespace weerbaar::server
