#pragma once
// Every write goes through one thread with its own connection. The thread takes
// all writes queued so far, runs them in ONE transaction, commits once with
// synchronous=FULL, and only then tells every waiter. Many concurrent writes
// therefore cost one fsync, and no write is acknowledged before it is durable.
//
// A batch runs first as it is, without a savepoint per write: a savepoint makes
// SQLCipher journal and re-encrypt every page a write touches a second time (6.6
// pages encrypted per append instead of 1.8, measured for issue 13). Should a write
// fail, that pass is rolled back whole and the batch runs again with each write in
// its own savepoint, so the failing write rolls back alone and gets its own error
// while the others commit. A write may therefore run twice: it must keep its
// effects to the Storage it is given, and set (not add to) whatever it hands out.
//
// Completions (WriteDone) run in commit order on a second thread of the writer's
// own, so the writer starts the next batch while the last one's callers are told.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "storage.h"

namespace weerbaar::server {

// One group commit holds at most this many writes, which bounds the latency a
// write waits behind others.
inline constexpr std::size_t kMaxWritesPerCommit = 512;

class GroupCommitWriter {
  public:
    // A write runs on the writer thread against the writer's connection; what it
    // reads there includes the writes before it in the same batch. Its value
    // (e.g. an assigned sequence number) is passed on to `WriteDone`. It may run
    // twice (see above): no effect outside `Storage` but assignments.
    using Write = std::function<Result<std::uint64_t>(Storage&)>;
    // Called once the outcome is final, i.e. after the commit, on the writer's
    // completion thread, in commit order. Must not block.
    using WriteDone = std::function<void(Result<std::uint64_t>)>;
    // Called on the writer thread itself right after a successful commit of its
    // write, before any later batch can commit. For what must happen before the
    // next write (removing the files of rows just deleted). Must not block.
    using AfterCommit = std::function<void()>;

    enum class Durability {
        durable,  // acknowledged once on disk
        lazy,     // acknowledged once committed; on disk with the next durable commit
    };

    explicit GroupCommitWriter(std::unique_ptr<Storage> storage);
    ~GroupCommitWriter();
    GroupCommitWriter(const GroupCommitWriter&) = delete;
    GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

    void submit(Write write, WriteDone done, Durability durability = Durability::durable,
                AfterCommit after_commit = {});
    // Finishes every queued write, then stops the thread. Later submissions fail
    // with unavailable. Safe to call more than once.
    void stop();

    // Counters for tests and logs.
    [[nodiscard]] std::uint64_t commits() const;
    [[nodiscard]] std::uint64_t writes() const;
    // Commits made with synchronous=FULL: those that wait for the disk.
    [[nodiscard]] std::uint64_t durable_commits() const;
    // Batches that had to run again with a savepoint per write, after one failed.
    [[nodiscard]] std::uint64_t batches_run_again() const;
    // Wall time the writer thread spent running and committing batches (fsyncs
    // included), not waiting for work: its busy share, and the storage's cost per
    // write (bench_storage).
    [[nodiscard]] std::chrono::nanoseconds busy() const;

  private:
    struct Pending {
        Write write;
        WriteDone done;
        Durability durability = Durability::durable;
        AfterCommit after_commit;
    };
    struct Completion {
        WriteDone done;
        Result<std::uint64_t> result;
    };

    void run();
    void run_completions();
    void commit_batch(std::deque<Pending>& batch);
    // Runs the batch in one transaction and commits it; one result per write.
    // With `savepoints` false, stops at the first failure, rolls back and returns
    // nullopt: the caller runs the batch again with savepoints.
    std::optional<std::vector<Result<std::uint64_t>>> run_batch(std::deque<Pending>& batch,
                                                                bool savepoints);
    void complete(std::deque<Pending>& batch, std::vector<Result<std::uint64_t>> results);

    std::unique_ptr<Storage> storage_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    std::uint64_t commits_ = 0;
    std::uint64_t writes_ = 0;
    std::uint64_t durable_commits_ = 0;
    std::uint64_t batches_run_again_ = 0;
    std::chrono::nanoseconds busy_{0};
    bool durable_setting_ = true;  // the storage's setting; writer thread only

    std::mutex completions_mutex_;
    std::condition_variable completions_wake_;
    std::deque<Completion> completions_;
    bool writer_finished_ = false;  // no more completions will come

    // Last: they start after everything they use exists.
    std::thread completion_thread_;
    std::thread thread_;
};

// The completion for a write whose value nothing needs: `done` gets only its status.
[[nodiscard]] GroupCommitWriter::WriteDone status_done(std::function<void(Status)> done);

// Submits `write` and blocks until it has committed or failed; on success
// `after_commit` (if any) runs first, on the writer's thread, before any later
// write commits. For threads that may wait (the sweeps, start-up), never the
// writer's own or its completion thread.
[[nodiscard]] Result<std::uint64_t> submit_and_wait(GroupCommitWriter& writer,
                                                    GroupCommitWriter::Write write,
                                                    std::function<void()> after_commit = {});

}  // namespace weerbaar::server
