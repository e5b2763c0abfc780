// SyncCases: what changed for a member since a version, over TLS in-process.
// Every change to a case a member holds shows once, a case they lost shows as
// removed, paging loses nothing, a version the server never gave starts over, and
// a case they do not hold never shows. Also: reads are audited without an fsync
// each, and the audit log is shown only once what it shows is durable.

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "server_fixture.h"
#include "server_limits.h"
#include "unix_time.h"

namespace weerbaar::server::test {
namespace {

using Ids = std::set<std::string>;

grpc::Status sync_page(ServerFixture& server, const Person& caller, std::uint64_t since,
                       v1::SyncCasesResponse& response) {
    v1::SyncCasesRequest request;
    request.set_since_version(since);
    grpc::ClientContext context;
    ServerFixture::authorise(context, caller);
    return server.cases->SyncCases(&context, request, &response);
}

v1::SyncCasesResponse sync_once(ServerFixture& server, const Person& caller, std::uint64_t since) {
    v1::SyncCasesResponse response;
    const auto status = sync_page(server, caller, since, response);
    INFO(status.error_message());
    REQUIRE(status.ok());
    return response;
}

Ids changed_ids(const v1::SyncCasesResponse& response) {
    Ids ids;
    for (const auto& summary : response.changed()) {
        ids.insert(summary.case_id());
    }
    return ids;
}

Ids removed_ids(const v1::SyncCasesResponse& response) {
    return Ids(response.removed_case_ids().begin(), response.removed_case_ids().end());
}

// Every page from `since` until more=false, as a client folds them: the last word
// on each case wins.
struct Folded {
    std::map<std::string, std::uint64_t> changed;  // case id -> record count
    Ids removed;
    std::uint64_t version = 0;
    int pages = 0;
};

Folded sync_all(ServerFixture& server, const Person& caller, std::uint64_t since) {
    Folded folded;
    for (;;) {
        const auto page = sync_once(server, caller, since);
        ++folded.pages;
        for (const auto& summary : page.changed()) {
            folded.removed.erase(summary.case_id());
            folded.changed[summary.case_id()] = summary.record_count();
        }
        for (const auto& id : page.removed_case_ids()) {
            folded.changed.erase(id);
            folded.removed.insert(id);
        }
        if (page.more()) {
            REQUIRE(page.version() > since);
        }
        since = page.version();
        if (!page.more()) {
            folded.version = since;
            return folded;
        }
    }
}

Bytes new_case(ServerFixture& server, const crypto::CaseKey& key) {
    Bytes id = server.case_id_for(server.confidant);
    REQUIRE(server.create_case(server.confidant, id, key).ok());
    return id;
}

void append_note(ServerFixture& server, const Person& author, const Bytes& id,
                 const crypto::CaseKey& key, std::uint32_t epoch = 1) {
    REQUIRE(server.append(author, id, as_string(server.seal(author, id, key, epoch, "note"))).ok());
}

// Removes the peer from the case: epoch 2, keyed for the confidant alone.
void unshare_peer(ServerFixture& server, const Bytes& id) {
    const auto next_key = crypto::CaseKey::generate();
    const auto status =
        server.unshare(server.confidant, id, server.peer.user, 2,
                       {server.wrap(id, 2, server.confidant, next_key, server.confidant)});
    INFO(status.error_message());
    REQUIRE(status.ok());
}

}  // namespace

TEST_CASE("sync from 0 gives every case the caller holds, and only those", "[services][sync]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes shared = server.case_shared_with_peer(key);
    const Bytes own = new_case(server, crypto::CaseKey::generate());

    const auto confidant = sync_once(server, server.confidant, 0);
    CHECK(changed_ids(confidant) == Ids{as_string(shared), as_string(own)});
    CHECK(confidant.removed_case_ids().empty());
    CHECK_FALSE(confidant.more());
    CHECK_FALSE(confidant.reset());
    CHECK(confidant.version() > 0);

    // The peer holds the shared case only; the coordinator and the researcher none.
    const auto peer = sync_once(server, server.peer, 0);
    CHECK(changed_ids(peer) == Ids{as_string(shared)});
    CHECK(peer.changed(0).record_count() == 1);
    CHECK(peer.changed(0).epoch() == 1);
    CHECK(sync_once(server, server.coordinator, 0).changed().empty());
    CHECK(sync_once(server, server.researcher, 0).changed().empty());
    // The version is server-wide: the same for everyone at the same moment.
    CHECK(peer.version() == confidant.version());
}

TEST_CASE("after an append, sync gives that case alone, and then nothing", "[services][sync]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes changed = server.case_shared_with_peer(key);
    const Bytes quiet = new_case(server, crypto::CaseKey::generate());
    const std::uint64_t before = sync_once(server, server.confidant, 0).version();

    append_note(server, server.peer, changed, key);
    const auto after = sync_once(server, server.confidant, before);
    CHECK(changed_ids(after) == Ids{as_string(changed)});
    CHECK(after.changed(0).record_count() == 2);
    CHECK(after.version() > before);
    // The peer, who holds the case too, sees the same change.
    CHECK(changed_ids(sync_once(server, server.peer, before)) == Ids{as_string(changed)});

    const auto nothing = sync_once(server, server.confidant, after.version());
    CHECK(nothing.changed().empty());
    CHECK(nothing.removed_case_ids().empty());
    CHECK(nothing.version() == after.version());
    CHECK_FALSE(nothing.reset());
    (void)quiet;
}

TEST_CASE("sync shows a share, a new epoch and a retention deadline as changes",
          "[services][sync]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = new_case(server, key);
    const std::uint64_t peer_before = sync_once(server, server.peer, 0).version();

    REQUIRE(
        server.share(server.confidant, id, server.wrap(id, 1, server.peer, key, server.confidant))
            .ok());
    const auto shared = sync_once(server, server.peer, peer_before);
    CHECK(changed_ids(shared) == Ids{as_string(id)});

    const auto next_key = crypto::CaseKey::generate();
    REQUIRE(server
                .rotate(server.peer, id, 2,
                        {server.wrap(id, 2, server.confidant, next_key, server.peer),
                         server.wrap(id, 2, server.peer, next_key, server.peer)})
                .ok());
    const auto rotated = sync_once(server, server.confidant, shared.version());
    REQUIRE(changed_ids(rotated) == Ids{as_string(id)});
    CHECK(rotated.changed(0).epoch() == 2);

    v1::AppendRecordRequest request;
    request.set_case_id(as_string(id));
    request.set_record(as_string(server.seal(server.confidant, id, next_key, 2, "closed")));
    request.set_retention(v1::RETENTION_START);
    v1::AppendRecordResponse appended;
    grpc::ClientContext context;
    ServerFixture::authorise(context, server.confidant);
    REQUIRE(server.cases->AppendRecord(&context, request, &appended).ok());
    server.remember_newest_record(id, Bytes(request.record().begin(), request.record().end()));
    const auto closed = sync_once(server, server.peer, rotated.version());
    REQUIRE(changed_ids(closed) == Ids{as_string(id)});
    CHECK(closed.changed(0).retention_until_unix() == appended.retention_until_unix());
    CHECK(closed.changed(0).retention_until_unix() > 0);
}

TEST_CASE("after unshare the case is removed for the member who lost it", "[services][sync]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    const std::uint64_t before = sync_once(server, server.peer, 0).version();

    unshare_peer(server, id);
    const auto peer = sync_once(server, server.peer, before);
    CHECK(peer.changed().empty());
    CHECK(removed_ids(peer) == Ids{as_string(id)});
    // The confidant still holds it, at its new epoch.
    const auto confidant = sync_once(server, server.confidant, before);
    REQUIRE(changed_ids(confidant) == Ids{as_string(id)});
    CHECK(confidant.changed(0).epoch() == 2);
    CHECK(confidant.removed_case_ids().empty());
    // A full sync tells the peer too, so that a stale copy is dropped.
    CHECK(removed_ids(sync_once(server, server.peer, 0)) == Ids{as_string(id)});
    // Nothing of what the case does next reaches the peer.
    append_note(server, server.confidant, id, crypto::CaseKey::generate(), 2);
    const auto later = sync_once(server, server.peer, peer.version());
    CHECK(later.changed().empty());
    CHECK(later.removed_case_ids().empty());
}

TEST_CASE("a member shared a case again sees it as changed, not removed", "[services][sync]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    const std::uint64_t before = sync_once(server, server.peer, 0).version();
    unshare_peer(server, id);
    const auto next_key = crypto::CaseKey::generate();
    REQUIRE(server
                .share_with_history(server.confidant, id,
                                    server.wrap(id, 2, server.peer, next_key, server.confidant),
                                    {server.wrap(id, 1, server.peer, key, server.confidant)})
                .ok());
    const auto peer = sync_once(server, server.peer, before);
    CHECK(changed_ids(peer) == Ids{as_string(id)});
    CHECK(peer.removed_case_ids().empty());
}

TEST_CASE("a case deleted by retention is removed for its members", "[services][sync]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    v1::AppendRecordRequest request;
    request.set_case_id(as_string(id));
    request.set_record(as_string(server.seal(server.confidant, id, key, 1, "closed")));
    request.set_retention(v1::RETENTION_START);
    v1::AppendRecordResponse appended;
    grpc::ClientContext context;
    ServerFixture::authorise(context, server.confidant);
    REQUIRE(server.cases->AppendRecord(&context, request, &appended).ok());
    const std::uint64_t before = sync_once(server, server.peer, 0).version();

    auto swept = server.instance().sweep(appended.retention_until_unix() + 1);
    REQUIRE(swept.ok());
    REQUIRE(swept.value().cases_purged == 1);
    for (const Person* member : {&server.peer, &server.confidant}) {
        const auto after = sync_once(server, *member, before);
        CHECK(after.changed().empty());
        CHECK(removed_ids(after) == Ids{as_string(id)});
    }
    // Never held, never removed.
    CHECK(sync_once(server, server.coordinator, 0).removed_case_ids().empty());
}

TEST_CASE("paged sync loses no change, even one made between pages", "[services][sync]") {
    PageLimits pages;
    pages.sync_items = 2;
    ServerFixture server(kSessionCheckInterval, pages);
    server.populate();
    const auto key = crypto::CaseKey::generate();
    std::vector<Bytes> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(server.case_shared_with_peer(key));
    }
    const Bytes lost = server.case_shared_with_peer(key);
    unshare_peer(server, lost);

