#include "group_commit_writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <future>
#include <utility>
#include <vector>

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
    : storage_(std::move(storage)), thread_([this] { run(); }) {}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

void GroupCommitWriter::submit(Write write, WriteDone done, Durability durability) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back(Pending{std::move(write), std::move(done), durability});
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
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) {
        thread_.join();
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

void GroupCommitWriter::run() {
    for (;;) {
        std::deque<Pending> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping, and everything is written
            }
            while (!queue_.empty() && batch.size() < kMaxWritesPerCommit) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        commit_batch(batch);
    }
}

void GroupCommitWriter::commit_batch(std::deque<Pending>& batch) {
    const auto started = std::chrono::steady_clock::now();
    std::vector<Result<std::uint64_t>> results;
    results.reserve(batch.size());

    // One durable write makes the whole batch durable; the lazy ones come along free.
    const bool durable = std::any_of(batch.begin(), batch.end(), [](const Pending& pending) {
        return pending.durability == Durability::durable;
    });
    if (durable != durable_setting_) {
        if (Status set = storage_->set_durable_commits(durable); !set.ok()) {
            // Failing safe: a lazy batch committed durably costs an fsync, not a promise.
            if (durable) {
                for (auto& pending : batch) {
                    notify_guarded(pending.done, set.error());
                }
                return;
            }
        } else {
            durable_setting_ = durable;
        }
    }

    auto transaction = Transaction::begin(*storage_, TransactionKind::write);
    if (!transaction.ok()) {
        for (auto& pending : batch) {
            notify_guarded(pending.done, transaction.error());
        }
        return;
    }
    bool transaction_lost = false;
    for (auto& pending : batch) {
        if (transaction_lost) {
            // Run now, the write's SAVEPOINT would open a transaction of its own and
            // its RELEASE commit it alone, outside the batch and before the batch's
            // COMMIT fails. So the rest of the batch fails unrun.
            results.emplace_back(Error(ErrorCode::internal, "internal error"));
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
            spdlog::error("the batch's transaction was rolled back: {} writes fail", batch.size());
            transaction_lost = true;
        }
    }
    Status committed = transaction.value().commit();
    if (!committed.ok()) {
        // Nothing of the batch is durable: every write in it fails.
        for (auto& result : results) {
            if (result.ok()) {
                result = committed.error();
            }
        }
    }
    {
        std::lock_guard lock(mutex_);
        ++commits_;
        writes_ += batch.size();
        durable_commits_ += durable_setting_ ? 1 : 0;
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    spdlog::debug("group commit: {} writes in {} us", batch.size(), elapsed.count());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        notify_guarded(batch[i].done, std::move(results[i]));
    }
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
    writer.submit(std::move(write), [&written, &after_commit](Result<std::uint64_t> result) {
        if (result.ok() && after_commit) {
            after_commit();
        }
        written.set_value(std::move(result));
    });
    return written.get_future().get();
}

}  // namespace weerbaar::server
