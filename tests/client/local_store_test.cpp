// The parts of the local store a front end uses besides the trust memory: drafts
// the verified-case cache and the held records, against a real SQLCipher file.
#include "weerbaar/client/local_store.h"

#include <catch2/catch.hpp>
#include <string>

#include "scratch_directory.h"
#include "weerbaar/client/case_cache.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/created_cases.h"
#include "weerbaar/client/draft_store.h"
#include "weerbaar/client/held_records.h"
#include "weerbaar/crypto/keystore.h"
#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar::client {
namespace {

using testing::ScratchDirectory;

const crypto::SecretBuffer& test_key() {
    static const auto key = [] {
        REQUIRE(crypto::initialise().ok());
        return crypto::SecretBuffer::random(crypto::kLocalStoreKeySize);
    }();
    return key;
}

std::shared_ptr<LocalStore> open_store(const ScratchDirectory& scratch) {
    auto store = LocalStore::open(scratch.path(), test_key(), false);
    REQUIRE(store.ok());
    return store.value();
}

OpenedCase example_case(std::uint64_t records) {
    OpenedCase opened;
    opened.case_id = crypto::Bytes(16, 0x5a);
    opened.epoch = 2;
    opened.summary.set_case_id(std::string(16, '\x5a'));
    opened.summary.set_epoch(2);
    opened.summary.set_record_count(records);
    opened.members = {{"bram", 1}, {"bram", 2}, {"carla", 2}};
    opened.creator = "bram";
    opened.epochs_granted_by_revoked = {1};
    for (std::uint64_t i = 1; i <= records; ++i) {
        CaseRecord record;
        record.sequence = i;
        record.record_id = crypto::Bytes(16, static_cast<std::uint8_t>(i));
        record.author = i == 1 ? "bram" : "carla";
        record.created = 1'700'000'000 + i;
        record.stored_unix = 1'700'000'100 + static_cast<std::int64_t>(i);
        record.hash = crypto::Bytes(32, static_cast<std::uint8_t>(0x80 + i));
        record.author_role = crypto::Role::peer;
        if (i == 2) {
            record.quarantined = true;
            record.quarantine_reason = "onleesbaar / unreadable";
        } else {
            record.content.mutable_note()->set_text("notitie " + std::to_string(i) + "\nregel 2");
        }
        opened.records.push_back(std::move(record));
    }
    return opened;
}

}  // namespace

TEST_CASE("a draft is kept whole across reopening, replaced by id, and discarded",
          "[local-store]") {
    const ScratchDirectory scratch;
    {
        const DraftStore drafts(open_store(scratch));
        REQUIRE(drafts.save({"note-1", std::string(32, 'a'), "note", "eerste versie", 0}).ok());
        REQUIRE(drafts.save({"intake-new", "", "intake", std::string("a\0b\nc", 5), 0}).ok());
        REQUIRE(drafts.save({"note-1", std::string(32, 'a'), "note", "tweede versie", 0}).ok());
    }
    const DraftStore drafts(open_store(scratch));
    const auto all = drafts.all();
    REQUIRE(all.ok());
    REQUIRE(all.value().size() == 2);
    for (const Draft& draft : all.value()) {
        CHECK(draft.updated_unix > 0);
        if (draft.draft_id == "note-1") {
            CHECK(draft.body == "tweede versie");
            CHECK(draft.kind == "note");
        } else {
            CHECK(draft.body == std::string("a\0b\nc", 5));
            CHECK(draft.case_id.empty());
        }
    }
    REQUIRE(drafts.discard("note-1").ok());
    REQUIRE(drafts.discard("no-such-draft").ok());
    REQUIRE(drafts.all().value().size() == 1);
}

