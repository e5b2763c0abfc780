#include <atomic>
#include <catch2/catch.hpp>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "group_commit_writer.h"
#include "sqlcipher_storage.h"
#include "temporary_directory.h"
#include "weerbaar/disk_full.h"

namespace weerbaar::server {
namespace {

using test::TemporaryDirectory;

const crypto::Bytes kCase(16, 0xca);

// A writer on a fresh database with one member and one case.
struct WriterFixture {
    TemporaryDirectory dir;
    crypto::SecretBuffer key;
    std::unique_ptr<GroupCommitWriter> writer;

    WriterFixture() {
        REQUIRE(crypto::initialise().ok());
        key = crypto::SecretBuffer::random(kDatabaseKeySize);
        auto storage = SqlcipherStorage::open(database(), key);
        REQUIRE(storage.ok());
        auto& s = *storage.value();
        REQUIRE(s.insert_member(MemberRow{"alice", "confidant", crypto::Bytes{1}, true, 1, {}, {}})
                    .ok());
        REQUIRE(s.insert_case(CaseRow{kCase, 1, 1, 1, "alice", 0, false}).ok());
        writer = std::make_unique<GroupCommitWriter>(std::move(storage).value());
    }

    [[nodiscard]] std::filesystem::path database() const { return dir.path() / "weerbaar.db"; }

    // What is durable, read through a separate connection.
    std::vector<RecordRow> stored_records() {
        auto storage = SqlcipherStorage::open(database(), key);
        REQUIRE(storage.ok());
        auto records = storage.value()->records_after(kCase, 0, 1 << 30);
        REQUIRE(records.ok());
        return records.value();
    }
};

GroupCommitWriter::Write append(std::uint32_t n) {
    return [n](Storage& storage) {
        crypto::Bytes record_id(16, 0);
        for (std::size_t i = 0; i < 4; ++i) {
            record_id[i] = static_cast<std::uint8_t>(n >> (8 * i));
        }
        return storage.append_record(kCase, record_id, 1, "alice", record_id, 100);
    };
}

// Holds the writer thread inside a write until released, so that writes
// submitted meanwhile queue up and land in the next batch together.
struct WriterGate {
    std::promise<void> entered;
    std::promise<void> release;

