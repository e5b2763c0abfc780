#pragma once
// `weerbaar-server backup`, `verify-backup`, `restore` and `backup-keygen`
// (docs/operations.md, "Back up and restore"; ADR 0009, decisions 1 and 2).
//
// A backup is one file, sealed to the operator's backup public key
// (weerbaar/crypto/backup_stream.h), holding a consistent copy of the database taken
// while the server runs (database_snapshot.h), the attachment blobs that copy binds,
// and the server's key files (backup_contents.h). The file is written under a
// temporary name, fsynced and only then renamed: a file under the final name is whole.
//
// Errors: invalid_argument for bad input (a key file of the wrong kind, a file that is
// no backup); integrity_failure, with the one opaque message, for any backup that does
// not decrypt and authenticate; failed_precondition for a backup that opens but does
// not check out, or a target that is not fit; internal for the file system.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "backup_contents.h"
#include "data_directory.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

// The operator's backup key files: one line each, "weerbaar-backup-public-key:<64 hex>"
// and "weerbaar-backup-secret-key:<64 hex>" (the secret file mode 0600), so that the one
// cannot be taken for the other. Both are written whole or not at all, never over an
// existing file.
[[nodiscard]] Status write_backup_key_pair(const crypto::EncryptionKeyPair& pair,
                                           const std::filesystem::path& secret_file,
                                           const std::filesystem::path& public_file);
[[nodiscard]] Result<crypto::Bytes> read_backup_public_key(const std::filesystem::path& file);
[[nodiscard]] Result<crypto::EncryptionKeyPair> read_backup_secret_key(
    const std::filesystem::path& file);

struct BackupReport {
    BackupManifest manifest;
    std::uint64_t attachments = 0;       // blobs in the backup
    std::uint64_t database_bytes = 0;    // the database copy in it
    std::uint64_t attachment_bytes = 0;  // the blobs in it
    std::uint64_t file_bytes = 0;        // the backup file
};

// Backs up the data directory of a server that may be running. `out` is replaced
// only once the new backup is whole. Nothing secret of the operator's is needed.
[[nodiscard]] Result<BackupReport> make_backup(const DataDirectory& directory,
                                               const std::filesystem::path& out,
                                               crypto::ByteView backup_public_key);

// Opens `file` and checks it whole: it decrypts and authenticates to its end; it holds
// every file a data directory needs; PRAGMA integrity_check passes on its database;
// the audit chain verifies (crypto::verify_audit_chain under the audit key in the
// backup) and ends at the manifest's head; every blob the database binds is there,
// of its size and hash, and no other. Writes only to a temporary folder of its own
// (the encrypted database copy: no key is ever written), removed on return.
[[nodiscard]] Result<BackupReport> verify_backup(const std::filesystem::path& file,
                                                 const crypto::EncryptionKeyPair& backup_key);

// Makes `target` a data directory from `file`, after the checks of verify_backup:
// built in a temporary folder beside it and renamed into place only when whole.
// `target` must not exist or be an empty folder (already_exists otherwise). The
// directory holds restored-from, so that the next start announces the restore
// (AuditTrail::announce_restore).
[[nodiscard]] Result<BackupReport> restore_backup(const std::filesystem::path& file,
                                                  const crypto::EncryptionKeyPair& backup_key,
                                                  const std::filesystem::path& target);

// At start, before anything is served: when the data directory holds restored-from,
// its content (the notice's detail) for AuditTrail::announce_restore; nullopt when not.
[[nodiscard]] Result<std::optional<std::string>> read_restore_marker(
    const DataDirectory& directory);
// After the notice is durable: removes restored-from, durably.
[[nodiscard]] Status remove_restore_marker(const DataDirectory& directory);

}  // namespace weerbaar::server
