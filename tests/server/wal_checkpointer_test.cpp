// The WAL checkpointer (wal_checkpointer.h): the writer's commits wake it once the
// WAL reaches its threshold, it copies the WAL back on a connection of its own, and
// what was committed stays readable; below the threshold it stays asleep.

#include "wal_checkpointer.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "storage_connections.h"
#include "temporary_directory.h"

namespace weerbaar::server {
namespace {

// `count` commits on the writer's connection, one pending enrolment each.
void commit_enrolments(SqlcipherStorage& writer, int count) {
    for (int i = 0; i < count; ++i) {
        EnrolmentRow row;
        row.user = "member" + std::to_string(i);
        row.sign_pk = crypto::random_bytes(32);
        row.enc_pk = crypto::random_bytes(32);
        row.signature = crypto::random_bytes(64);
        row.created = 1'800'000'000;
        REQUIRE(writer.put_enrolment(row).ok());
    }
}

}  // namespace

TEST_CASE("commits past the threshold wake the checkpointer, the data stays readable",
          "[storage][checkpoint]") {
    REQUIRE(crypto::initialise().ok());
    test::TemporaryDirectory dir;
    const auto key = crypto::SecretBuffer::random(kDatabaseKeySize);
    const auto file = dir.path() / "weerbaar.db";
    StorageSettings settings;
    settings.checkpoint_pages = 8;
    auto opened = open_storage_connections(file, key, settings, 1);
    REQUIRE(opened.ok());
    StorageConnections connections = std::move(opened).value();
    REQUIRE(connections.checkpointer != nullptr);

    commit_enrolments(*connections.writer, 40);
    // The checkpoint runs on its own thread: wait for it, but not for ever.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (connections.checkpointer->checkpoints() == 0 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(connections.checkpointer->checkpoints() >= 1);
    connections.checkpointer->stop();
    connections.checkpointer->stop();  // idempotent

    // Every row committed, before the checkpoint and after it, reads back on a
    // connection opened afresh once the others are closed.
    connections.readers.clear();
    connections.writer.reset();
    auto reopened = SqlcipherStorage::open(file, key);
    REQUIRE(reopened.ok());
    const auto pending = reopened.value()->count_enrolments("");
    REQUIRE(pending.ok());
    CHECK(pending.value() == 40);
}

TEST_CASE("below the threshold the checkpointer does not run", "[storage][checkpoint]") {
    REQUIRE(crypto::initialise().ok());
    test::TemporaryDirectory dir;
    const auto key = crypto::SecretBuffer::random(kDatabaseKeySize);
    StorageSettings settings;
    settings.checkpoint_pages = 100'000;
    auto opened = open_storage_connections(dir.path() / "weerbaar.db", key, settings, 1);
    REQUIRE(opened.ok());
    StorageConnections connections = std::move(opened).value();
    commit_enrolments(*connections.writer, 20);
    connections.checkpointer->stop();  // joins: a checkpoint woken by now has counted
    CHECK(connections.checkpointer->checkpoints() == 0);
}

TEST_CASE("with a threshold of 0 there is no checkpointer: SQLite checkpoints by itself",
          "[storage][checkpoint]") {
    REQUIRE(crypto::initialise().ok());
    test::TemporaryDirectory dir;
    const auto key = crypto::SecretBuffer::random(kDatabaseKeySize);
    StorageSettings settings;
    settings.checkpoint_pages = 0;
    auto opened = open_storage_connections(dir.path() / "weerbaar.db", key, settings, 1);
    REQUIRE(opened.ok());
    CHECK(opened.value().checkpointer == nullptr);
}

}  // namespace weerbaar::server