    // From 0: five held, one removed; three pages of at most two.
    const auto first = sync_once(server, server.peer, 0);
    CHECK(first.changed_size() + first.removed_case_ids_size() == 2);
    CHECK(first.more());
    const Folded all = sync_all(server, server.peer, 0);
    CHECK(all.pages == 3);
    CHECK(all.changed.size() == 5);
    CHECK(all.removed == Ids{as_string(lost)});

    // A case already sent on the first page changes before the second is asked for:
    // it comes again, newer; the rest comes once.
    append_note(server, server.confidant, ids[0], key);
    Folded rest = sync_all(server, server.peer, first.version());
    CHECK(rest.changed.size() == 4);
    CHECK(rest.changed.at(as_string(ids[0])) == 2);
    CHECK(rest.removed == Ids{as_string(lost)});

    // From the end: nothing, in one page.
    const Folded none = sync_all(server, server.peer, rest.version);
    CHECK(none.changed.empty());
    CHECK(none.removed.empty());
    CHECK(none.pages == 1);
}

TEST_CASE("a version from the future starts the sync over with reset", "[services][sync]") {
    PageLimits pages;
    pages.sync_items = 1;
    ServerFixture server(kSessionCheckInterval, pages);
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes one = new_case(server, key);
    const Bytes two = new_case(server, key);
    const std::uint64_t current = sync_all(server, server.confidant, 0).version;

    // As after a restore from a backup older than the client's last sync.
    const auto restored = sync_once(server, server.confidant, current + 1000);
    CHECK(restored.reset());
    CHECK(restored.more());
    CHECK(restored.changed_size() == 1);
    CHECK(restored.version() <= current);
    // The pages after it go on from 0 as usual.
    const Folded rest = sync_all(server, server.confidant, restored.version());
    Ids all = changed_ids(restored);
    for (const auto& [id, count] : rest.changed) {
        all.insert(id);
    }
    CHECK(all == Ids{as_string(one), as_string(two)});
    // The server's own current version is not from the future.
    CHECK_FALSE(sync_once(server, server.confidant, current).reset());
}

