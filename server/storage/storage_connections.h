#pragma once
// The server's connections to its database, opened the one way the server and
// bench_storage both use: the group-commit writer's (opened first: it migrates),
// kReadConnections readers, and the WAL checkpointer with its own, which the
// writer's commits wake.

#include <filesystem>
#include <memory>
#include <vector>

#include "sqlcipher_storage.h"
#include "storage_reader.h"
#include "wal_checkpointer.h"

namespace weerbaar::server {

struct StorageConnections {
    // Declared first: destroyed after the writer that reports commits to it.
    std::unique_ptr<WalCheckpointer> checkpointer;  // null when settings.checkpoint_pages is 0
    std::unique_ptr<SqlcipherStorage> writer;
    std::vector<std::unique_ptr<Storage>> readers;
};

// Errors: as SqlcipherStorage::open, for any of the connections.
[[nodiscard]] Result<StorageConnections> open_storage_connections(
    const std::filesystem::path& file, const crypto::SecretBuffer& key,
    const StorageSettings& settings = {}, std::size_t readers = kReadConnections);

}  // namespace weerbaar::server
