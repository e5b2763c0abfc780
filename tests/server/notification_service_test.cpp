// NotificationService.Watch over TLS, in-process: what a watcher is told, what it
// is not told, and how its stream ends.

#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "server_fixture.h"

namespace weerbaar::server {
namespace {

using crypto::Bytes;
using test::as_string;
using test::Person;
using test::ServerFixture;

// One open Watch stream. The deadline only keeps a failing test from hanging.
class Watcher {
  public:
    Watcher(ServerFixture& server, const Person& who) {
        ServerFixture::authorise(context_, who);
        context_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        reader_ = server.notifications->Watch(&context_, v1::WatchRequest{});
        // The server sends its initial metadata once the watch is subscribed.
        reader_->WaitForInitialMetadata();
    }
    ~Watcher() {
        if (!finished_) {
            context_.TryCancel();
            (void)reader_->Finish();
        }
    }
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    // The next change as (case id, sequence); fails the test if the stream ended.
    std::pair<std::string, std::uint64_t> next() {
        v1::CaseChange change;
        REQUIRE(reader_->Read(&change));
        return {change.case_id(), change.sequence()};
    }
    // Whether another change came before the stream ended.
    bool got_one() {
        v1::CaseChange change;
        return reader_->Read(&change);
    }
    // Reads until the stream ends; returns its status.
    grpc::Status end() {
        v1::CaseChange ignored;
        while (reader_->Read(&ignored)) {
        }
        finished_ = true;
        return reader_->Finish();
    }
    void cancel() { context_.TryCancel(); }

  private:
    grpc::ClientContext context_;
    std::unique_ptr<grpc::ClientReader<v1::CaseChange>> reader_;
    bool finished_ = false;
};

std::pair<std::string, std::uint64_t> change(const Bytes& id, std::uint64_t sequence) {
    return {as_string(id), sequence};
}

}  // namespace

TEST_CASE("a watcher first gets the head of every case it is a member of", "[notifications]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes shared = server.case_shared_with_peer(key);
    REQUIRE(server
                .append(server.confidant, shared,
                        as_string(server.seal(server.confidant, shared, key, 1, "note")))
                .ok());
    const Bytes own = server.case_id_for(server.confidant);
    REQUIRE(server.create_case(server.confidant, own, crypto::CaseKey::generate()).ok());

    Watcher confidant(server, server.confidant);
    std::set<std::pair<std::string, std::uint64_t>> heads{confidant.next(), confidant.next()};
    CHECK(heads == std::set{change(shared, 2), change(own, 1)});

    Watcher peer(server, server.peer);
    CHECK(peer.next() == change(shared, 2));
}

TEST_CASE("a watcher is told of a record another member appends", "[notifications]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    Watcher peer(server, server.peer);
    REQUIRE(peer.next() == change(id, 1));

    REQUIRE(server
                .append(server.confidant, id,
                        as_string(server.seal(server.confidant, id, key, 1, "note")))
                .ok());
    CHECK(peer.next() == change(id, 2));
}

TEST_CASE("a watcher is told when a case is shared with it", "[notifications]") {
    ServerFixture server;
    server.populate();
    Watcher peer(server, server.peer);
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_id_for(server.confidant);
    REQUIRE(server.create_case(server.confidant, id, key).ok());
    REQUIRE(server
                .append(server.confidant, id,
                        as_string(server.seal(server.confidant, id, key, 1, "note")))
                .ok());
    REQUIRE(
        server.share(server.confidant, id, server.wrap(id, 1, server.peer, key, server.confidant))
            .ok());
    CHECK(peer.next() == change(id, 2));
}

TEST_CASE("a watcher hears nothing of a case it is not a member of", "[notifications]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes shared = server.case_shared_with_peer(key);
    const auto private_key = crypto::CaseKey::generate();
    const Bytes kept = server.case_id_for(server.confidant);
    REQUIRE(server.create_case(server.confidant, kept, private_key).ok());

    Watcher peer(server, server.peer);
    Watcher researcher(server, server.researcher);
    REQUIRE(peer.next() == change(shared, 1));

    // Changes reach a watcher in commit order, so had the first been told to the
    // peer it would come before the second.
    REQUIRE(server
                .append(server.confidant, kept,
                        as_string(server.seal(server.confidant, kept, private_key, 1, "note")))
                .ok());
    REQUIRE(server
                .append(server.confidant, shared,
                        as_string(server.seal(server.confidant, shared, key, 1, "note")))
                .ok());
    CHECK(peer.next() == change(shared, 2));

    // The researcher is in no case: its stream carries nothing until it ends.
    server.instance().shutdown(std::chrono::seconds(5));
    CHECK(researcher.end().error_code() == grpc::StatusCode::UNAVAILABLE);
}

TEST_CASE("a watch without a valid session is refused", "[notifications]") {
    ServerFixture server;
    server.populate();
    Person stranger{server.peer.user, crypto::Identity::generate(), {}, std::string(64, 'a')};
    Watcher watcher(server, stranger);
    CHECK(watcher.end().error_code() == grpc::StatusCode::UNAUTHENTICATED);
}

TEST_CASE("shutdown ends open watches at once instead of waiting for them", "[notifications]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    Watcher reading(server, server.peer);
    REQUIRE(reading.next() == change(id, 1));
    Watcher never_reads(server, server.confidant);

    const auto started = std::chrono::steady_clock::now();
    server.instance().shutdown(std::chrono::seconds(10));
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took < std::chrono::seconds(3));
    CHECK(reading.end().error_code() == grpc::StatusCode::UNAVAILABLE);
    const auto other = never_reads.end().error_code();
    CHECK((other == grpc::StatusCode::UNAVAILABLE || other == grpc::StatusCode::CANCELLED));
}

