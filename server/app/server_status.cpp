#include "server_status.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

#include "connection_limits.h"
#include "privacy_budget.h"
#include "server_limits.h"
#include "weerbaar/durable_file.h"

#ifndef WEERBAAR_VERSION
#error "WEERBAAR_VERSION comes from the CMake project version (server/CMakeLists.txt)"
#endif

namespace weerbaar::server {
namespace {

constexpr std::int64_t kStatusFormat = 1;

std::string with_unit(std::uint64_t bytes) {
    constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(kUnits)) {
        value /= 1024;
        ++unit;
    }
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(unit == 0 ? 0 : 1);
    out << value << " " << kUnits[unit];
    return out.str();
}

std::string duration_text(std::int64_t seconds) {
    if (seconds < 0) {
        seconds = 0;
    }
    const std::int64_t days = seconds / 86400;
    const std::int64_t hours = seconds % 86400 / 3600;
    const std::int64_t minutes = seconds % 3600 / 60;
    std::string text;
    if (days > 0) {
        text += std::to_string(days) + " d ";
    }
    if (days > 0 || hours > 0) {
        text += std::to_string(hours) + " h ";
    }
    return text + std::to_string(minutes) + " min";
}

std::string utc_text(std::int64_t unix_seconds) {
    const std::time_t time = unix_seconds;
    std::tm parts{};
    gmtime_r(&time, &parts);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S UTC", &parts);
    return buffer;
}

std::uint64_t file_bytes(const std::filesystem::path& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    return error ? 0 : static_cast<std::uint64_t>(size);
}

}  // namespace

const char* server_version() { return WEERBAAR_VERSION; }

std::string encode_status_report(const StatusReport& report) {
    toml::table table{
        {"format", kStatusFormat},
        {"pid", report.pid},
        {"version", report.version},
        {"started", report.started},
        {"written", report.written},
        {"listen", report.listen},
        {"port", report.port},
        {"schema_version", report.schema_version},
        {"sessions", static_cast<std::int64_t>(report.sessions)},
        {"retention_days", report.retention_days},
        {"privacy_budget_millis", static_cast<std::int64_t>(report.privacy_budget_millis)},
        {"log_level", report.log_level},
    };
    if (report.stopped) {
        table.insert("stopped", *report.stopped);
    }
    if (report.member_quota_mib) {
        table.insert("member_quota_mib", static_cast<std::int64_t>(*report.member_quota_mib));
    }
    if (report.free_space_reserve_mib) {
        table.insert("free_space_reserve_mib",
                     static_cast<std::int64_t>(*report.free_space_reserve_mib));
    }
    std::ostringstream out;
    out << "# Written by weerbaar-server, read by `weerbaar-server status`. Do not edit.\n"
        << table << "\n";
    return out.str();
}

Result<StatusReport> parse_status_report(std::string_view text) {
    toml::table table;
    try {
        table = toml::parse(text);
    } catch (const toml::parse_error&) {
        return Error(ErrorCode::invalid_argument, "the status file is not TOML");
    }
    if (table["format"].value<std::int64_t>() != kStatusFormat) {
        return Error(ErrorCode::invalid_argument,
                     "the status file has a format this version cannot read");
    }
    StatusReport report;
    const char* invalid = nullptr;  // the first key that is missing or of the wrong type
    const auto whole = [&](const char* key, auto& into) {
        const auto value = table[key].value<std::int64_t>();
        if (!value) {
            invalid = key;
            return false;
        }
        into = static_cast<std::remove_reference_t<decltype(into)>>(*value);
        return true;
    };
    const auto text_of = [&](const char* key, std::string& into) {
        const auto value = table[key].value<std::string>();
        if (!value) {
            invalid = key;
            return false;
        }
        into = *value;
        return true;
    };
    if (!(whole("pid", report.pid) && text_of("version", report.version) &&
          whole("started", report.started) && whole("written", report.written) &&
          text_of("listen", report.listen) && whole("port", report.port) &&
          whole("schema_version", report.schema_version) && whole("sessions", report.sessions) &&
          whole("retention_days", report.retention_days) &&
          whole("privacy_budget_millis", report.privacy_budget_millis) &&
          text_of("log_level", report.log_level))) {
        return Error(ErrorCode::invalid_argument,
                     std::string("the status file has no valid '") + invalid + "'");
    }
    if (const auto stopped = table["stopped"].value<std::int64_t>()) {
        report.stopped = *stopped;
    }
    // Optional: a server from before them wrote none.
    if (const auto quota = table["member_quota_mib"].value<std::int64_t>(); quota && *quota >= 0) {
        report.member_quota_mib = static_cast<std::uint64_t>(*quota);
    }
    if (const auto reserve = table["free_space_reserve_mib"].value<std::int64_t>();
        reserve && *reserve >= 0) {
        report.free_space_reserve_mib = static_cast<std::uint64_t>(*reserve);
    }
    return report;
}