TEST_CASE("a bad draft is refused naming its field, and nothing is kept", "[local-store]") {
    const ScratchDirectory scratch;
    const DraftStore drafts(open_store(scratch));
    const std::string case_hex(32, 'b');
    const struct {
        Draft draft;
        const char* field;
    } refused[] = {
        {{"", case_hex, "note", "x", 0}, "draft_id"},
        {{"Note 1", case_hex, "note", "x", 0}, "draft_id"},
        {{std::string(65, 'a'), case_hex, "note", "x", 0}, "draft_id"},
        {{"n", case_hex, "", "x", 0}, "kind"},
        {{"n", "not-a-case", "note", "x", 0}, "case_id"},
        {{"n", std::string(32, 'G'), "note", "x", 0}, "case_id"},
        {{"n", case_hex, "note", std::string(kMaxDraftBytes + 1, 'x'), 0}, "body"},
    };
    for (const auto& [draft, field] : refused) {
        INFO(field);
        const Status saved = drafts.save(draft);
        REQUIRE_FALSE(saved.ok());
        CHECK(saved.error().code() == ErrorCode::invalid_argument);
        CHECK_THAT(saved.error().message(), Catch::Contains(std::string("'") + field + "'"));
    }
    CHECK(drafts.all().value().empty());
    CHECK(drafts.save({"n", case_hex, "note", std::string(kMaxDraftBytes, 'x'), 0}).ok());
}

TEST_CASE("a cached case comes back exactly as verified, and can be forgotten", "[local-store]") {
    const ScratchDirectory scratch;
    const CaseCache cache(open_store(scratch));
    const std::string case_hex = crypto::to_hex(crypto::Bytes(16, 0x5a));
    CHECK_FALSE(cache.find(case_hex).value().has_value());

    const OpenedCase original = example_case(3);
    REQUIRE(cache.put(original).ok());
    const auto found = cache.find(case_hex);
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    const OpenedCase& back = *found.value();
    CHECK(back.case_id == original.case_id);
    CHECK(back.epoch == 2);
    CHECK(back.creator == "bram");
    CHECK(back.epochs_granted_by_revoked == original.epochs_granted_by_revoked);
    REQUIRE(back.members.size() == 3);
    CHECK(back.members[2].user == "carla");
    CHECK(back.members[2].epoch == 2);
    CHECK(back.keys.empty());  // never cached
    REQUIRE(back.records.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        INFO(i);
        CHECK(back.records[i].sequence == original.records[i].sequence);
        CHECK(back.records[i].record_id == original.records[i].record_id);
        CHECK(back.records[i].author == original.records[i].author);
        CHECK(back.records[i].created == original.records[i].created);
        CHECK(back.records[i].stored_unix == original.records[i].stored_unix);
        CHECK(back.records[i].hash == original.records[i].hash);
        CHECK(back.records[i].author_role == original.records[i].author_role);
        CHECK(back.records[i].quarantined == original.records[i].quarantined);
        CHECK(back.records[i].quarantine_reason == original.records[i].quarantine_reason);
        CHECK(back.records[i].content.SerializeAsString() ==
              original.records[i].content.SerializeAsString());
    }
    REQUIRE(cache.remove(case_hex).ok());
    CHECK_FALSE(cache.find(case_hex).value().has_value());
}

TEST_CASE("a cached case counts as unchanged only when every listed fact is the same",
          "[local-store]") {
    const v1::CaseSummary cached = example_case(3).summary;
    CHECK(unchanged_since(cached, cached));
    v1::CaseSummary listed = cached;
    listed.set_updated_unix(99);  // not a fact the history depends on
    CHECK(unchanged_since(cached, listed));
    for (int change = 0; change < 5; ++change) {
        INFO(change);
        listed = cached;
        switch (change) {
            case 0:
                listed.set_record_count(4);
                break;
            case 1:
                listed.set_record_count(2);
                break;  // a rollback is a change too
            case 2:
                listed.set_epoch(3);
                break;
            case 3:
                listed.set_rotation_required(true);
                break;
            default:
                listed.set_retention_until_unix(1);
                break;
        }
        CHECK_FALSE(unchanged_since(cached, listed));
    }
}

