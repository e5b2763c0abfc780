#pragma once
// Every write goes through one thread with its own connection. The thread takes
// all writes queued so far, runs them in ONE transaction, each inside its own
// savepoint (so a failing write rolls back alone and gets its own error), commits
// once with synchronous=FULL, and only then tells every waiter. Many concurrent
// writes therefore cost one fsync, and no write is acknowledged before it is durable.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "storage.h"

namespace weerbaar::server {

// One group commit holds at most this many writes, which bounds the latency a
// write waits behind others.
inline constexpr std::size_t kMaxWritesPerCommit = 512;

class GroupCommitWriter {
  public:
    // A write runs on the writer thread against the writer's connection; what it
    // reads there includes the writes before it in the same batch. Its value
    // (e.g. an assigned sequence number) is passed on to `WriteDone`.
    using Write = std::function<Result<std::uint64_t>(Storage&)>;
    // Called on the writer thread once the outcome is final, i.e. after the commit.
    // Must not block.
    using WriteDone = std::function<void(Result<std::uint64_t>)>;

    enum class Durability {
        durable,  // acknowledged once on disk
        lazy,     // acknowledged once committed; on disk with the next durable commit
    };

    explicit GroupCommitWriter(std::unique_ptr<Storage> storage);
    ~GroupCommitWriter();
    GroupCommitWriter(const GroupCommitWriter&) = delete;
    GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

    void submit(Write write, WriteDone done, Durability durability = Durability::durable);
    // Finishes every queued write, then stops the thread. Later submissions fail
    // with unavailable. Safe to call more than once.
    void stop();

    // Counters for tests and logs.
    [[nodiscard]] std::uint64_t commits() const;
    [[nodiscard]] std::uint64_t writes() const;
    // Commits made with synchronous=FULL: those that wait for the disk.
    [[nodiscard]] std::uint64_t durable_commits() const;

  private:
    struct Pending {
        Write write;
        WriteDone done;
        Durability durability = Durability::durable;
    };

    void run();
    void commit_batch(std::deque<Pending>& batch);

    std::unique_ptr<Storage> storage_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    std::uint64_t commits_ = 0;
    std::uint64_t writes_ = 0;
    std::uint64_t durable_commits_ = 0;
    bool durable_setting_ = true;  // the storage's setting; writer thread only
    std::thread thread_;           // last: starts after everything it uses exists
};

// The completion for a write whose value nothing needs: `done` gets only its status.
[[nodiscard]] GroupCommitWriter::WriteDone status_done(std::function<void(Status)> done);

// Submits `write` and blocks until it has committed or failed; on success
// `after_commit` (if any) runs first, on the writer's thread. For threads that may
// wait (the sweeps, start-up), never the writer's own.
[[nodiscard]] Result<std::uint64_t> submit_and_wait(GroupCommitWriter& writer,
                                                    GroupCommitWriter::Write write,
                                                    std::function<void()> after_commit = {});

}  // namespace weerbaar::server
