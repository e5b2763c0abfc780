#pragma once
// What a backup file holds once opened (docs/crypto.md, "Backups"): a plain sequence
// of entries inside the encrypted stream (weerbaar/crypto/backup_stream.h),
//
//   entry = kind (u8) | u16 length | name | u64 size | size bytes of content
//
// big-endian, in this order: one manifest (kind 1, no name), the files of the data
// directory (kind 2, named by their path in it: db.key, server.key, server.crt,
// audit.key, weerbaar.db, attachments/<case hex>-<attachment hex>), and one end entry
// (kind 3, no name, size 0). The stream authenticates everything; these entries only
// cut it into files, and a reader refuses any name that is not one of the above, so
// no backup can write outside the directory it is restored into.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

// What the backup is of: the first entry.
struct BackupManifest {
    std::uint64_t created = 0;         // unix seconds, the backing-up machine's clock
    std::int32_t schema_version = 0;   // of the database in it
    std::uint64_t audit_sequence = 0;  // its last audit entry (0: an empty log)
    crypto::Bytes audit_head_hash;     // that entry's hash (32 zero bytes: an empty log)
    std::uint64_t file_count = 0;      // kind-2 entries that follow
};

enum class BackupEntryKind : std::uint8_t { manifest = 1, file = 2, end = 3 };

// The bytes before an entry's content.
[[nodiscard]] crypto::Bytes backup_entry_header(BackupEntryKind kind, std::string_view name,
                                                std::uint64_t size);
[[nodiscard]] crypto::Bytes encode_backup_manifest(const BackupManifest& manifest);

// True for the names a backup may hold (above); the key files are the first four.
[[nodiscard]] bool is_backup_file_name(std::string_view name);
[[nodiscard]] bool is_backup_attachment_name(std::string_view name);

// Receives the entries as a BackupContentsReader cuts them out of the plaintext.
class BackupContentsHandler {
  public:
    virtual ~BackupContentsHandler() = default;
    [[nodiscard]] virtual Status manifest(const BackupManifest& manifest) = 0;
    [[nodiscard]] virtual Status file_begin(const std::string& name, std::uint64_t size) = 0;
    // Plaintext as the opener hands it: wiped after the call, so a handler keeps
    // key files in a SecretBuffer and copies them nowhere else.
    [[nodiscard]] virtual Status file_bytes(crypto::ByteView bytes) = 0;
    [[nodiscard]] virtual Status file_end() = 0;
};

// Cuts plaintext given in pieces of any size into entries. Any departure from the
// layout (a manifest not first, a name not allowed, a name twice, bytes after the end,
// a file count that does not match) is invalid_argument "the backup's contents are
// malformed"; a handler's error is returned as it is.
class BackupContentsReader {
  public:
    explicit BackupContentsReader(BackupContentsHandler& handler) : handler_(handler) {}
    [[nodiscard]] Status update(crypto::ByteView plaintext);
    // After the last piece: the end entry must have come.
    [[nodiscard]] Status finish() const;

  private:
    [[nodiscard]] Status begin_entry();
    [[nodiscard]] Status end_entry();

    BackupContentsHandler& handler_;
    crypto::Bytes header_;  // the current entry's header, as far as it has come
    BackupEntryKind kind_ = BackupEntryKind::manifest;
    std::string name_;
    std::uint64_t remaining_ = 0;  // content bytes of the current entry still to come
    bool in_content_ = false;
    crypto::Bytes manifest_;
    std::uint64_t entries_ = 0;
    std::uint64_t expected_files_ = 0;
    std::uint64_t files_ = 0;
    bool ended_ = false;
    std::set<std::string> seen_;
};

}  // namespace weerbaar::server
