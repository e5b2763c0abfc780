#pragma once
// Opening a SQLCipher database with a raw 256-bit key, the one way both the server's
// storage and the client's local store do it (docs/crypto.md, "SQLCipher files").
//
// The key is applied as SQLCipher's raw-key literal (PRAGMA key = "x'<64 hex>'"), so
// no passphrase derivation runs (the key is already uniformly random); every copy of
// the hex is wiped after use. The page size is fixed at 4096 bytes before the first
// read, the key is tried at once (SQLCipher otherwise defers it to the first query),
// and the journal is WAL, so readers in other processes never block the writer.
// Reference: https://www.zetetic.net/sqlcipher/sqlcipher-api/ (PRAGMA key, raw keys).
#include <chrono>
#include <filesystem>

#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"
#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar {

inline constexpr std::size_t kSqlcipherKeySize = 32;

// The page size every Weerbaar database is made with. SQLCipher encrypts and
// MACs whole pages and must be told the size before the first read: a file made
// with another size does not open. 4096 was measured against 1024 and 8192 on the
// server's append workload (docs/server.md, "Throughput"; make bench-server).
inline constexpr int kSqlcipherPageSize = 4096;

struct SqlcipherOpenOptions {
    bool create = true;  // false: a missing file is not_found, never a new empty database
    // How long a statement waits for another connection's lock before SQLITE_BUSY.
    std::chrono::milliseconds busy_timeout{5000};
    // For measurements only (bench_storage compares settings on new files): the
    // page size of a file being made. Opening a file with any other size than it
    // was made with fails as a wrong key does.
    int page_size = kSqlcipherPageSize;
    // For measurements only: no key at all, a plain SQLite file, so that the cost
    // of the encryption can be measured against the same schema and settings.
    // Never for data. `key` is then ignored.
    bool unencrypted_for_measurement = false;
};

// Errors: invalid_argument when `key` is not kSqlcipherKeySize bytes; not_found when
// the file is missing and options.create is false; failed_precondition when the key
// does not open the file (wrong key, a damaged file, or not a SQLCipher database:
// SQLCipher cannot tell these apart); internal for any other SQLite failure.
// Threading: the connection is opened with SQLITE_OPEN_NOMUTEX: use it from one
// thread at a time.
[[nodiscard]] Result<SqliteConnection> open_sqlcipher_database(const std::filesystem::path& file,
                                                               const crypto::SecretBuffer& key,
                                                               const SqlcipherOpenOptions& options);

}  // namespace weerbaar
