#pragma once
// The database side of a backup (docs/operations.md, "Back up and restore"): a
// consistent copy of a live server's database, and the checks verify-backup runs on
// a copy. SQL stays in the storage layer; server/backup streams the files.
//
// The copy is made with SQLite's online backup API in one step, which reads the
// whole database inside one read transaction: in WAL mode the server's writer goes
// on meanwhile, and the copy is the database as of one commit. Both files are
// encrypted with the same key (SQLCipher copies encrypted pages only between
// databases keyed alike), so no page is ever in the clear on disk.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

// A blob a copy refers to (a bound attachment); pending ones are dropped from copies.
struct SnapshotBlob {
    crypto::Bytes case_id;
    crypto::Bytes attachment_id;
    std::uint64_t size = 0;
    crypto::Bytes hash;  // BLAKE2b-256 of the blob, as stored with its row
};

// What a copy holds, read from the copy itself.
struct SnapshotFacts {
    int schema_version = 0;
    std::uint64_t audit_sequence = 0;  // of its last audit entry; 0 for an empty log
    crypto::Bytes audit_head_hash;     // its hash; 32 zero bytes for an empty log
    std::vector<SnapshotBlob> blobs;
};

// Copies the database at `source` (a running server's, opened without creating it)
// into a new file `copy` under the same key, then, in the copy only, drops the rows
// of pending attachments (their blobs are not part of a backup, and a restored server
// must not bind an upload it lacks) and the sessions (members log in again after a
// restore), and leaves it as one file (no WAL). failed_precondition
// when `source` does not open with `key`; internal for other failures.
[[nodiscard]] Result<SnapshotFacts> copy_live_database(const std::filesystem::path& source,
                                                       const std::filesystem::path& copy,
                                                       const crypto::SecretBuffer& key);

// What verify-backup needs from a restored copy: PRAGMA integrity_check's verdict,
// the facts above and the whole audit chain as stored (entries and checkpoints, in
// order), for crypto::verify_audit_chain.
struct DatabaseCheck {
    bool integrity_ok = false;
    std::string integrity_report;  // the first lines integrity_check returned when not ok
    SnapshotFacts facts;
    std::vector<crypto::Bytes> audit_entries;
    std::vector<crypto::Bytes> audit_checkpoints;
};

// Opens `copy` (never creating it) and reads it as above, without writing to it.
[[nodiscard]] Result<DatabaseCheck> check_database_copy(const std::filesystem::path& copy,
                                                        const crypto::SecretBuffer& key);

}  // namespace weerbaar::server