    GroupCommitWriter::Write write() {
        return [this](Storage&) -> Result<std::uint64_t> {
            entered.set_value();
            release.get_future().wait();
            return std::uint64_t{0};
        };
    }
};

}  // namespace

TEST_CASE("many concurrent writes are all acknowledged and all stored", "[group_commit]") {
    WriterFixture fixture;
    constexpr int kThreads = 8;
    constexpr int kWritesPerThread = 50;
    std::atomic<int> acknowledged{0};
    std::atomic<int> failed{0};
    std::mutex sequences_mutex;
    std::set<std::uint64_t> sequences;
    std::vector<std::promise<void>> all_done(kThreads * kWritesPerThread);

    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kWritesPerThread; ++i) {
                const int n = t * kWritesPerThread + i;
                fixture.writer->submit(append(static_cast<std::uint32_t>(n)),
                                       [&, n](Result<std::uint64_t> result) {
                                           if (result.ok()) {
                                               ++acknowledged;
                                               std::lock_guard lock(sequences_mutex);
                                               sequences.insert(result.value());
                                           } else {
                                               ++failed;
                                           }
                                           all_done[static_cast<std::size_t>(n)].set_value();
                                       });
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (auto& done : all_done) {
        done.get_future().wait();
    }
    CHECK(failed == 0);
    CHECK(acknowledged == kThreads * kWritesPerThread);
    // Every write got its own sequence number, 1..N without gaps.
    REQUIRE(sequences.size() == static_cast<std::size_t>(kThreads * kWritesPerThread));
    CHECK(*sequences.begin() == 1);
    CHECK(*sequences.rbegin() == static_cast<std::uint64_t>(kThreads * kWritesPerThread));
    CHECK(fixture.writer->writes() == static_cast<std::uint64_t>(kThreads * kWritesPerThread));

    fixture.writer->stop();
    CHECK(fixture.stored_records().size() == static_cast<std::size_t>(kThreads * kWritesPerThread));
}

TEST_CASE("writes queued while a commit runs share the next commit", "[group_commit]") {
    WriterFixture fixture;
    WriterGate gate;
    std::promise<void> gate_done;
    fixture.writer->submit(gate.write(), [&](Result<std::uint64_t>) { gate_done.set_value(); });
    gate.entered.get_future().wait();

    constexpr int kWrites = 20;
    std::vector<std::promise<Result<std::uint64_t>>> results(kWrites);
    for (int i = 0; i < kWrites; ++i) {
        fixture.writer->submit(
            append(static_cast<std::uint32_t>(i)), [&results, i](Result<std::uint64_t> result) {
                results[static_cast<std::size_t>(i)].set_value(std::move(result));
            });
    }
    gate.release.set_value();
    gate_done.get_future().wait();
    for (auto& result : results) {
        CHECK(result.get_future().get().ok());
    }
    // One commit for the gate, one for all twenty.
    CHECK(fixture.writer->commits() == 2);
    CHECK(fixture.writer->writes() == kWrites + 1);
}

TEST_CASE("a failing write in a batch does not undo the others", "[group_commit]") {
    WriterFixture fixture;
    WriterGate gate;
    fixture.writer->submit(gate.write(), [](Result<std::uint64_t>) {});
    gate.entered.get_future().wait();

    std::promise<Result<std::uint64_t>> before;
    std::promise<Result<std::uint64_t>> failing;
    std::promise<Result<std::uint64_t>> duplicate;
    std::promise<Result<std::uint64_t>> after;
    fixture.writer->submit(append(1),
                           [&](Result<std::uint64_t> r) { before.set_value(std::move(r)); });
    // Writes a record, then fails: its record must not survive.
    fixture.writer->submit(
        [](Storage& storage) -> Result<std::uint64_t> {
            WEERBAAR_TRY(append(2)(storage));
            return Error(ErrorCode::failed_precondition, "refused after writing");
        },
        [&](Result<std::uint64_t> r) { failing.set_value(std::move(r)); });
    // Fails inside SQLite: a duplicate record id.
    fixture.writer->submit(append(1),
                           [&](Result<std::uint64_t> r) { duplicate.set_value(std::move(r)); });
    fixture.writer->submit(append(3),
                           [&](Result<std::uint64_t> r) { after.set_value(std::move(r)); });
    gate.release.set_value();

    auto before_result = before.get_future().get();
    auto failing_result = failing.get_future().get();
    auto duplicate_result = duplicate.get_future().get();
    auto after_result = after.get_future().get();
    REQUIRE(before_result.ok());
    REQUIRE_FALSE(failing_result.ok());
    CHECK(failing_result.error().code() == ErrorCode::failed_precondition);
    REQUIRE_FALSE(duplicate_result.ok());
    CHECK(duplicate_result.error().code() == ErrorCode::already_exists);
    REQUIRE(after_result.ok());
    CHECK(before_result.value() == 1);
    CHECK(after_result.value() == 2);  // the failed write's sequence was rolled back with it
    CHECK(fixture.writer->commits() == 2);
    // The batch ran once whole, failed, and once more with a savepoint per write.
    CHECK(fixture.writer->batches_run_again() == 1);

    fixture.writer->stop();
    const auto records = fixture.stored_records();
    REQUIRE(records.size() == 2);
    CHECK(records[0].blob[0] == 1);
    CHECK(records[1].blob[0] == 3);
}

TEST_CASE("after SQLite rolls the batch back by itself, the rest of the batch fails unrun",
          "[group_commit]") {
    WriterFixture fixture;
    WriterGate gate;
    fixture.writer->submit(gate.write(), [](Result<std::uint64_t>) {});
    gate.entered.get_future().wait();

    // The lost write's error: a full disk is passed on to the whole batch (the members
    // are told the disk is full), anything else is internal.
    const bool disk_full = GENERATE(false, true);
    const Error cause = disk_full ? disk_full_error("step failed: database or disk is full (13)")
                                  : Error(ErrorCode::internal, "database error: disk I/O error");
    std::promise<Result<std::uint64_t>> before;
    std::promise<Result<std::uint64_t>> lost;
    std::promise<Result<std::uint64_t>> after;
    std::atomic<bool> after_ran{false};
    fixture.writer->submit(append(1),
                           [&](Result<std::uint64_t> r) { before.set_value(std::move(r)); });
    // Ends the whole transaction and fails, as SQLite does on SQLITE_FULL or SQLITE_IOERR.
    fixture.writer->submit(
        [&cause](Storage& storage) -> Result<std::uint64_t> {
            storage.rollback();
            return cause;
        },
        [&](Result<std::uint64_t> r) { lost.set_value(std::move(r)); });
    fixture.writer->submit(
        [&](Storage& storage) {
            after_ran = true;
            return append(2)(storage);
        },
        [&](Result<std::uint64_t> r) { after.set_value(std::move(r)); });
    gate.release.set_value();

    auto before_result = before.get_future().get();
    auto lost_result = lost.get_future().get();
    auto after_result = after.get_future().get();
    REQUIRE_FALSE(before_result.ok());  // rolled back with the transaction
    CHECK_FALSE(lost_result.ok());
    REQUIRE_FALSE(after_result.ok());
    if (disk_full) {
        CHECK(is_disk_full(before_result.error()));
        CHECK(is_disk_full(after_result.error()));
    } else {
        CHECK(after_result.error().code() == ErrorCode::internal);
    }
    CHECK_FALSE(after_ran);

    fixture.writer->stop();
    // Without the check, the last write ran in a transaction of its own and committed alone.
    CHECK(fixture.stored_records().empty());
}

TEST_CASE("a write submitted after stop fails with unavailable", "[group_commit]") {
    WriterFixture fixture;
    fixture.writer->stop();
    std::promise<Result<std::uint64_t>> result;
    fixture.writer->submit(append(1),
                           [&](Result<std::uint64_t> r) { result.set_value(std::move(r)); });
    auto outcome = result.get_future().get();
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().code() == ErrorCode::unavailable);
    CHECK(fixture.stored_records().empty());
}