TEST_CASE("synced summaries are kept in list order, removed and reset as the server says",
          "[local-store]") {
    const ScratchDirectory scratch;
    const CaseCache cache(open_store(scratch));
    CHECK(cache.sync_version().value() == 0);
    const auto summary = [](std::uint8_t id, std::int64_t updated) {
        v1::CaseSummary out;
        out.set_case_id(std::string(16, static_cast<char>(id)));
        out.set_updated_unix(updated);
        out.set_record_count(id);
        return out;
    };
    const auto ids = [&] {
        std::vector<int> out;
        const auto kept = cache.summaries();
        REQUIRE(kept.ok());
        for (const v1::CaseSummary& s : kept.value()) {
            out.push_back(static_cast<unsigned char>(s.case_id()[0]));
        }
        return out;
    };
    CaseChanges first;
    first.changed = {summary(1, 100), summary(2, 300), summary(3, 200), summary(4, 200)};
    first.version = 7;
    REQUIRE(cache.apply(first).ok());
    CHECK(cache.sync_version().value() == 7);
    CHECK(ids() == std::vector<int>{2, 3, 4, 1});  // newest update first, then by id

    // A cached history goes with its case when the server removes it.
    OpenedCase cached = example_case(1);
    cached.case_id = crypto::Bytes(16, 3);
    REQUIRE(cache.put(cached).ok());
    CaseChanges second;
    second.changed = {summary(1, 400)};
    second.removed = {crypto::Bytes(16, 3)};
    second.version = 9;
    REQUIRE(cache.apply(second).ok());
    CHECK(ids() == std::vector<int>{1, 2, 4});
    CHECK_FALSE(cache.find(crypto::to_hex(crypto::Bytes(16, 3))).value().has_value());

    // A reset (the server restored from a backup) keeps only what it names.
    cached.case_id = crypto::Bytes(16, 2);
    REQUIRE(cache.put(cached).ok());
    CaseChanges reset;
    reset.reset = true;
    reset.changed = {summary(4, 500)};
    reset.version = 2;
    REQUIRE(cache.apply(reset).ok());
    CHECK(ids() == std::vector<int>{4});
    CHECK(cache.sync_version().value() == 2);
    CHECK_FALSE(cache.find(crypto::to_hex(crypto::Bytes(16, 2))).value().has_value());
}

TEST_CASE("a store from a newer client is not opened with older rules", "[local-store]") {
    const ScratchDirectory scratch;
    auto store = open_store(scratch);
    REQUIRE(
        store->transact([](sqlite3* db) { return sqlite_execute(db, "PRAGMA user_version = 99;"); })
            .ok());
    store.reset();
    const auto refused = LocalStore::open(scratch.path(), test_key(), true);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code() == ErrorCode::failed_precondition);
    CHECK_THAT(refused.error().message(), Catch::Contains("nieuwere versie"));
}

