#include "storage_connections.h"

namespace weerbaar::server {

Result<StorageConnections> open_storage_connections(const std::filesystem::path& file,
                                                    const crypto::SecretBuffer& key,
                                                    const StorageSettings& settings,
                                                    std::size_t readers) {
    StorageConnections connections;
    WEERBAAR_ASSIGN_OR_RETURN(connections.writer, SqlcipherStorage::open(file, key, settings));
    for (std::size_t i = 0; i < readers; ++i) {
        WEERBAAR_ASSIGN_OR_RETURN(auto reader, SqlcipherStorage::open(file, key, settings));
        connections.readers.push_back(std::move(reader));
    }
    if (settings.checkpoint_pages > 0) {
        WEERBAAR_ASSIGN_OR_RETURN(auto own, SqlcipherStorage::open(file, key, settings));
        connections.checkpointer =
            std::make_unique<WalCheckpointer>(std::move(own), settings.checkpoint_pages);
        connections.writer->on_commit([checkpointer = connections.checkpointer.get()](
                                          int wal_pages) { checkpointer->committed(wal_pages); });
    }
    return connections;
}

}  // namespace weerbaar::server
