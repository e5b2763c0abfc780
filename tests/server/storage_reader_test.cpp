// The read connections (storage_reader.h): reads run side by side on as many
// connections as there are, and wait for one only when all are busy.

#include "storage_reader.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "sqlcipher_storage.h"
#include "temporary_directory.h"

namespace weerbaar::server {
namespace {

std::vector<std::unique_ptr<Storage>> connections(const std::filesystem::path& file,
                                                  const crypto::SecretBuffer& key,
                                                  std::size_t count) {
    std::vector<std::unique_ptr<Storage>> storages;
    for (std::size_t i = 0; i < count; ++i) {
        auto storage = SqlcipherStorage::open(file, key);
        REQUIRE(storage.ok());
        storages.push_back(std::move(storage).value());
    }
    return storages;
}

}  // namespace

TEST_CASE("reads run on all the read connections at once, and the next waits for a free one",
          "[storage][storage-reader]") {
    REQUIRE(crypto::initialise().ok());
    test::TemporaryDirectory dir;
    const auto key = crypto::SecretBuffer::random(kDatabaseKeySize);
    StorageReader reader(connections(dir.path() / "weerbaar.db", key, kReadConnections));
    REQUIRE(reader.connections() == kReadConnections);

    // Each read holds its connection until every one of them has started: with one
    // connection behind a mutex (before issue 13) they could never all start.
    std::atomic<std::size_t> inside{0};
    std::atomic<std::size_t> most_inside{0};
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::vector<std::future<Result<int>>> reads;
    for (std::size_t i = 0; i < kReadConnections + 1; ++i) {
        reads.push_back(std::async(std::launch::async, [&] {
            return reader.read([&](Storage& storage) -> Result<int> {
                const std::size_t now = ++inside;
                std::size_t seen = most_inside.load();
                while (now > seen && !most_inside.compare_exchange_weak(seen, now)) {
                }
                released.wait();
                --inside;
                WEERBAAR_ASSIGN_OR_RETURN(const auto root, storage.root_sign_pk());
                return root.has_value() ? 1 : 0;
            });
        }));
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (inside.load() < kReadConnections && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // Give the one read too many time to (wrongly) get in.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(inside.load() == kReadConnections);
    release.set_value();
    for (auto& read : reads) {
        const auto result = read.get();
        REQUIRE(result.ok());
        CHECK(result.value() == 0);
    }
    CHECK(most_inside.load() == kReadConnections);
}

}  // namespace weerbaar::server