TEST_CASE(
    "held records keep each sequence once, forget what moved, and go when the case was removed",
    "[local-store][heal]") {
    ScratchDirectory scratch;
    const auto store = open_store(scratch);
    const HeldRecords held(store);
    const std::string case_hex = format_case_id(crypto::Bytes(16, 0x5a));
    const auto record = [](std::uint64_t sequence, std::uint8_t fill) {
        return HeldRecord{sequence, crypto::Bytes(32, fill), crypto::Bytes(100, fill)};
    };
    CHECK(held.newest_sequence(case_hex).value() == 0);
    REQUIRE(held.keep(case_hex, {record(1, 1), record(2, 2), record(3, 3)}).ok());
    // Our own append acknowledged at 3 replaces what was held there.
    REQUIRE(held.keep(case_hex, {record(3, 9)}).ok());
    CHECK(held.newest_sequence(case_hex).value() == 3);
    auto all = held.all(case_hex);
    REQUIRE(all.ok());
    REQUIRE(all.value().size() == 3);
    CHECK(all.value()[2].record == crypto::Bytes(100, 9));
    CHECK(all.value()[0].hash == crypto::Bytes(32, 1));
    REQUIRE(held.forget_after(case_hex, 1).ok());
    CHECK(held.all(case_hex).value().size() == 1);

    // A notice heals a case once.
    CHECK_FALSE(held.healed_under(case_hex, 42).value());
    REQUIRE(held.record_heal(case_hex, 42, 2, 1'700'000'000).ok());
    CHECK(held.healed_under(case_hex, 42).value());
    CHECK_FALSE(held.healed_under(case_hex, 43).value());

    // A case the server no longer shows keeps them (a restore does that too, and
    // they are what is handed back), also through a reset ...
    REQUIRE(CaseCache(store).remove(case_hex).ok());
    CHECK(held.all(case_hex).value().size() == 1);
    CaseChanges reset;
    reset.reset = true;
    reset.version = 1;
    REQUIRE(CaseCache(store).apply(reset).ok());
    CHECK(held.all(case_hex).value().size() == 1);
    // ... until a sync says the case was removed for us (unshared, or deleted).
    CaseChanges removed;
    removed.removed = {crypto::Bytes(16, 0x5a)};
    removed.version = 2;
    REQUIRE(CaseCache(store).apply(removed).ok());
    CHECK(held.all(case_hex).value().empty());
}

TEST_CASE(
    "the cases we opened are kept as sent, found when no summary names them, and go when "
    "removed",
    "[local-store][heal]") {
    ScratchDirectory scratch;
    const auto store = open_store(scratch);
    const CreatedCases created(store);
    const CaseCache cache(store);
    const auto opened = [](std::uint8_t fill) {
        const auto plus = [fill](int more) { return static_cast<std::uint8_t>(fill + more); };
        return CreatedCase{crypto::Bytes(16, fill), crypto::Bytes(16, plus(1)),
                           crypto::Bytes(120, plus(2)), crypto::Bytes(300, plus(3))};
    };
    const auto summary = [](std::uint8_t fill) {
        v1::CaseSummary out;
        out.set_case_id(std::string(16, static_cast<char>(fill)));
        return out;
    };
    const auto missing_ids = [&] {
        std::vector<int> ids;
        const auto missing = created.missing_from_summaries();
        REQUIRE(missing.ok());
        for (const CreatedCase& one : missing.value()) {
            ids.push_back(one.case_id[0]);
        }
        return ids;
    };
    CHECK(missing_ids().empty());
    REQUIRE(created.remember(opened(1)).ok());
    REQUIRE(created.remember(opened(5)).ok());
    REQUIRE(created.remember(opened(9)).ok());
    // Kept verbatim, found while no summary names them.
    const auto all = created.missing_from_summaries();
    REQUIRE(all.ok());
    REQUIRE(all.value().size() == 3);
    CHECK(all.value()[1].nonce == opened(5).nonce);
    CHECK(all.value()[1].creator_wrap == opened(5).creator_wrap);
    CHECK(all.value()[1].first_record == opened(5).first_record);
    CaseChanges listed;
    listed.changed = {summary(1), summary(5), summary(9)};
    listed.version = 3;
    REQUIRE(cache.apply(listed).ok());
    CHECK(missing_ids().empty());
    // A reset that leaves one out (a restore): found missing, and not forgotten.
    CaseChanges reset;
    reset.reset = true;
    reset.changed = {summary(1), summary(9)};
    reset.version = 1;
    REQUIRE(cache.apply(reset).ok());
    CHECK(missing_ids() == std::vector<int>{5});
    // Our shares of a case are kept as sent, one per member.
    const std::string five = format_case_id(crypto::Bytes(16, 5));
    const std::string nine = format_case_id(crypto::Bytes(16, 9));
    REQUIRE(created.remember_share(five, {"carla", 1, crypto::Bytes(40, 0xc1)}).ok());
    REQUIRE(created.remember_share(five, {"dirk", 1, crypto::Bytes(40, 0xd1)}).ok());
    REQUIRE(created.remember_share(five, {"carla", 2, crypto::Bytes(40, 0xc2)}).ok());
    REQUIRE(created.remember_share(nine, {"carla", 1, crypto::Bytes(40, 0x91)}).ok());
    const auto shares = created.shares(five);
    REQUIRE(shares.ok());
    REQUIRE(shares.value().size() == 2);
    CHECK(shares.value()[0].user == "dirk");
    CHECK(shares.value()[1].user == "carla");
    CHECK(shares.value()[1].epoch == 2);
    CHECK(shares.value()[1].request == crypto::Bytes(40, 0xc2));
    // The server says it removed one for us: no longer ours to open again.
    CaseChanges removed;
    removed.removed = {crypto::Bytes(16, 9)};
    removed.version = 2;
    REQUIRE(cache.apply(removed).ok());
    CHECK(missing_ids() == std::vector<int>{5});
    CHECK(created.shares(nine).value().empty());
    REQUIRE(created.forget(five).ok());
    CHECK(missing_ids().empty());
    CHECK(created.shares(five).value().empty());
    REQUIRE(created.forget(format_case_id(crypto::Bytes(16, 5))).ok());  // nothing left: fine
}

}  // namespace weerbaar::client