TEST_CASE("stop finishes every write queued before it", "[group_commit]") {
    WriterFixture fixture;
    std::atomic<int> acknowledged{0};
    for (std::uint32_t i = 0; i < 100; ++i) {
        fixture.writer->submit(append(i), [&](Result<std::uint64_t> r) {
            if (r.ok()) {
                ++acknowledged;
            }
        });
    }
    fixture.writer->stop();
    CHECK(acknowledged == 100);
    CHECK(fixture.stored_records().size() == 100);
}

TEST_CASE("a batch of lazy writes commits without a durable commit, one durable write makes it one",
          "[group_commit]") {
    WriterFixture fixture;
    const auto submit = [&](GroupCommitWriter::Durability durability, std::uint32_t n) {
        auto done = std::make_shared<std::promise<Result<std::uint64_t>>>();
        fixture.writer->submit(
            append(n), [done](Result<std::uint64_t> result) { done->set_value(std::move(result)); },
            durability);
        return done->get_future();
    };
    auto lazy = submit(GroupCommitWriter::Durability::lazy, 1);
    REQUIRE(lazy.get().ok());
    CHECK(fixture.writer->commits() == 1);
    CHECK(fixture.writer->durable_commits() == 0);

    // Queued behind a gate, a lazy and a durable write share one commit: durable.
    WriterGate gate;
    std::promise<void> gate_done;
    fixture.writer->submit(
        gate.write(), [&](Result<std::uint64_t>) { gate_done.set_value(); },
        GroupCommitWriter::Durability::lazy);
    gate.entered.get_future().wait();
    auto second = submit(GroupCommitWriter::Durability::lazy, 2);
    auto third = submit(GroupCommitWriter::Durability::durable, 3);
    gate.release.set_value();
    gate_done.get_future().wait();
    REQUIRE(second.get().ok());
    REQUIRE(third.get().ok());
    CHECK(fixture.writer->commits() == 3);
    CHECK(fixture.writer->durable_commits() == 1);

    // The lazy writes are stored all the same.
    fixture.writer->stop();
    CHECK(fixture.stored_records().size() == 3);
}

