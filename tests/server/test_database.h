#pragma once
// A fresh SQLCipher database with the server's two connections to it, as
// ServerInstance opens them: the group-commit writer and the reader. For tests
// that drive the domain (registry, directory, audit trail) without gRPC.

#include <catch2/catch.hpp>
#include <future>
#include <memory>

#include "group_commit_writer.h"
#include "server_limits.h"
#include "sqlcipher_storage.h"
#include "storage_reader.h"
#include "temporary_directory.h"

namespace weerbaar::server::test {

class TestDatabase {
  public:
    TestDatabase() : key_(database_key()) {
        const auto file = dir_.path() / "weerbaar.db";
        auto write_storage = SqlcipherStorage::open(file, key_);
        REQUIRE(write_storage.ok());
        auto read_storage = SqlcipherStorage::open(file, key_);
        REQUIRE(read_storage.ok());
        writer_ = std::make_unique<GroupCommitWriter>(std::move(write_storage).value());
        reader_ = std::make_unique<StorageReader>(std::move(read_storage).value());
    }

    [[nodiscard]] GroupCommitWriter& writer() { return *writer_; }
    [[nodiscard]] StorageReader& reader() { return *reader_; }

    // Runs one write through the writer and waits until it has committed.
    Result<std::uint64_t> write(GroupCommitWriter::Write one) {
        std::promise<Result<std::uint64_t>> written;
        writer_->submit(std::move(one), [&written](Result<std::uint64_t> result) {
            written.set_value(std::move(result));
        });
        return written.get_future().get();
    }

  private:
    // libsodium first: the key lives in secure memory.
    static crypto::SecretBuffer database_key() {
        REQUIRE(crypto::initialise().ok());
        return crypto::SecretBuffer::random(kDatabaseKeySize);
    }

    TemporaryDirectory dir_;
    crypto::SecretBuffer key_;
    std::unique_ptr<GroupCommitWriter> writer_;
    std::unique_ptr<StorageReader> reader_;
};

}  // namespace weerbaar::server::test
