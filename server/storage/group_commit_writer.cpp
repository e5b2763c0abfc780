#include "group_commit_writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <future>
#include <utility>
#include <vector>

#include "weerbaar/disk_full.h"

namespace weerbaar::server {
namespace {

Result<std::uint64_t> run_guarded(const GroupCommitWriter::Write& write, Storage& storage) {
    try {
        return write(storage);
    } catch (const std::exception& e) {
        spdlog::error("a write threw: {}", e.what());
    } catch (...) {
        spdlog::error("a write threw");
    }
    return Error(ErrorCode::internal, "internal error");
}

void notify_guarded(const GroupCommitWriter::WriteDone& done, Result<std::uint64_t> result) {
    try {
        done(std::move(result));
    } catch (...) {
        spdlog::error("a write completion threw");
    }
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Storage> storage)
    : storage_(std::move(storage)),
      completion_thread_([this] { run_completions(); }),
      thread_([this] { run(); }) {}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

void GroupCommitWriter::submit(Write write, WriteDone done, Durability durability,
                               AfterCommit after_commit) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back(
                Pending{std::move(write), std::move(done), durability, std::move(after_commit)});
            wake_.notify_one();
            return;
        }
    }
    notify_guarded(done, Error(ErrorCode::unavailable, "the server is shutting down"));
}

void GroupCommitWriter::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    const auto self = std::this_thread::get_id();
    if (thread_.joinable() && thread_.get_id() != self) {
        thread_.join();
    }
    if (completion_thread_.joinable() && completion_thread_.get_id() != self &&
        thread_.get_id() != self) {
        completion_thread_.join();
    }
}

std::uint64_t GroupCommitWriter::commits() const {
    std::lock_guard lock(mutex_);
    return commits_;
}

std::uint64_t GroupCommitWriter::writes() const {
    std::lock_guard lock(mutex_);
    return writes_;
}

std::uint64_t GroupCommitWriter::durable_commits() const {
    std::lock_guard lock(mutex_);
    return durable_commits_;
}

std::chrono::nanoseconds GroupCommitWriter::busy() const {
    std::lock_guard lock(mutex_);
    return busy_;
}

std::uint64_t GroupCommitWriter::batches_run_again() const {
    std::lock_guard lock(mutex_);
    return batches_run_again_;
}

void GroupCommitWriter::run() {
    for (;;) {
        std::deque<Pending> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                break;  // stopping, and everything is written
            }
            while (!queue_.empty() && batch.size() < kMaxWritesPerCommit) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        commit_batch(batch);
    }
    {
        std::lock_guard lock(completions_mutex_);
        writer_finished_ = true;
    }
    completions_wake_.notify_one();
}

void GroupCommitWriter::run_completions() {
    for (;;) {
        std::deque<Completion> ready;
        {
            std::unique_lock lock(completions_mutex_);
            completions_wake_.wait(lock,
                                   [this] { return writer_finished_ || !completions_.empty(); });
            if (completions_.empty()) {
                return;  // the writer has finished, and everyone is told
            }
            ready.swap(completions_);
        }
        for (auto& completion : ready) {
            notify_guarded(completion.done, std::move(completion.result));
        }
    }
}

void GroupCommitWriter::complete(std::deque<Pending>& batch,
                                 std::vector<Result<std::uint64_t>> results) {
    {
        std::lock_guard lock(completions_mutex_);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            completions_.push_back(Completion{std::move(batch[i].done), std::move(results[i])});
        }
    }
    completions_wake_.notify_one();
}