TEST_CASE("a watch ends when its member is revoked", "[notifications]") {
    ServerFixture server(std::chrono::milliseconds(200));
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    Watcher peer(server, server.peer);
    REQUIRE(peer.next() == change(id, 1));

    REQUIRE(server
                .revoke(server.coordinator,
                        ServerFixture::revocation(server.peer, server.coordinator,
                                                  server.coordinator.identity.signing))
                .ok());
    // The revocation deleted the peer's sessions: the next check ends the watch.
    CHECK(peer.end().error_code() == grpc::StatusCode::UNAUTHENTICATED);
}

TEST_CASE("a cancelled watch frees its place", "[notifications]") {
    ServerFixture server;
    server.populate();
    // An admitted watch gets this case's head; a refused one gets nothing.
    (void)server.case_shared_with_peer(crypto::CaseKey::generate());
    std::vector<std::unique_ptr<Watcher>> watchers;
    for (std::size_t n = 0; n < kMaxWatchesPerUser; ++n) {
        watchers.push_back(std::make_unique<Watcher>(server, server.peer));
    }
    {
        Watcher refused(server, server.peer);
        CHECK(refused.end().error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    }
    watchers.back()->cancel();
    CHECK(watchers.back()->end().error_code() == grpc::StatusCode::CANCELLED);
    watchers.pop_back();

    // The server lets go of the cancelled watch once gRPC is done with it.
    bool admitted = false;
    for (int attempt = 0; attempt < 50 && !admitted; ++attempt) {
        Watcher next(server, server.peer);
        admitted = next.got_one();
        if (!admitted) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    CHECK(admitted);
}

TEST_CASE("a watch sends the heads of more cases than may be pending, a page at a time",
          "[notifications]") {
    // Small limits stand in for 100,000 cases against kMaxPendingCases: the heads
    // are read two at a time and never pass through the subscription, which would
    // overflow at four cases and end the stream with RESOURCE_EXHAUSTED.
    PageLimits pages;
    pages.watch_heads = 2;
    pages.watch_pending_cases = 3;
    ServerFixture server(kSessionCheckInterval, pages);
    server.populate();
    const auto key = crypto::CaseKey::generate();
    std::set<std::pair<std::string, std::uint64_t>> expected;
    std::vector<Bytes> ids;
    for (int i = 0; i < 7; ++i) {
        ids.push_back(server.case_id_for(server.confidant));
        REQUIRE(server.create_case(server.confidant, ids.back(), key).ok());
        expected.insert(change(ids.back(), 1));
    }

    Watcher confidant(server, server.confidant);
    std::set<std::pair<std::string, std::uint64_t>> heads;
    for (int i = 0; i < 7; ++i) {
        heads.insert(confidant.next());
    }
    CHECK(heads == expected);
    // Then the changes, as before.
    REQUIRE(server
                .append(server.confidant, ids[3],
                        as_string(server.seal(server.confidant, ids[3], key, 1, "note")))
                .ok());
    CHECK(confidant.next() == change(ids[3], 2));
}

}  // namespace weerbaar::server