TEST_CASE("sync without a valid session is refused", "[services][sync]") {
    ServerFixture server;
    server.populate();
    Person stranger{"stranger", crypto::Identity::generate(), {}, "not-a-token"};
    v1::SyncCasesResponse response;
    CHECK(sync_page(server, stranger, 0, response).error_code() ==
          grpc::StatusCode::UNAUTHENTICATED);
    grpc::ClientContext context;
    v1::SyncCasesResponse anonymous;
    CHECK(server.cases->SyncCases(&context, v1::SyncCasesRequest{}, &anonymous).error_code() ==
          grpc::StatusCode::UNAUTHENTICATED);
}

TEST_CASE("reads are audited without a durable commit each", "[services][sync][audit]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = new_case(server, key);
    const std::size_t reads_before = server.audited(crypto::AuditEvent::case_read);
    const GroupCommitWriter& writer = server.instance().writer();
    const std::uint64_t durable_before = writer.durable_commits();
    const std::uint64_t commits_before = writer.commits();

    constexpr int kReads = 20;
    for (int i = 0; i < kReads; ++i) {
        v1::GetCaseResponse response;
        REQUIRE(server.get_case(server.confidant, id, response).ok());
    }
    // Every read committed its entry (a GetCase answers after the commit), none
    // of them waited for the disk.
    CHECK(writer.commits() >= commits_before + 1);
    CHECK(writer.durable_commits() == durable_before);
    // A write still does.
    append_note(server, server.confidant, id, key);
    CHECK(writer.durable_commits() == durable_before + 1);

    // Showing the log makes it durable first: every read is in it.
    CHECK(server.audited(crypto::AuditEvent::case_read) == reads_before + kReads);
    CHECK(writer.durable_commits() > durable_before + 1);
    // SyncCases, like ListCases, is not audited.
    const std::uint64_t all_before = writer.commits();
    (void)sync_once(server, server.confidant, 0);
    CHECK(writer.commits() == all_before);
}

TEST_CASE("read audit entries survive a restart", "[services][sync][audit]") {
    ServerFixture server;
    server.populate();
    const Bytes id = new_case(server, crypto::CaseKey::generate());
    v1::GetCaseResponse response;
    REQUIRE(server.get_case(server.confidant, id, response).ok());
    server.restart();
    server.login(server.coordinator);
    CHECK(server.audited(crypto::AuditEvent::case_read) == 1);
}

}  // namespace weerbaar::server::test
