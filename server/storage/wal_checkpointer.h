#pragma once
// Copies the write-ahead log back into the database on a thread and connection of
// its own (a PASSIVE checkpoint: it never takes the writer's lock), so that no
// commit of the group-commit writer waits for a checkpoint. With SQLite's automatic
// checkpoint (wal_autocheckpoint) the commit that crosses the threshold runs it:
// an fsync of the WAL, the copy, an fsync of the database, all before that batch
// is acknowledged. Measured for issue 13 (bench_storage, 5 runs of 40,000 appends,
// 64 in flight): the same writer time per append (1.01x), an append p99 of 37.6 ms
// against 39.9 ms (docs/server.md, "Throughput"): a small gain, at a thread and a
// connection.
//
// The writer's connection reports the WAL's length after each commit (its
// sqlite3_wal_hook, which also turns SQLite's own automatic checkpoint off on
// it); once it reaches `threshold_pages` the thread checkpoints. Durability is
// unchanged: every commit is already durable in the WAL (synchronous=FULL), and a
// checkpoint syncs the WAL before it copies and the database after.
//
// Reference: https://www.sqlite.org/wal.html#ckpt and sqlite3_wal_checkpoint_v2.
// Threading: committed() may be called from any thread (it is the writer's);
// the rest runs on the checkpointer's own thread.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "sqlcipher_storage.h"

namespace weerbaar::server {

class WalCheckpointer {
  public:
    // `connection` is a connection of its own to the database the writer writes.
    WalCheckpointer(std::unique_ptr<SqlcipherStorage> connection, int threshold_pages);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // The WAL holds `wal_pages` pages after a commit. Must not block: a lock and a
    // notify.
    void committed(int wal_pages);
    // Finishes a running checkpoint and stops the thread. Idempotent.
    void stop();

    // Checkpoints run, for tests and logs.
    [[nodiscard]] std::uint64_t checkpoints() const;

  private:
    void run();

    std::unique_ptr<SqlcipherStorage> connection_;
    const int threshold_pages_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    int wal_pages_ = 0;
    bool stopping_ = false;
    std::uint64_t checkpoints_ = 0;
    std::thread thread_;  // last: starts once the rest exists
};

}  // namespace weerbaar::server