std::filesystem::path status_file(const DataDirectory& directory) {
    return directory.root / "status";
}

Status write_status_report(const DataDirectory& directory, const StatusReport& report) {
    const std::string text = encode_status_report(report);
    return durable_file::write_file_atomically(
        status_file(directory),
        crypto::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), 0600,
        durable_file::Overwrite::allowed);
}

std::string encode_last_backup(const LastBackup& backup) {
    const toml::table table{
        {"format", kStatusFormat},
        {"created", backup.created},
        {"file_bytes", static_cast<std::int64_t>(backup.file_bytes)},
        {"audit_sequence", static_cast<std::int64_t>(backup.audit_sequence)},
        {"file", backup.file},
    };
    std::ostringstream out;
    out << "# Written by `weerbaar-server backup`, read by `weerbaar-server status`. Do not "
           "edit.\n"
        << table << "\n";
    return out.str();
}

Result<LastBackup> parse_last_backup(std::string_view text) {
    toml::table table;
    try {
        table = toml::parse(text);
    } catch (const toml::parse_error&) {
        return Error(ErrorCode::invalid_argument, "the last-backup file is not TOML");
    }
    const auto created = table["created"].value<std::int64_t>();
    const auto bytes = table["file_bytes"].value<std::int64_t>();
    const auto sequence = table["audit_sequence"].value<std::int64_t>();
    const auto file = table["file"].value<std::string>();
    if (table["format"].value<std::int64_t>() != kStatusFormat || !created || !bytes ||
        *bytes < 0 || !sequence || *sequence < 0 || !file) {
        return Error(ErrorCode::invalid_argument,
                     "the last-backup file is not one this version "
                     "can read");
    }
    return LastBackup{*created, static_cast<std::uint64_t>(*bytes),
                      static_cast<std::uint64_t>(*sequence), *file};
}

std::filesystem::path last_backup_file(const DataDirectory& directory) {
    return directory.root / "last-backup";
}

Status write_last_backup(const DataDirectory& directory, const LastBackup& backup) {
    const std::string text = encode_last_backup(backup);
    return durable_file::write_file_atomically(
        last_backup_file(directory),
        crypto::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), 0600,
        durable_file::Overwrite::allowed);
}

Result<std::optional<LastBackup>> read_last_backup(const DataDirectory& directory) {
    std::error_code error;
    if (!std::filesystem::exists(last_backup_file(directory), error)) {
        return std::optional<LastBackup>{};
    }
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes raw,
                              durable_file::read_whole_file(last_backup_file(directory)));
    WEERBAAR_ASSIGN_OR_RETURN(
        LastBackup backup,
        parse_last_backup(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size())));
    return std::optional<LastBackup>{std::move(backup)};
}

DirectorySizes measure_data_directory(const DataDirectory& directory) {
    DirectorySizes sizes;
    sizes.database_bytes = file_bytes(directory.database());
    sizes.wal_bytes = file_bytes(directory.database().string() + "-wal") +
                      file_bytes(directory.database().string() + "-shm");
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(directory.attachments(), error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_regular_file(error)) {
            sizes.attachment_bytes += file_bytes(it->path());
            ++sizes.attachment_files;
        }
    }
    if (const auto free = free_bytes_of(directory.root); free.ok()) {
        sizes.free_bytes = free.value();
    }
    return sizes;
}

