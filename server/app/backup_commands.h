#pragma once
// The operator's backup subcommands of weerbaar-server (docs/server.md, "Backups";
// docs/operations.md, "Back up and restore"). Each prints what it did on stdout, or
// one line on stderr, and returns the process's exit code:
//   0  done (verify-backup: the backup is whole)
//   1  could not be done (a file missing or unreadable, a disk error, a target not fit)
//   4  the backup is bad: it does not decrypt or authenticate with this key, or it
//      opens but fails a check (integrity_check, the audit chain, a blob)
// (2, a usage error, comes from main's flag parsing.)

#include <filesystem>

#include "data_directory.h"

namespace weerbaar::server {

inline constexpr int kExitBackupBad = 4;

[[nodiscard]] int run_backup_keygen(const std::filesystem::path& secret_file,
                                    const std::filesystem::path& public_file);
[[nodiscard]] int run_backup(const DataDirectory& directory, const std::filesystem::path& out,
                             const std::filesystem::path& public_key_file);
[[nodiscard]] int run_verify_backup(const std::filesystem::path& file,
                                    const std::filesystem::path& secret_key_file);
[[nodiscard]] int run_restore(const std::filesystem::path& file,
                              const std::filesystem::path& target,
                              const std::filesystem::path& secret_key_file);

}  // namespace weerbaar::server
