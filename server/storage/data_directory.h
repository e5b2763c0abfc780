#pragma once
// The server's data directory (mode 0700):
//   db.key          the SQLCipher key, 64 lowercase hex characters and a newline (0600)
//   weerbaar.db     the encrypted database (+ -wal, -shm)
//   server.key      the TLS private key, EC P-256, PEM (0600)
//   server.crt      the self-signed TLS certificate that clients pin
//   bootstrap-code  the one-time code, until the organisation exists (0600)
//   audit.key       the audit checkpoint key: an Ed25519 secret key, 128 lowercase hex
//                   characters and a newline (0600)
//   attachments/    attachment blobs (0700; AttachmentStore)
//   lock            empty; a running server holds an exclusive flock(2) on it (0600)
//   restored-from   only between `weerbaar-server restore` and the next start: the
//                   detail of the server_restored audit entry that start writes (0600)

#include <cstdint>
#include <filesystem>
#include <memory>

#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

struct DataDirectory {
    std::filesystem::path root;

    [[nodiscard]] std::filesystem::path database_key() const { return root / "db.key"; }
    [[nodiscard]] std::filesystem::path database() const { return root / "weerbaar.db"; }
    [[nodiscard]] std::filesystem::path tls_key() const { return root / "server.key"; }
    [[nodiscard]] std::filesystem::path tls_certificate() const { return root / "server.crt"; }
    [[nodiscard]] std::filesystem::path bootstrap_code() const { return root / "bootstrap-code"; }
    [[nodiscard]] std::filesystem::path audit_key() const { return root / "audit.key"; }
    [[nodiscard]] std::filesystem::path attachments() const { return root / "attachments"; }
    [[nodiscard]] std::filesystem::path lock() const { return root / "lock"; }
    [[nodiscard]] std::filesystem::path restore_marker() const { return root / "restored-from"; }
};

// Creates the directory with mode 0700 if it is missing.
[[nodiscard]] Status prepare_data_directory(const DataDirectory& directory);

// An exclusive flock(2) on <root>/lock, held while the object lives and released
// by the kernel when the process ends (also on SIGKILL), so a stale lock never
// needs removing by hand. Take it before reading or writing anything else in the
// directory: a second server on the same directory then touches nothing.
class DataDirectoryLock {
  public:
    explicit DataDirectoryLock(int descriptor) : descriptor_(descriptor) {}
    ~DataDirectoryLock();
    DataDirectoryLock(const DataDirectoryLock&) = delete;
    DataDirectoryLock& operator=(const DataDirectoryLock&) = delete;

  private:
    int descriptor_;
};

// Takes the lock without waiting. failed_precondition ("another weerbaar-server
// is using DIR") while another process holds it; internal if the file cannot be
// opened. Then narrows a directory made by someone else (mode 0755, say) to 0700.
[[nodiscard]] Result<std::unique_ptr<DataDirectoryLock>> lock_data_directory(
    const DataDirectory& directory);

// The bytes an unprivileged writer may still use on the file system that holds
// `path` (statvfs: f_bavail x f_frsize); internal if it cannot be read. A system
// call, no I/O of its own: cheap enough before every append.
[[nodiscard]] Result<std::uint64_t> free_bytes_of(const std::filesystem::path& path);

// Reads db.key, or makes a new random key if neither it nor the database exists.
// A key file with loose permissions or the wrong format is refused.
[[nodiscard]] Result<crypto::SecretBuffer> load_or_create_database_key(
    const DataDirectory& directory);

// Reads audit.key, or makes a new key pair when the file is missing. A new key
// means clients that pinned the old public key will refuse new checkpoints until
// they are told; that is intended. Loose permissions or a wrong format are refused.
[[nodiscard]] Result<crypto::SigningKeyPair> load_or_create_audit_key(
    const DataDirectory& directory);

}  // namespace weerbaar::server