TEST_CASE("a batch in which no write fails runs once, without savepoints", "[group_commit]") {
    WriterFixture fixture;
    WriterGate gate;
    fixture.writer->submit(gate.write(), [](Result<std::uint64_t>) {});
    gate.entered.get_future().wait();
    constexpr std::uint32_t kWrites = 100;
    std::atomic<std::uint32_t> runs{0};
    std::vector<std::promise<Result<std::uint64_t>>> done(kWrites);
    for (std::uint32_t n = 0; n < kWrites; ++n) {
        fixture.writer->submit(
            [&runs, n](Storage& storage) {
                ++runs;
                return append(n)(storage);
            },
            [&done, n](Result<std::uint64_t> r) { done[n].set_value(std::move(r)); });
    }
    gate.release.set_value();
    for (std::uint32_t n = 0; n < kWrites; ++n) {
        const auto result = done[n].get_future().get();
        REQUIRE(result.ok());
        CHECK(result.value() == n + 1);
    }
    CHECK(runs.load() == kWrites);  // each write ran exactly once
    CHECK(fixture.writer->batches_run_again() == 0);
    CHECK(fixture.writer->commits() == 2);
    fixture.writer->stop();
    CHECK(fixture.stored_records().size() == kWrites);
}

TEST_CASE("a write run a second time leaves its effects once", "[group_commit]") {
    WriterFixture fixture;
    WriterGate gate;
    fixture.writer->submit(gate.write(), [](Result<std::uint64_t>) {});
    gate.entered.get_future().wait();
    std::atomic<int> first_runs{0};
    std::promise<Result<std::uint64_t>> first;
    std::promise<Result<std::uint64_t>> failing;
    // Runs in the pass that fails and in the pass with savepoints: its record must
    // be stored once, and its result come from the pass that committed.
    fixture.writer->submit(
        [&first_runs](Storage& storage) {
            ++first_runs;
            return append(7)(storage);
        },
        [&](Result<std::uint64_t> r) { first.set_value(std::move(r)); });
    fixture.writer->submit(
        [](Storage&) -> Result<std::uint64_t> {
            return Error(ErrorCode::failed_precondition, "refused");
        },
        [&](Result<std::uint64_t> r) { failing.set_value(std::move(r)); });
    gate.release.set_value();
    const auto first_result = first.get_future().get();
    REQUIRE(first_result.ok());
    CHECK(first_result.value() == 1);
    CHECK_FALSE(failing.get_future().get().ok());
    CHECK(first_runs.load() == 2);
    fixture.writer->stop();
    const auto records = fixture.stored_records();
    REQUIRE(records.size() == 1);
    CHECK(records[0].blob[0] == 7);
}

TEST_CASE("completions run off the writer thread in commit order, after-commit steps on it",
          "[group_commit]") {
    WriterFixture fixture;
    std::promise<std::thread::id> writer_thread;
    fixture.writer->submit(
        [&writer_thread](Storage&) -> Result<std::uint64_t> {
            writer_thread.set_value(std::this_thread::get_id());
            return std::uint64_t{0};
        },
        [](Result<std::uint64_t>) {});
    const std::thread::id writer_id = writer_thread.get_future().get();

    constexpr std::uint32_t kWrites = 50;
    std::mutex mutex;
    std::vector<std::uint64_t> completed;
    std::set<std::thread::id> completion_threads;
    std::atomic<int> after_commit_off_writer{0};
    std::promise<void> all_done;
    for (std::uint32_t n = 0; n < kWrites; ++n) {
        fixture.writer->submit(
            append(n),
            [&, n](Result<std::uint64_t> r) {
                std::lock_guard lock(mutex);  // not Catch2 here: it is not thread-safe
                completed.push_back(r.ok() ? r.value() : 0);
                completion_threads.insert(std::this_thread::get_id());
                if (n + 1 == kWrites) {
                    all_done.set_value();
                }
            },
            GroupCommitWriter::Durability::durable,
            [&after_commit_off_writer, writer_id] {
                if (std::this_thread::get_id() != writer_id) {
                    ++after_commit_off_writer;
                }
            });
    }
    all_done.get_future().wait();
    fixture.writer->stop();
    REQUIRE(completed.size() == kWrites);
    for (std::size_t i = 1; i < completed.size(); ++i) {
        CHECK(completed[i] == completed[i - 1] + 1);  // sequence order is commit order
    }
    REQUIRE(completion_threads.size() == 1);
    CHECK(*completion_threads.begin() != writer_id);
    CHECK(after_commit_off_writer.load() == 0);
}

}  // namespace weerbaar::server