bool server_process_runs(std::int64_t pid) {
    if (pid <= 0) {
        return false;
    }
    std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    std::getline(comm, name);
    // The kernel keeps 15 characters of the name: exactly "weerbaar-server".
    return name == "weerbaar-server";
}

std::string describe_status(const StatusReport& report, const DirectorySizes& sizes, bool running,
                            std::int64_t now, const std::optional<LastBackup>& last_backup) {
    std::ostringstream out;
    if (running) {
        out << "state:          running (pid " << report.pid << "), up "
            << duration_text(now - report.started) << "\n";
    } else if (report.stopped) {
        out << "state:          stopped at " << utc_text(*report.stopped) << " (a clean stop)\n";
    } else {
        out << "state:          not running; no clean stop was written (killed, crashed or the "
               "machine stopped?), last seen "
            << utc_text(report.written) << "\n";
    }
    out << "version:        " << report.version;
    if (report.version != server_version()) {
        out << " (this program: " << server_version() << "; restart the service to run it)";
    }
    out << "\n"
        << "listening on:   " << report.listen;
    if (report.port != 0 &&
        report.listen.find(":" + std::to_string(report.port)) == std::string::npos) {
        out << " (port " << report.port << ")";
    }
    out << "\n"
        << "schema version: " << report.schema_version << "\n"
        << "database:       " << with_unit(sizes.database_bytes + sizes.wal_bytes) << " ("
        << with_unit(sizes.database_bytes) << " file, " << with_unit(sizes.wal_bytes)
        << " write-ahead log)\n"
        << "attachments:    " << with_unit(sizes.attachment_bytes) << " in "
        << sizes.attachment_files << (sizes.attachment_files == 1 ? " file" : " files") << "\n";
    if (sizes.free_bytes) {
        out << "disk free:      " << with_unit(*sizes.free_bytes);
        if (report.free_space_reserve_mib && *report.free_space_reserve_mib > 0) {
            const std::uint64_t reserve = *report.free_space_reserve_mib * kBytesPerMib;
            out << " (reserve " << with_unit(reserve) << ")";
            if (*sizes.free_bytes < reserve) {
                out << "; UNDER THE RESERVE: appends, new cases and uploads are refused";
            }
        }
        out << "\n";
    }
    if (last_backup) {
        out << "last backup:    " << utc_text(last_backup->created) << " ("
            << duration_text(now - last_backup->created) << " ago), "
            << with_unit(last_backup->file_bytes) << ", audit entry " << last_backup->audit_sequence
            << ", " << last_backup->file << "\n";
    } else {
        out << "last backup:    none recorded for this data directory (weerbaar-server backup)\n";
    }
    out << "sessions:       " << report.sessions << " valid, as of " << utc_text(report.written)
        << "\n"
        << "limits:         closed cases kept " << report.retention_days << " days; privacy budget "
        << format_epsilon_millis(report.privacy_budget_millis) << " per quarter; sessions last "
        << std::chrono::minutes(kSessionLifetime).count() << " min, at most "
        << kMaxSessionsPerMember << " per member; messages up to "
        << with_unit(static_cast<std::uint64_t>(kMaxReceiveMessageBytes)) << "; "
        << kMaxConcurrentStreamsPerConnection << " calls per connection";
    if (report.member_quota_mib) {
        out << "; storage per member " << with_unit(*report.member_quota_mib * kBytesPerMib);
    }
    if (report.free_space_reserve_mib) {
        out << "; free-space reserve "
            << (*report.free_space_reserve_mib == 0
                    ? std::string("off")
                    : with_unit(*report.free_space_reserve_mib * kBytesPerMib));
    }
    out << "\n"
        << "log level:      " << report.log_level << "\n";
    return out.str();
}

}  // namespace weerbaar::server
