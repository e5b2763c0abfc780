#pragma once
// The read side: a second connection (WAL lets it read while the writer writes),
// used by one caller at a time.

#include <memory>
#include <mutex>
#include <utility>

#include "storage.h"

namespace weerbaar::server {

class StorageReader {
  public:
    explicit StorageReader(std::unique_ptr<Storage> storage) : storage_(std::move(storage)) {}

    // Runs `read(Storage&)` inside a read transaction, so several reads see one
    // snapshot. `read` returns a Result<T>.
    template <typename Read>
    auto read(Read&& read) -> decltype(read(std::declval<Storage&>())) {
        std::lock_guard lock(mutex_);
        auto transaction = Transaction::begin(*storage_, TransactionKind::read);
        if (!transaction.ok()) {
            return transaction.error();
        }
        // The transaction only reads: its destructor ends it by rolling back.
        return std::forward<Read>(read)(*storage_);
    }

  private:
    std::mutex mutex_;
    std::unique_ptr<Storage> storage_;
};

}  // namespace weerbaar::server
