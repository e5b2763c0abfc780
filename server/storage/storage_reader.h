#pragma once
// The read side: a small pool of connections of their own (WAL lets each read a
// snapshot while the writer writes), each used by one caller at a time. Before
// issue 13 there was one connection behind one mutex, and every authenticated
// call queued there; with several, reads only queue when all are busy.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "storage.h"

namespace weerbaar::server {

// How many read connections the server opens: enough that the RPC threads of a
// 2-core machine rarely wait for one, few enough that each keeps a warm page cache
// (docs/server.md, "Throughput").
inline constexpr std::size_t kReadConnections = 4;

class StorageReader {
  public:
    // `storages` must not be empty; each is one connection to the same database.
    explicit StorageReader(std::vector<std::unique_ptr<Storage>> storages)
        : storages_(std::move(storages)) {
        for (auto& storage : storages_) {
            idle_.push_back(storage.get());
        }
    }
    explicit StorageReader(std::unique_ptr<Storage> storage)
        : StorageReader(one(std::move(storage))) {}

    // Runs `read(Storage&)` inside a read transaction on an idle connection (waiting
    // for one if all are busy), so several reads see one snapshot. `read` returns a
    // Result<T>, and must not call read() again (it could wait on itself).
    // Thread-safe.
    template <typename Read>
    auto read(Read&& read) -> decltype(read(std::declval<Storage&>())) {
        Lease lease(*this);
        auto transaction = Transaction::begin(lease.storage(), TransactionKind::read);
        if (!transaction.ok()) {
            return transaction.error();
        }
        // The transaction only reads: its destructor ends it by rolling back.
        return std::forward<Read>(read)(lease.storage());
    }

    [[nodiscard]] std::size_t connections() const { return storages_.size(); }

  private:
    static std::vector<std::unique_ptr<Storage>> one(std::unique_ptr<Storage> storage) {
        std::vector<std::unique_ptr<Storage>> storages;
        storages.push_back(std::move(storage));
        return storages;
    }

    // One idle connection, taken for the lifetime of the lease.
    class Lease {
      public:
        explicit Lease(StorageReader& reader) : reader_(reader) {
            std::unique_lock lock(reader_.mutex_);
            reader_.available_.wait(lock, [this] { return !reader_.idle_.empty(); });
            storage_ = reader_.idle_.back();
            reader_.idle_.pop_back();
        }
        ~Lease() {
            {
                std::lock_guard lock(reader_.mutex_);
                reader_.idle_.push_back(storage_);
            }
            reader_.available_.notify_one();
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        [[nodiscard]] Storage& storage() { return *storage_; }

      private:
        StorageReader& reader_;
        Storage* storage_ = nullptr;
    };

    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Storage>> storages_;
    std::vector<Storage*> idle_;  // reserved to storages_.size() by the pushes above
};

}  // namespace weerbaar::server
