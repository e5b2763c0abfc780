#include "backup_commands.h"

#include <chrono>
#include <ctime>
#include <iostream>
#include <string>

#include "backup_archive.h"
#include "server_status.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::server {
namespace {

constexpr int kExitFailed = 1;

int fail(const Error& error) {
    std::cerr << "weerbaar-server: " << error.message() << "\n";
    return error.code() == ErrorCode::integrity_failure ||
                   error.code() == ErrorCode::failed_precondition ||
                   error.code() == ErrorCode::invalid_argument
               ? kExitBackupBad
               : kExitFailed;
}

// A setup error (a key file, the target): never "the backup is bad".
int refuse(const Error& error) {
    std::cerr << "weerbaar-server: " << error.message() << "\n";
    return kExitFailed;
}

std::string utc_time(std::uint64_t unix_seconds) {
    const auto time = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    gmtime_r(&time, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

void describe(const BackupReport& report, double seconds) {
    const BackupManifest& manifest = report.manifest;
    std::cout << "  taken at: " << utc_time(manifest.created) << " (" << manifest.created << ")\n"
              << "  audit log ends at: entry " << manifest.audit_sequence << ", hash "
              << crypto::to_hex(manifest.audit_head_hash) << "\n"
              << "  schema version: " << manifest.schema_version << "\n"
              << "  database: " << report.database_bytes
              << " bytes; attachments: " << report.attachments << " (" << report.attachment_bytes
              << " bytes)\n"
              << "  backup file: " << report.file_bytes << " bytes\n"
              << "  seconds: " << seconds << "\n";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int run_backup_keygen(const std::filesystem::path& secret_file,
                      const std::filesystem::path& public_file) {
    if (auto ready = crypto::initialise(); !ready.ok()) {
        return refuse(ready.error());
    }
    const auto pair = crypto::EncryptionKeyPair::generate();
    if (auto written = write_backup_key_pair(pair, secret_file, public_file); !written.ok()) {
        return refuse(written.error());
    }
    std::cout << "backup secret key: " << secret_file.string()
              << " (mode 0600: keep it OFF the server, with a copy in a second safe place)\n"
              << "backup public key: " << public_file.string()
              << " (put it on the server: --backup-key or backup_public_key)\n";
    return 0;
}

int run_backup(const DataDirectory& directory, const std::filesystem::path& out,
               const std::filesystem::path& public_key_file) {
    if (public_key_file.empty()) {
        std::cerr << "weerbaar-server: backup needs the operator's backup public key: "
                     "--backup-key FILE, or backup_public_key in the settings file\n";
        return 2;
    }
    const auto key = read_backup_public_key(public_key_file);
    if (!key.ok()) {
        return refuse(key.error());
    }
    const auto start = std::chrono::steady_clock::now();
    const auto report = make_backup(directory, out, key.value());
    if (!report.ok()) {
        return refuse(report.error());
    }
    std::cout << "backup written: " << out.string() << "\n";
    describe(report.value(), seconds_since(start));
    // For `status` (what to monitor: the age of the newest backup). The backup stands
    // even when this cannot be written; the line says so.
    const Status recorded = write_last_backup(
        directory, LastBackup{static_cast<std::int64_t>(report.value().manifest.created),
                              report.value().file_bytes, report.value().manifest.audit_sequence,
                              std::filesystem::absolute(out).string()});
    if (!recorded.ok()) {
        std::cerr << "weerbaar-server: the backup is whole, but its time could not be recorded "
                     "for `status`: "
                  << recorded.error().message() << "\n";
    }
    return 0;
}

int run_verify_backup(const std::filesystem::path& file,
                      const std::filesystem::path& secret_key_file) {
    const auto key = read_backup_secret_key(secret_key_file);
    if (!key.ok()) {
        return refuse(key.error());
    }
    const auto start = std::chrono::steady_clock::now();
    const auto report = verify_backup(file, key.value());
    if (!report.ok()) {
        return report.error().code() == ErrorCode::not_found ? refuse(report.error())
                                                             : fail(report.error());
    }
    std::cout << "backup whole: " << file.string() << "\n";
    describe(report.value(), seconds_since(start));
    return 0;
}

int run_restore(const std::filesystem::path& file, const std::filesystem::path& target,
                const std::filesystem::path& secret_key_file) {
    const auto key = read_backup_secret_key(secret_key_file);
    if (!key.ok()) {
        return refuse(key.error());
    }
    const auto start = std::chrono::steady_clock::now();
    const auto report = restore_backup(file, key.value(), target);
    if (!report.ok()) {
        // A target that is not empty is the operator's to fix, not the backup's fault.
        const ErrorCode code = report.error().code();
        return code == ErrorCode::not_found || code == ErrorCode::already_exists
                   ? refuse(report.error())
                   : fail(report.error());
    }
    std::cout << "restored into: " << target.string() << "\n";
    describe(report.value(), seconds_since(start));
    std::cout << "start the server on it: its first audit entry will be server_restored, "
                 "naming this backup\n";
    return 0;
}

}  // namespace weerbaar::server