void GroupCommitWriter::commit_batch(std::deque<Pending>& batch) {
    const auto started = std::chrono::steady_clock::now();

    // One durable write makes the whole batch durable; the lazy ones come along free.
    const bool durable = std::any_of(batch.begin(), batch.end(), [](const Pending& pending) {
        return pending.durability == Durability::durable;
    });
    if (durable != durable_setting_) {
        if (Status set = storage_->set_durable_commits(durable); !set.ok()) {
            // Failing safe: a lazy batch committed durably costs an fsync, not a promise.
            if (durable) {
                return complete(batch,
                                std::vector<Result<std::uint64_t>>(batch.size(), set.error()));
            }
        } else {
            durable_setting_ = durable;
        }
    }

    auto results = run_batch(batch, /*savepoints=*/false);
    if (!results.has_value()) {
        {
            std::lock_guard lock(mutex_);
            ++batches_run_again_;
        }
        results = run_batch(batch, /*savepoints=*/true);
    }
    {
        std::lock_guard lock(mutex_);
        ++commits_;
        writes_ += batch.size();
        durable_commits_ += durable_setting_ ? 1 : 0;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if ((*results)[i].ok() && batch[i].after_commit) {
            try {
                batch[i].after_commit();
            } catch (...) {
                spdlog::error("an after-commit step threw");
            }
        }
    }
    const auto elapsed = std::chrono::steady_clock::now() - started;
    {
        std::lock_guard lock(mutex_);
        busy_ += elapsed;
    }
    spdlog::debug("group commit: {} writes in {} us", batch.size(),
                  std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
    complete(batch, std::move(*results));
}

std::optional<std::vector<Result<std::uint64_t>>> GroupCommitWriter::run_batch(
    std::deque<Pending>& batch, bool savepoints) {
    std::vector<Result<std::uint64_t>> results;
    results.reserve(batch.size());
    auto transaction = Transaction::begin(*storage_, TransactionKind::write);
    if (!transaction.ok()) {
        return std::vector<Result<std::uint64_t>>(batch.size(), transaction.error());
    }
    // Why SQLite rolled the transaction back by itself, once it has: the rest of the
    // batch fails with the same error (a full disk is then a full disk for all).
    std::optional<Error> transaction_lost;
    for (auto& pending : batch) {
        if (!savepoints) {
            auto result = run_guarded(pending.write, *storage_);
            if (!result.ok()) {
                return std::nullopt;  // the transaction's destructor rolls the pass back
            }
            results.push_back(std::move(result));
            continue;
        }
        if (transaction_lost.has_value()) {
            // Run now, the write's SAVEPOINT would open a transaction of its own and
            // its RELEASE commit it alone, outside the batch and before the batch's
            // COMMIT fails. So the rest of the batch fails unrun.
            results.emplace_back(*transaction_lost);
            continue;
        }
        {
            auto savepoint = Savepoint::begin(*storage_);
            if (!savepoint.ok()) {
                results.emplace_back(savepoint.error());
            } else {
                auto result = run_guarded(pending.write, *storage_);
                if (result.ok()) {
                    Status released = savepoint.value().release();
                    if (!released.ok()) {
                        result = released.error();
                    }
                }
                results.push_back(std::move(result));
            }
            // A failed write's savepoint rolls back here, when it goes out of scope.
        }
        // Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, ...) make SQLite
        // roll back the whole transaction by itself, the batch's earlier writes
        // with it; the COMMIT below then fails and fails those writes too.
        if (!results.back().ok() && !storage_->in_transaction()) {
            const Error& cause = results.back().error();
            // A full disk is the environment, not a bug: warn, as the refusal does.
            if (is_disk_full(cause)) {
                spdlog::warn("the batch's transaction was rolled back (disk full): {} writes fail",
                             batch.size());
                transaction_lost = cause;
            } else {
                spdlog::error("the batch's transaction was rolled back: {} writes fail",
                              batch.size());
                transaction_lost = Error(ErrorCode::internal, "internal error");
            }
        }
    }
    Status committed = transaction.value().commit();
    if (!committed.ok()) {
        // Nothing of the batch is durable: every write in it fails, for the reason
        // the transaction was lost if SQLite rolled it back by itself.
        const Error cause = transaction_lost.value_or(committed.error());
        for (auto& result : results) {
            if (result.ok()) {
                result = cause;
            }
        }
    }
    return results;
}

GroupCommitWriter::WriteDone status_done(std::function<void(Status)> done) {
    return [done = std::move(done)](const Result<std::uint64_t>& result) {
        if (!result.ok()) {
            return done(result.error());
        }
        done(ok_status());
    };
}

Result<std::uint64_t> submit_and_wait(GroupCommitWriter& writer, GroupCommitWriter::Write write,
                                      std::function<void()> after_commit) {
    std::promise<Result<std::uint64_t>> written;
    writer.submit(
        std::move(write),
        [&written](Result<std::uint64_t> result) { written.set_value(std::move(result)); },
        GroupCommitWriter::Durability::durable, std::move(after_commit));
    return written.get_future().get();
}

}  // namespace weerbaar::server
