#include "sqlcipher_storage.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>

#include "temporary_directory.h"
#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/record.h"

namespace weerbaar::server {
namespace {

using test::TemporaryDirectory;

crypto::SecretBuffer test_key() {
    REQUIRE(crypto::initialise().ok());
    return crypto::SecretBuffer::random(kDatabaseKeySize);
}

std::unique_ptr<SqlcipherStorage> open_ok(const std::filesystem::path& file,
                                          const crypto::SecretBuffer& key) {
    auto storage = SqlcipherStorage::open(file, key);
    REQUIRE(storage.ok());
    return std::move(storage).value();
}

// A row written the way a server of schema version 1 wrote it, behind the storage
// API's back: today's append_record writes columns that version 1 did not have.
void insert_version1_record(const std::filesystem::path& file, const crypto::SecretBuffer& key,
                            const crypto::Bytes& case_id, const crypto::Bytes& blob) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
    const std::string pragma = "PRAGMA key = \"x'" + crypto::to_hex(key.expose_secret()) +
                               "'\"; PRAGMA cipher_page_size = 4096;";
    REQUIRE(sqlite3_exec(db.get(), pragma.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db.get(),
                               "INSERT INTO records (case_id, sequence, record_id, epoch, author, "
                               "blob, stored) VALUES (?, 1, ?, 1, 'alice', ?, 6);",
                               -1, &statement, nullptr) == SQLITE_OK);
    const crypto::Bytes record_id(16, 1);
    sqlite3_bind_blob(statement, 1, case_id.data(), static_cast<int>(case_id.size()),
                      SQLITE_TRANSIENT);
    sqlite3_bind_blob(statement, 2, record_id.data(), static_cast<int>(record_id.size()),
                      SQLITE_TRANSIENT);
    sqlite3_bind_blob(statement, 3, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    const int stepped = sqlite3_step(statement);
    sqlite3_finalize(statement);
    REQUIRE(stepped == SQLITE_DONE);
    REQUIRE(sqlite3_exec(db.get(), "UPDATE cases SET record_count = 1;", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
}

// Runs `sql` on the file behind the storage API's back, as an older server would
// have written it: today's insert_case writes columns older schemas do not have.
void execute_raw(const std::filesystem::path& file, const crypto::SecretBuffer& key,
                 const std::string& sql) {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
    const std::string pragma = "PRAGMA key = \"x'" + crypto::to_hex(key.expose_secret()) +
                               "'\"; PRAGMA cipher_page_size = 4096; PRAGMA foreign_keys = ON;";
    REQUIRE(sqlite3_exec(db.get(), pragma.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &message);
    INFO((message != nullptr ? message : ""));
    sqlite3_free(message);
    REQUIRE(rc == SQLITE_OK);
}

// A case of `creator` (epoch 1, no records) with id case_id(fill), as schemas 1 to
// 5 stored it.
void insert_old_case(const std::filesystem::path& file, const crypto::SecretBuffer& key,
                     std::uint8_t fill, const std::string& creator) {
    const std::string id = "x'" + crypto::to_hex(crypto::Bytes(16, fill)) + "'";
    execute_raw(file, key,
                "INSERT INTO cases (case_id, epoch, created, updated, creator, record_count) "
                "VALUES (" +
                    id + ", 1, 5, 5, '" + creator +
                    "', 0); "
                    "INSERT INTO case_members (case_id, user, epoch, wrap) VALUES (" +
                    id + ", '" + creator + "', 1, x'07');");
}

MemberRow member_named(const std::string& user, const std::string& marker = "certificate") {
    return MemberRow{
        user, "confidant", crypto::Bytes(marker.begin(), marker.end()), true, 1700000000, {}, {}};
}

crypto::Bytes case_id(std::uint8_t fill) { return crypto::Bytes(16, fill); }

void add_case(Storage& storage, const crypto::Bytes& id, const std::string& creator) {
    auto transaction = Transaction::begin(storage, TransactionKind::write);
    REQUIRE(transaction.ok());
    REQUIRE(storage.insert_case(CaseRow{id, 1, 10, 10, creator, 0, false}).ok());
    REQUIRE(storage.insert_case_member(id, CaseMemberRow{creator, 1, crypto::Bytes{1, 2, 3}}).ok());
    REQUIRE(transaction.value().commit().ok());
}

std::string file_contents(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("members, cases and records round-trip through SQLCipher", "[storage]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);

    REQUIRE(storage->insert_member(member_named("alice")).ok());
    auto alice = storage->member("alice");
    REQUIRE(alice.ok());
    REQUIRE(alice.value().has_value());
    CHECK(alice.value()->role == "confidant");
    CHECK(alice.value()->certificate ==
          crypto::Bytes{'c', 'e', 'r', 't', 'i', 'f', 'i', 'c', 'a', 't', 'e'});
    CHECK(alice.value()->active);

    add_case(*storage, case_id(7), "alice");
    auto first = storage->append_record(case_id(7), crypto::Bytes(16, 1), 1, "alice",
                                        crypto::Bytes{9, 9}, 20);
    auto second =
        storage->append_record(case_id(7), crypto::Bytes(16, 2), 1, "alice", crypto::Bytes{8}, 21);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(first.value() == 1);
    CHECK(second.value() == 2);

    auto records = storage->records_after(case_id(7), 1, 1 << 20);
    REQUIRE(records.ok());
    REQUIRE(records.value().size() == 1);
    CHECK(records.value()[0].sequence == 2);
    CHECK(records.value()[0].blob == crypto::Bytes{8});

    auto cases = storage->cases_of("alice");
    REQUIRE(cases.ok());
    REQUIRE(cases.value().size() == 1);
    CHECK(cases.value()[0].record_count == 2);
    CHECK(cases.value()[0].updated == 21);

    auto nobody = storage->cases_of("bob");
    REQUIRE(nobody.ok());
    CHECK(nobody.value().empty());
}

TEST_CASE("an empty blob is stored as an empty blob, not NULL", "[storage]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    REQUIRE(storage->insert_member(member_named("alice", "")).ok());
    auto alice = storage->member("alice");
    REQUIRE(alice.ok());
    REQUIRE(alice.value().has_value());
    CHECK(alice.value()->certificate.empty());
}

TEST_CASE("a record id used twice in a case is already_exists", "[storage]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    REQUIRE(storage->insert_member(member_named("alice")).ok());
    add_case(*storage, case_id(1), "alice");
    REQUIRE(
        storage->append_record(case_id(1), crypto::Bytes(16, 5), 1, "alice", crypto::Bytes{1}, 1)
            .ok());
    auto again =
        storage->append_record(case_id(1), crypto::Bytes(16, 5), 1, "alice", crypto::Bytes{2}, 2);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code() == ErrorCode::already_exists);
}

TEST_CASE("records_after stops at the byte budget but returns at least one record", "[storage]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    REQUIRE(storage->insert_member(member_named("alice")).ok());
    add_case(*storage, case_id(1), "alice");
    for (std::uint8_t i = 1; i <= 3; ++i) {
        REQUIRE(storage
                    ->append_record(case_id(1), crypto::Bytes(16, i), 1, "alice",
                                    crypto::Bytes(100, i), i)
                    .ok());
    }
    auto page = storage->records_after(case_id(1), 0, 250);
    REQUIRE(page.ok());
    CHECK(page.value().size() == 2);
    auto tiny = storage->records_after(case_id(1), 0, 10);
    REQUIRE(tiny.ok());
    CHECK(tiny.value().size() == 1);
    auto beyond = storage->records_after(case_id(1), ~std::uint64_t{0}, 1000);
    REQUIRE(beyond.ok());
    CHECK(beyond.value().empty());
}

TEST_CASE("a transaction that is not committed rolls back", "[storage]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    {
        auto transaction = Transaction::begin(*storage, TransactionKind::write);
        REQUIRE(transaction.ok());
        REQUIRE(storage->insert_member(member_named("alice")).ok());
    }
    auto alice = storage->member("alice");
    REQUIRE(alice.ok());
    CHECK_FALSE(alice.value().has_value());
}

TEST_CASE("data survives closing and reopening the database", "[storage]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    const auto file = dir.path() / "weerbaar.db";
    {
        auto storage = open_ok(file, key);
        REQUIRE(storage->insert_member(member_named("alice")).ok());
        REQUIRE(storage->insert_organisation(crypto::Bytes(32, 4), 5).ok());
    }
    auto storage = open_ok(file, key);
    auto alice = storage->member("alice");
    REQUIRE(alice.ok());
    CHECK(alice.value().has_value());
    auto root = storage->root_sign_pk();
    REQUIRE(root.ok());
    REQUIRE(root.value().has_value());
    CHECK(*root.value() == crypto::Bytes(32, 4));
}

TEST_CASE("opening with a wrong key fails with a clear error", "[storage]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    {
        const auto key = test_key();
        auto storage = open_ok(file, key);
        REQUIRE(storage->insert_member(member_named("alice")).ok());
    }
    const auto wrong = test_key();
    auto opened = SqlcipherStorage::open(file, wrong);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code() == ErrorCode::failed_precondition);
    CHECK_THAT(opened.error().message(), Catch::Contains("wrong key"));
}

TEST_CASE("the database file does not contain a known plaintext marker", "[storage]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    const std::string marker = "PLAINTEXT-MARKER-burgemeester-Zuidhorn";
    {
        const auto key = test_key();
        auto storage = open_ok(file, key);
        REQUIRE(storage->insert_member(member_named("marker-user", marker)).ok());
        // Control: the marker really is in the database.
        auto row = storage->member("marker-user");
        REQUIRE(row.ok());
        REQUIRE(row.value().has_value());
        REQUIRE(std::string(row.value()->certificate.begin(), row.value()->certificate.end()) ==
                marker);
        // While open, the data may sit in the WAL: that must be encrypted too.
        const auto wal = file.string() + "-wal";
        CHECK(file_contents(wal).find(marker) == std::string::npos);
        CHECK(file_contents(wal).find("marker-user") == std::string::npos);
    }
    const std::string raw = file_contents(file);
    REQUIRE(raw.size() > 4096);
    CHECK(raw.find(marker) == std::string::npos);
    CHECK(raw.find("marker-user") == std::string::npos);
    CHECK(raw.find("SQLite format 3") == std::string::npos);
}

TEST_CASE("migrations are idempotent across reopens", "[storage]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    const auto key = test_key();
    {
        auto storage = open_ok(file, key);
        REQUIRE(storage->insert_member(member_named("alice")).ok());
    }
    for (int i = 0; i < 2; ++i) {
        auto storage = open_ok(file, key);
        auto version = storage->schema_version();
        REQUIRE(version.ok());
        CHECK(version.value() == SqlcipherStorage::latest_schema_version());
        auto members = storage->members();
        REQUIRE(members.ok());
        CHECK(members.value().size() == 1);
    }
    // Two connections at once, as the server opens them.
    auto writer = open_ok(file, key);
    auto reader = open_ok(file, key);
    auto version = reader->schema_version();
    REQUIRE(version.ok());
    CHECK(version.value() == SqlcipherStorage::latest_schema_version());
}

TEST_CASE("a version 1 database upgrades to the latest version without losing data", "[storage]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    const auto key = test_key();
    {
        auto opened = SqlcipherStorage::open_with_schema(file, key, 1);
        REQUIRE(opened.ok());
        auto& v1 = *opened.value();
        auto version = v1.schema_version();
        REQUIRE(version.ok());
        REQUIRE(version.value() == 1);
        REQUIRE(v1.insert_member(member_named("alice")).ok());
        REQUIRE(v1.insert_organisation(crypto::Bytes(32, 4), 5).ok());
    }
    insert_old_case(file, key, 3, "alice");
    insert_version1_record(file, key, case_id(3), crypto::Bytes{9});
    auto storage = open_ok(file, key);
    auto version = storage->schema_version();
    REQUIRE(version.ok());
    CHECK(version.value() == SqlcipherStorage::latest_schema_version());
    auto alice = storage->member("alice");
    REQUIRE(alice.ok());
    REQUIRE(alice.value().has_value());
    CHECK(alice.value()->active);
    CHECK(alice.value()->revocation.empty());
    auto found = storage->find_case(case_id(3));
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    CHECK(found.value()->record_count == 1);
    CHECK_FALSE(found.value()->rotation_required);
    auto records = storage->records_after(case_id(3), 0, 1 << 20);
    REQUIRE(records.ok());
    REQUIRE(records.value().size() == 1);
    CHECK(records.value()[0].blob == crypto::Bytes{9});
    // Migration 4 computed the hash of the record stored before it.
    auto named =
        storage->has_records_with_hashes(case_id(3), {crypto::record_hash(crypto::Bytes{9})});
    REQUIRE(named.ok());
    CHECK(named.value());
    auto revocations = storage->revocations();
    REQUIRE(revocations.ok());
    CHECK(revocations.value().empty());
    auto last = storage->last_audit_entry();
    REQUIRE(last.ok());
    CHECK_FALSE(last.value().has_value());
}

TEST_CASE("a revocation deactivates nothing by itself but shows on the member", "[storage]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    REQUIRE(storage->insert_member(member_named("alice")).ok());
    REQUIRE(storage->insert_member(member_named("bob")).ok());
    add_case(*storage, case_id(1), "alice");
    REQUIRE(storage->insert_session(crypto::Bytes(32, 1), SessionRow{"alice", 100}).ok());
    REQUIRE(storage->insert_session(crypto::Bytes(32, 2), SessionRow{"bob", 100}).ok());

    REQUIRE(storage->insert_revocation("alice", crypto::Bytes{5, 5}, 10).ok());
    REQUIRE(storage->deactivate_member("alice").ok());
    REQUIRE(storage->delete_sessions_of("alice").ok());
    REQUIRE(storage->require_rotation(case_id(1)).ok());

    auto alice = storage->member("alice");
    REQUIRE(alice.ok());
    REQUIRE(alice.value().has_value());
    CHECK_FALSE(alice.value()->active);
    CHECK(alice.value()->revocation == crypto::Bytes{5, 5});
    auto gone = storage->session(crypto::Bytes(32, 1));
    REQUIRE(gone.ok());
    CHECK_FALSE(gone.value().has_value());
    auto kept = storage->session(crypto::Bytes(32, 2));
    REQUIRE(kept.ok());
    CHECK(kept.value().has_value());
    auto found = storage->find_case(case_id(1));
    REQUIRE(found.ok());
    CHECK(found.value()->rotation_required);
    REQUIRE(storage->start_epoch(case_id(1), 2, 11).ok());
    found = storage->find_case(case_id(1));
    REQUIRE(found.ok());
    CHECK(found.value()->epoch == 2);
    CHECK_FALSE(found.value()->rotation_required);
    // alice's wrap is of epoch 1: the case is no longer among hers.
    auto cases = storage->cases_of("alice");
    REQUIRE(cases.ok());
    CHECK(cases.value().empty());
}

TEST_CASE("a key of the wrong size is refused before touching the file", "[storage]") {
    TemporaryDirectory dir;
    REQUIRE(crypto::initialise().ok());
    const auto short_key = crypto::SecretBuffer::random(16);
    auto opened = SqlcipherStorage::open(dir.path() / "weerbaar.db", short_key);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code() == ErrorCode::invalid_argument);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "weerbaar.db"));
}

TEST_CASE("a version 2 database upgrades to the latest: open cases, no attachments", "[storage]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    const auto key = test_key();
    {
        auto opened = SqlcipherStorage::open_with_schema(file, key, 2);
        REQUIRE(opened.ok());
        REQUIRE(opened.value()->insert_member(member_named("alice")).ok());
    }
    insert_old_case(file, key, 3, "alice");
    auto storage = open_ok(file, key);
    auto version = storage->schema_version();
    REQUIRE(version.ok());
    CHECK(version.value() == SqlcipherStorage::latest_schema_version());
    auto found = storage->find_case(case_id(3));
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    CHECK(found.value()->retention_until == 0);
    auto attachments = storage->attachments_of_case(case_id(3));
    REQUIRE(attachments.ok());
    CHECK(attachments.value().empty());
}

TEST_CASE("an attachment row is pending until bound to a record, and binds once", "[storage]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    REQUIRE(storage->insert_member(member_named("alice")).ok());
    add_case(*storage, case_id(1), "alice");
    const AttachmentRow row{
        case_id(1), crypto::Bytes(16, 9), 42, crypto::Bytes(32, 7), "alice", 100, {}};
    REQUIRE(storage->insert_attachment(row).ok());
    CHECK(storage->insert_attachment(row).error().code() == ErrorCode::already_exists);

    auto pending = storage->pending_attachment_bytes_of("alice");
    REQUIRE(pending.ok());
    CHECK(pending.value() == 42);
    auto expired = storage->pending_attachments_before(101, 10);
    REQUIRE(expired.ok());
    CHECK(expired.value().size() == 1);
    expired = storage->pending_attachments_before(100, 10);
    REQUIRE(expired.ok());
    CHECK(expired.value().empty());

    // Binding names a record of the case: the foreign key holds it to one.
    auto sequence =
        storage->append_record(case_id(1), crypto::Bytes(16, 1), 1, "alice", crypto::Bytes{1}, 101);
    REQUIRE(sequence.ok());
    REQUIRE(storage->bind_attachment(case_id(1), row.attachment_id, sequence.value()).ok());
    CHECK(
        storage->bind_attachment(case_id(1), row.attachment_id, sequence.value()).error().code() ==
        ErrorCode::not_found);
    auto bound = storage->attachment(case_id(1), row.attachment_id);
    REQUIRE(bound.ok());
    REQUIRE(bound.value().has_value());
    CHECK(bound.value()->sequence == sequence.value());
    CHECK(bound.value()->hash == row.hash);
    CHECK(bound.value()->size == 42);
    pending = storage->pending_attachment_bytes_of("alice");
    REQUIRE(pending.ok());
    CHECK(pending.value() == 0);
    expired = storage->pending_attachments_before(1000, 10);
    REQUIRE(expired.ok());
    CHECK(expired.value().empty());
}

TEST_CASE("a case past its retention deadline is found, and deleting it leaves no row of it",
          "[storage]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    REQUIRE(storage->insert_member(member_named("alice")).ok());
    add_case(*storage, case_id(1), "alice");
    add_case(*storage, case_id(2), "alice");
    REQUIRE(
        storage->append_record(case_id(1), crypto::Bytes(16, 1), 1, "alice", crypto::Bytes{1}, 5)
            .ok());
    REQUIRE(storage
                ->insert_attachment(AttachmentRow{
                    case_id(1), crypto::Bytes(16, 9), 1, crypto::Bytes(32, 7), "alice", 5, {}})
                .ok());
    REQUIRE(storage->set_retention(case_id(1), 50).ok());

    auto expired = storage->cases_expired_at(49, 10);
    REQUIRE(expired.ok());
    CHECK(expired.value().empty());
    expired = storage->cases_expired_at(50, 10);
    REQUIRE(expired.ok());
    REQUIRE(expired.value() == std::vector<crypto::Bytes>{case_id(1)});

    CHECK_FALSE(storage->has_tombstones(case_id(1)).value());
    REQUIRE(storage->delete_case(case_id(1)).ok());
    // Its member lost it: a tombstone, which a case never deleted does not have.
    CHECK(storage->has_tombstones(case_id(1)).value());
    CHECK_FALSE(storage->has_tombstones(case_id(2)).value());
    auto gone = storage->find_case(case_id(1));
    REQUIRE(gone.ok());
    CHECK_FALSE(gone.value().has_value());
    auto members = storage->case_members(case_id(1));
    REQUIRE(members.ok());
    CHECK(members.value().empty());
    auto records = storage->records_after(case_id(1), 0, 1 << 20);
    REQUIRE(records.ok());
    CHECK(records.value().empty());
    auto attachments = storage->attachments_of_case(case_id(1));
    REQUIRE(attachments.ok());
    CHECK(attachments.value().empty());
    // The other case is untouched, and clearing a deadline makes a case open again.
    auto other = storage->find_case(case_id(2));
    REQUIRE(other.ok());
    CHECK(other.value().has_value());
    REQUIRE(storage->set_retention(case_id(2), 10).ok());
    REQUIRE(storage->set_retention(case_id(2), 0).ok());
    expired = storage->cases_expired_at(1000, 10);
    REQUIRE(expired.ok());
    CHECK(expired.value().empty());
}

TEST_CASE("records are found by their hash, only within their own case", "[storage]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    REQUIRE(storage->insert_member(member_named("alice")).ok());
    for (const int id : {1, 2}) {
        REQUIRE(storage->insert_case(CaseRow{case_id(id), 1, 5, 5, "alice", 0, false}).ok());
    }
    const crypto::Bytes first{1, 2, 3};
    const crypto::Bytes second{4, 5, 6};
    REQUIRE(storage->append_record(case_id(1), crypto::Bytes(16, 1), 1, "alice", first, 7).ok());
    REQUIRE(storage->append_record(case_id(1), crypto::Bytes(16, 2), 1, "alice", second, 8).ok());

    const auto has = [&](int id, const std::vector<crypto::Bytes>& hashes) {
        auto found = storage->has_records_with_hashes(case_id(id), hashes);
        REQUIRE(found.ok());
        return found.value();
    };
    CHECK(has(1, {}));
    CHECK(has(1, {crypto::record_hash(first)}));
    CHECK(has(1, {crypto::record_hash(first), crypto::record_hash(second)}));
    CHECK_FALSE(has(1, {crypto::record_hash(first), crypto::record_hash(crypto::Bytes{7})}));
    CHECK_FALSE(has(2, {crypto::record_hash(first)}));  // another case's record
}

TEST_CASE("a revoked member enrolled again keeps the old certificate and its revocation",
          "[storage]") {
    TemporaryDirectory dir;
    auto storage = open_ok(dir.path() / "weerbaar.db", test_key());
    REQUIRE(storage->insert_member(member_named("carla", "old certificate")).ok());
    const crypto::Bytes revocation{7, 7, 7};
    const auto fresh = member_named("carla", "new certificate");

    // Not revoked yet: nothing to replace, nothing changes.
    CHECK(storage->replace_revoked_member(fresh).error().code() == ErrorCode::failed_precondition);

    REQUIRE(storage->deactivate_member("carla").ok());
    REQUIRE(storage->insert_revocation("carla", revocation, 1700000100).ok());
    REQUIRE(storage->replace_revoked_member(fresh).ok());

    const auto carla = storage->member("carla");
    REQUIRE(carla.ok());
    REQUIRE(carla.value().has_value());
    CHECK(carla.value()->active);
    CHECK(carla.value()->revocation.empty());
    CHECK(carla.value()->certificate == fresh.certificate);
    const auto past = storage->past_certificates("carla");
    REQUIRE(past.ok());
    REQUIRE(past.value().size() == 1);
    CHECK(past.value()[0].certificate == member_named("carla", "old certificate").certificate);
    CHECK(past.value()[0].revocation == revocation);
    // The old revocation is still listed, and the name can be revoked again.
    const auto listed = storage->revocations();
    REQUIRE(listed.ok());
    CHECK(listed.value() == std::vector<crypto::Bytes>{revocation});
    REQUIRE(storage->deactivate_member("carla").ok());
    CHECK(storage->insert_revocation("carla", crypto::Bytes{8}, 1700000200).ok());
    CHECK(storage->revocations().value().size() == 2);
}

TEST_CASE("a member's key wrap for an epoch is replaced, and only one that exists", "[storage]") {
    TemporaryDirectory dir;
    auto storage = open_ok(dir.path() / "weerbaar.db", test_key());
    REQUIRE(storage->insert_member(member_named("alice")).ok());
    add_case(*storage, case_id(5), "alice");
    REQUIRE(storage->replace_case_member_wrap(case_id(5), CaseMemberRow{"alice", 1, {9, 9}}).ok());
    const auto members = storage->case_members(case_id(5));
    REQUIRE(members.ok());
    REQUIRE(members.value().size() == 1);
    CHECK(members.value()[0].wrap == crypto::Bytes{9, 9});
    CHECK(storage->replace_case_member_wrap(case_id(5), CaseMemberRow{"alice", 2, {1}})
              .error()
              .code() == ErrorCode::not_found);
}

TEST_CASE("a version 5 database upgrades to 6: every case gets its own change version",
          "[storage][sync]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    const auto key = test_key();
    {
        auto opened = SqlcipherStorage::open_with_schema(file, key, 5);
        REQUIRE(opened.ok());
        REQUIRE(opened.value()->insert_member(member_named("alice")).ok());
        REQUIRE(opened.value()->insert_member(member_named("bob")).ok());
    }
    insert_old_case(file, key, 1, "alice");
    insert_old_case(file, key, 2, "alice");
    insert_old_case(file, key, 3, "bob");
    auto storage = open_ok(file, key);
    auto version = storage->schema_version();
    REQUIRE(version.ok());
    CHECK(version.value() == SqlcipherStorage::latest_schema_version());

    auto current = storage->change_version();
    REQUIRE(current.ok());
    auto alice = storage->cases_changed_since("alice", 0, 100);
    REQUIRE(alice.ok());
    REQUIRE(alice.value().size() == 2);
    CHECK(alice.value()[0].version > 0);
    CHECK(alice.value()[0].version < alice.value()[1].version);
    CHECK(alice.value()[1].version <= current.value());
    // Nothing is newer than the version the migration left.
    auto none = storage->cases_changed_since("alice", current.value(), 100);
    REQUIRE(none.ok());
    CHECK(none.value().empty());

    // The next change goes past it.
    auto transaction = Transaction::begin(*storage, TransactionKind::write);
    REQUIRE(transaction.ok());
    REQUIRE(storage->touch_case(case_id(2), 9).ok());
    REQUIRE(transaction.value().commit().ok());
    auto changed = storage->cases_changed_since("alice", current.value(), 100);
    REQUIRE(changed.ok());
    REQUIRE(changed.value().size() == 1);
    CHECK(changed.value()[0].case_id == case_id(2));
    CHECK(changed.value()[0].version == current.value() + 1);
}

TEST_CASE("every change to a case raises the change version and stamps the case",
          "[storage][sync]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    REQUIRE(storage->insert_member(member_named("alice")).ok());
    add_case(*storage, case_id(1), "alice");
    auto stamped = [&] {
        auto found = storage->find_case(case_id(1));
        REQUIRE(found.ok());
        REQUIRE(found.value().has_value());
        auto current = storage->change_version();
        REQUIRE(current.ok());
        CHECK(found.value()->version == current.value());
        return current.value();
    };
    std::uint64_t last = stamped();
    CHECK(last == 1);
    const std::vector<std::function<Status()>> changes = {
        [&] { return storage->touch_case(case_id(1), 11); },
        [&] { return storage->require_rotation(case_id(1)); },
        [&] { return storage->set_retention(case_id(1), 99); },
        [&] { return storage->set_retention(case_id(1), 0); },
        [&] {
            auto appended = storage->append_record(case_id(1), crypto::Bytes(16, 5), 1, "alice",
                                                   crypto::Bytes{1}, 12);
            return appended.ok() ? ok_status() : Status(appended.error());
        },
        [&] { return storage->start_epoch(case_id(1), 2, 13); },
    };
    for (const auto& change : changes) {
        auto transaction = Transaction::begin(*storage, TransactionKind::write);
        REQUIRE(transaction.ok());
        REQUIRE(change().ok());
        REQUIRE(transaction.value().commit().ok());
        const std::uint64_t now = stamped();
        CHECK(now == last + 1);
        last = now;
    }
}

TEST_CASE("losing a case leaves a tombstone for whoever held it, and only them",
          "[storage][sync]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    for (const char* user : {"alice", "bob", "carol", "dave"}) {
        REQUIRE(storage->insert_member(member_named(user)).ok());
    }
    add_case(*storage, case_id(1), "alice");
    add_case(*storage, case_id(2), "alice");
    {
        auto transaction = Transaction::begin(*storage, TransactionKind::write);
        REQUIRE(transaction.ok());
        for (const char* user : {"bob", "carol"}) {
            REQUIRE(storage->insert_case_member(case_id(1), CaseMemberRow{user, 1, {1}}).ok());
        }
        REQUIRE(storage->insert_case_member(case_id(2), CaseMemberRow{"bob", 1, {1}}).ok());
        REQUIRE(transaction.value().commit().ok());
    }
    auto removed_of = [&](const std::string& user) {
        auto removed = storage->cases_removed_since(user, 0, 100);
        REQUIRE(removed.ok());
        std::vector<crypto::Bytes> ids;
        for (const auto& row : removed.value()) {
            ids.push_back(row.case_id);
        }
        return ids;
    };

    // Epoch 2 of case 1 keeps alice and carol: bob loses it.
    {
        auto transaction = Transaction::begin(*storage, TransactionKind::write);
        REQUIRE(transaction.ok());
        for (const char* user : {"alice", "carol"}) {
            REQUIRE(storage->insert_case_member(case_id(1), CaseMemberRow{user, 2, {2}}).ok());
        }
        REQUIRE(storage->start_epoch(case_id(1), 2, 20).ok());
        REQUIRE(transaction.value().commit().ok());
    }
    CHECK(removed_of("bob") == std::vector<crypto::Bytes>{case_id(1)});
    CHECK(removed_of("carol").empty());
    CHECK(removed_of("alice").empty());
    auto bob_holds = storage->cases_changed_since("bob", 0, 100);
    REQUIRE(bob_holds.ok());
    REQUIRE(bob_holds.value().size() == 1);
    CHECK(bob_holds.value()[0].case_id == case_id(2));

    // Deleting case 2 leaves one for alice and bob, its members; dave never held it.
    {
        auto transaction = Transaction::begin(*storage, TransactionKind::write);
        REQUIRE(transaction.ok());
        REQUIRE(storage->delete_case(case_id(2)).ok());
        REQUIRE(transaction.value().commit().ok());
    }
    CHECK(removed_of("alice") == std::vector<crypto::Bytes>{case_id(2)});
    CHECK(removed_of("bob") == std::vector<crypto::Bytes>{case_id(1), case_id(2)});
    CHECK(removed_of("dave").empty());

    // Bob given case 1 again holds it: it is no longer removed for him.
    {
        auto transaction = Transaction::begin(*storage, TransactionKind::write);
        REQUIRE(transaction.ok());
        REQUIRE(storage->insert_case_member(case_id(1), CaseMemberRow{"bob", 2, {3}}).ok());
        REQUIRE(storage->touch_case(case_id(1), 30).ok());
        REQUIRE(transaction.value().commit().ok());
    }
    CHECK(removed_of("bob") == std::vector<crypto::Bytes>{case_id(2)});
}

TEST_CASE("a version 6 database upgrades to 7 with its cases, and research rows round-trip",
          "[storage][research]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    const auto key = test_key();
    {
        auto opened = SqlcipherStorage::open_with_schema(file, key, 6);
        REQUIRE(opened.ok());
        REQUIRE(opened.value()->insert_member(member_named("alice")).ok());
        add_case(*opened.value(), case_id(1), "alice");
        add_case(*opened.value(), case_id(2), "alice");
        add_case(*opened.value(), case_id(3), "alice");
    }
    auto storage = open_ok(file, key);
    auto version = storage->schema_version();
    REQUIRE(version.ok());
    CHECK(version.value() >= 7);

    auto none = storage->current_research_key();
    REQUIRE(none.ok());
    CHECK_FALSE(none.value().has_value());
    {
        auto transaction = Transaction::begin(*storage, TransactionKind::write);
        REQUIRE(transaction.ok());
        REQUIRE(storage->insert_research_key(ResearchKeyRow{1, {1}, "alice", 5}).ok());
        REQUIRE(storage->insert_research_key(ResearchKeyRow{2, {2}, "alice", 6}).ok());
        CHECK(storage->insert_research_key(ResearchKeyRow{2, {3}, "alice", 7}).error().code() ==
              ErrorCode::already_exists);
        REQUIRE(
            storage->put_research_key_wrap(ResearchKeyWrapRow{2, "alice", {4}, "alice", 8}).ok());
        // A second wrap for the same coordinator and generation replaces the first.
        REQUIRE(
            storage->put_research_key_wrap(ResearchKeyWrapRow{2, "alice", {5}, "alice", 9}).ok());
        // One record per case: the later replaces the earlier.
        for (std::uint8_t id = 1; id <= 3; ++id) {
            REQUIRE(storage
                        ->put_research_record(
                            ResearchRecordRow{case_id(id), 2, "alice", crypto::Bytes(100, id), 10})
                        .ok());
        }
        REQUIRE(storage
                    ->put_research_record(
                        ResearchRecordRow{case_id(2), 2, "alice", crypto::Bytes(100, 9), 11})
                    .ok());
        REQUIRE(
            storage
                ->insert_privacy_ledger_entry(PrivacyLedgerRow{1, {1}, {2}, "alice", 4, 7, 500, 12})
                .ok());
        REQUIRE(
            storage
                ->insert_privacy_ledger_entry(PrivacyLedgerRow{2, {3}, {4}, "alice", 8, 8, 250, 13})
                .ok());
        REQUIRE(transaction.value().commit().ok());
    }
    auto current = storage->current_research_key();
    REQUIRE(current.ok());
    REQUIRE(current.value().has_value());
    CHECK(current.value()->generation == 2);
    CHECK(current.value()->certificate == crypto::Bytes{2});
    auto wrap = storage->research_key_wrap(2, "alice");
    REQUIRE(wrap.ok());
    REQUIRE(wrap.value().has_value());
    CHECK(wrap.value()->wrap == crypto::Bytes{5});
    auto wraps = storage->research_key_wraps(2);
    REQUIRE(wraps.ok());
    CHECK(wraps.value().size() == 1);
    auto other = storage->research_key_wrap(1, "alice");
    REQUIRE(other.ok());
    CHECK_FALSE(other.value().has_value());

    // Paged by case id, by count and by bytes (at least one record per page).
    auto page = storage->research_records_after({}, 2, 1000);
    REQUIRE(page.ok());
    REQUIRE(page.value().size() == 2);
    CHECK(page.value()[0].case_id == case_id(1));
    CHECK(page.value()[1].record == crypto::Bytes(100, 9));
    auto rest = storage->research_records_after(case_id(2), 2, 1000);
    REQUIRE(rest.ok());
    REQUIRE(rest.value().size() == 1);
    CHECK(rest.value()[0].case_id == case_id(3));
    auto small = storage->research_records_after({}, 10, 150);
    REQUIRE(small.ok());
    CHECK(small.value().size() == 1);
    auto tiny = storage->research_records_after({}, 10, 0);
    REQUIRE(tiny.ok());
    CHECK(tiny.value().size() == 1);

    auto ledger = storage->privacy_ledger();
    REQUIRE(ledger.ok());
    REQUIRE(ledger.value().size() == 2);
    CHECK(ledger.value()[0].from_quarter == 4);
    CHECK(ledger.value()[0].to_quarter == 7);
    CHECK(ledger.value()[1].epsilon_millis == 250);
    auto last = storage->last_privacy_ledger_entry();
    REQUIRE(last.ok());
    REQUIRE(last.value().has_value());
    CHECK(last.value()->sequence == 2);
    CHECK(last.value()->hash == crypto::Bytes{4});

    // Deleting a case deletes its research record.
    {
        auto transaction = Transaction::begin(*storage, TransactionKind::write);
        REQUIRE(transaction.ok());
        REQUIRE(storage->delete_case(case_id(2)).ok());
        REQUIRE(transaction.value().commit().ok());
    }
    auto gone = storage->research_record(case_id(2));
    REQUIRE(gone.ok());
    CHECK_FALSE(gone.value().has_value());
    auto kept = storage->research_record(case_id(1));
    REQUIRE(kept.ok());
    CHECK(kept.value().has_value());
}

TEST_CASE(
    "a version 7 database upgrades to 8: its pending enrolment stays, and a name may hold "
    "several, one per signing key",
    "[storage][enrolment]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    const auto key = test_key();
    const auto request = [](const std::string& user, std::uint8_t key_byte, std::int64_t created) {
        return EnrolmentRow{user, crypto::Bytes(32, key_byte), crypto::Bytes(32, key_byte),
                            crypto::Bytes(64, key_byte), created};
    };
    {
        auto opened = SqlcipherStorage::open_with_schema(file, key, 7);
        REQUIRE(opened.ok());
        REQUIRE(opened.value()->put_enrolment(request("anna", 1, 100)).ok());
    }
    auto storage = open_ok(file, key);
    auto version = storage->schema_version();
    REQUIRE(version.ok());
    CHECK(version.value() == SqlcipherStorage::latest_schema_version());
    const auto all = [&](EnrolmentQuery query) {
        if (query.limit == 0) {
            query.limit = 100;
        }
        auto rows = storage->enrolments(query);
        REQUIRE(rows.ok());
        return rows.value();
    };
    REQUIRE(all({}).size() == 1);
    CHECK(all({})[0].user == "anna");

    REQUIRE(storage->put_enrolment(request("anna", 2, 200)).ok());
    REQUIRE(storage->put_enrolment(request("bert", 3, 300)).ok());
    CHECK(all({}).size() == 3);
    CHECK(storage->count_enrolments("anna").value() == 2);
    CHECK(storage->count_enrolments("").value() == 3);
    CHECK(all({0, 0, "anna", 0}).size() == 2);
    // The same name and signing key again replaces its request, now the newest.
    REQUIRE(storage->put_enrolment(request("anna", 1, 400)).ok());
    const auto rows = all({});
    REQUIRE(rows.size() == 3);
    CHECK(rows.back().user == "anna");
    CHECK(rows.back().created == 400);
    // Pages by position; and only those created since a time.
    const auto first = all({0, 0, "", 2});
    REQUIRE(first.size() == 2);
    const auto rest = all({first.back().position, 0, "", 2});
    REQUIRE(rest.size() == 1);
    CHECK(rest[0].position > first.back().position);
    CHECK(all({0, 250, "", 0}).size() == 2);
    auto found = storage->enrolment("anna", crypto::Bytes(32, 2));
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    CHECK(found.value()->created == 200);

    REQUIRE(storage->delete_enrolments_created_before(250).ok());
    CHECK(all({}).size() == 2);
    REQUIRE(storage->delete_enrolments_of("anna").ok());
    REQUIRE(all({}).size() == 1);
    CHECK(all({})[0].user == "bert");
}

TEST_CASE("a version 8 database upgrades to 9: its audit entries are indexed by case",
          "[storage][audit]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    const auto key = test_key();
    const crypto::Bytes case_a(crypto::kCaseIdSize, 0xaa);
    const crypto::Bytes case_b(crypto::kCaseIdSize, 0xbb);
    // Entries as a version 8 server stored them: no case column, the id inside the entry.
    const auto entry = [](std::uint64_t sequence, const crypto::Bytes& case_id) {
        crypto::AuditEntryBody body;
        body.sequence = sequence;
        body.time = 100 + sequence;
        body.event = case_id.empty() ? crypto::AuditEvent::login : crypto::AuditEvent::case_read;
        body.actor = "alice";
        body.case_id = case_id;
        body.previous_hash = crypto::Bytes(crypto::kAuditHashSize, 0);
        auto created = crypto::AuditEntry::create(std::move(body));
        REQUIRE(created.ok());
        return AuditRow{sequence, created.value().encode(), created.value().hash()};
    };
    {
        auto opened = SqlcipherStorage::open_with_schema(file, key, 8);
        REQUIRE(opened.ok());
        const std::vector<crypto::Bytes> cases{case_a, {}, case_b, case_a, {}, case_a};
        for (std::size_t i = 0; i < cases.size(); ++i) {
            REQUIRE(opened.value()->insert_audit_entry(entry(i + 1, cases[i])).ok());
        }
    }
    auto storage = open_ok(file, key);
    const auto of_a = storage->audit_entries_of_case(case_a, 100);
    REQUIRE(of_a.ok());
    REQUIRE(of_a.value().size() == 3);
    CHECK(of_a.value()[0].sequence == 1);  // in chain order
    CHECK(of_a.value()[1].sequence == 4);
    CHECK(of_a.value()[2].sequence == 6);
    CHECK(of_a.value()[2].entry == entry(6, case_a).entry);
    // The newest `limit`, still in chain order.
    const auto newest = storage->audit_entries_of_case(case_a, 2);
    REQUIRE(newest.ok());
    REQUIRE(newest.value().size() == 2);
    CHECK(newest.value()[0].sequence == 4);
    CHECK(newest.value()[1].sequence == 6);

    // Entries appended from now on are indexed as they are stored.
    AuditRow next = entry(7, case_b);
    next.case_id = case_b;
    REQUIRE(storage->insert_audit_entry(next).ok());
    const auto of_b = storage->audit_entries_of_case(case_b, 100);
    REQUIRE(of_b.ok());
    REQUIRE(of_b.value().size() == 2);
    CHECK(of_b.value()[0].sequence == 3);
    CHECK(of_b.value()[1].sequence == 7);
    const auto of_none = storage->audit_entries_of_case(crypto::Bytes(crypto::kCaseIdSize, 1), 100);
    REQUIRE(of_none.ok());
    CHECK(of_none.value().empty());
}

TEST_CASE("a version 9 database upgrades to 10: one root key split, its shares and releases",
          "[storage][root_key]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    const auto key = test_key();
    {
        auto opened = SqlcipherStorage::open_with_schema(file, key, 9);
        REQUIRE(opened.ok());
        for (const char* user : {"anne", "bram", "carla"}) {
            REQUIRE(opened.value()->insert_member(member_named(user)).ok());
        }
    }
    auto storage = open_ok(file, key);
    REQUIRE(storage->schema_version().value() == SqlcipherStorage::latest_schema_version());
    auto none = storage->root_key_split();
    REQUIRE(none.ok());
    CHECK_FALSE(none.value().has_value());

    const auto split_row = [](std::uint8_t id) {
        return RootKeySplitRow{crypto::Bytes(16, id), 2,  2, "anne", 100,
                               crypto::Bytes(64, id), 200};
    };
    const std::vector<RootKeyShareRow> shares{{"bram", 2, crypto::Bytes{2}},
                                              {"anne", 1, crypto::Bytes{1}}};
    REQUIRE(storage->replace_root_key_split(split_row(1), shares).ok());
    auto split = storage->root_key_split();
    REQUIRE(split.ok());
    REQUIRE(split.value().has_value());
    CHECK(split.value()->split_id == crypto::Bytes(16, 1));
    CHECK(split.value()->threshold == 2);
    CHECK(split.value()->splitter == "anne");
    CHECK(split.value()->root_signature == crypto::Bytes(64, 1));
    auto stored = storage->root_key_shares();
    REQUIRE(stored.ok());
    REQUIRE(stored.value().size() == 2);
    CHECK(stored.value()[0].holder == "anne");  // by number
    CHECK(stored.value()[1].share == crypto::Bytes{2});

    REQUIRE(storage
                ->put_root_key_release(crypto::Bytes(16, 1),
                                       RootKeyReleaseRow{"anne", "carla", {7}, 300})
                .ok());
    // The holder's newer release to the same recipient replaces the earlier.
    REQUIRE(storage
                ->put_root_key_release(crypto::Bytes(16, 1),
                                       RootKeyReleaseRow{"anne", "carla", {8}, 301})
                .ok());
    REQUIRE(storage
                ->put_root_key_release(crypto::Bytes(16, 1),
                                       RootKeyReleaseRow{"bram", "carla", {9}, 302})
                .ok());
    auto to_carla = storage->root_key_releases_to("carla");
    REQUIRE(to_carla.ok());
    REQUIRE(to_carla.value().size() == 2);
    CHECK(to_carla.value()[0].release == crypto::Bytes{8});
    CHECK(storage->root_key_releases_to("anne").value().empty());
    // A release for a split that is not stored is refused (foreign key).
    CHECK_FALSE(storage
                    ->put_root_key_release(crypto::Bytes(16, 9),
                                           RootKeyReleaseRow{"bram", "anne", {1}, 303})
                    .ok());

    // A new split replaces the old one with its shares and releases.
    REQUIRE(
        storage->replace_root_key_split(split_row(2), {{"carla", 1, {3}}, {"bram", 2, {4}}}).ok());
    CHECK(storage->root_key_split().value()->split_id == crypto::Bytes(16, 2));
    CHECK(storage->root_key_shares().value().size() == 2);
    CHECK(storage->root_key_releases_to("carla").value().empty());
}

TEST_CASE("sessions: one is deleted by its hash, and a member keeps only the newest n",
          "[storage][session]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    REQUIRE(storage->insert_member(member_named("alice")).ok());
    REQUIRE(storage->insert_member(member_named("bob")).ok());
    // Alice's sessions 1..5 expire at 101..105; two share an expiry, told apart by
    // the order they came in.
    for (std::uint8_t i = 1; i <= 5; ++i) {
        const std::int64_t expires = i == 5 ? 104 : 100 + i;
        REQUIRE(storage->insert_session(crypto::Bytes(32, i), SessionRow{"alice", expires}).ok());
    }
    REQUIRE(storage->insert_session(crypto::Bytes(32, 9), SessionRow{"bob", 100}).ok());
    const auto present = [&](std::uint8_t i) {
        auto found = storage->session(crypto::Bytes(32, i));
        REQUIRE(found.ok());
        return found.value().has_value();
    };

    REQUIRE(storage->keep_newest_sessions_of("alice", 3).ok());
    CHECK_FALSE(present(1));
    CHECK_FALSE(present(2));
    CHECK(present(3));
    CHECK(present(4));
    CHECK(present(5));
    CHECK(present(9));  // another member's are untouched

    REQUIRE(storage->delete_session(crypto::Bytes(32, 4)).ok());
    CHECK_FALSE(present(4));
    CHECK(present(3));
    CHECK(present(5));
    // Deleting what is not there is no error (a second logout).
    CHECK(storage->delete_session(crypto::Bytes(32, 4)).ok());
    REQUIRE(storage->keep_newest_sessions_of("alice", 0).ok());
    CHECK_FALSE(present(3));
    CHECK_FALSE(present(5));
    CHECK(present(9));
}

TEST_CASE("a member's stored bytes count the records they wrote and the blobs they uploaded",
          "[storage][quota]") {
    TemporaryDirectory dir;
    const auto key = test_key();
    auto storage = open_ok(dir.path() / "weerbaar.db", key);
    REQUIRE(storage->insert_member(member_named("alice")).ok());
    REQUIRE(storage->insert_member(member_named("bob")).ok());
    const auto stored = [&](const std::string& user) {
        auto bytes = storage->stored_bytes_of(user);
        REQUIRE(bytes.ok());
        return bytes.value();
    };
    CHECK(stored("alice") == 0);

    add_case(*storage, case_id(1), "alice");
    REQUIRE(
        storage
            ->append_record(case_id(1), crypto::Bytes(16, 1), 1, "alice", crypto::Bytes(100, 7), 20)
            .ok());
    REQUIRE(
        storage->append_record(case_id(1), crypto::Bytes(16, 2), 1, "bob", crypto::Bytes(50, 7), 21)
            .ok());
    REQUIRE(storage
                ->insert_attachment(AttachmentRow{
                    case_id(1), crypto::Bytes(16, 9), 4000, crypto::Bytes(32, 7), "alice", 22, {}})
                .ok());
    CHECK(stored("alice") == 4100);
    CHECK(stored("bob") == 50);
    CHECK(stored("carol") == 0);

    SECTION("a record that is refused counts for nothing") {
        CHECK(storage
                  ->append_record(case_id(1), crypto::Bytes(16, 1), 1, "alice",
                                  crypto::Bytes(500, 7), 23)
                  .error()
                  .code() == ErrorCode::already_exists);
        CHECK(stored("alice") == 4100);
    }
    SECTION("a blob swept before it was bound is no longer counted") {
        REQUIRE(storage->delete_attachment(case_id(1), crypto::Bytes(16, 9)).ok());
        CHECK(stored("alice") == 100);
    }
    SECTION("a deleted case takes every author's bytes with it") {
        add_case(*storage, case_id(2), "alice");
        REQUIRE(storage
                    ->append_record(case_id(2), crypto::Bytes(16, 3), 1, "alice",
                                    crypto::Bytes(30, 7), 24)
                    .ok());
        REQUIRE(storage->delete_case(case_id(1)).ok());
        CHECK(stored("alice") == 30);
        CHECK(stored("bob") == 0);
    }
    SECTION("a rolled-back transaction counts for nothing") {
        {
            auto transaction = Transaction::begin(*storage, TransactionKind::write);
            REQUIRE(transaction.ok());
            REQUIRE(storage
                        ->append_record(case_id(1), crypto::Bytes(16, 4), 1, "alice",
                                        crypto::Bytes(1000, 7), 25)
                        .ok());
            CHECK(stored("alice") == 5100);  // inside: as the quota check reads it
        }
        CHECK(stored("alice") == 4100);
    }
}

TEST_CASE("the upgrade to schema 11 counts what each member stored before it", "[storage][quota]") {
    TemporaryDirectory dir;
    const auto file = dir.path() / "weerbaar.db";
    const auto key = test_key();
    {
        auto opened = SqlcipherStorage::open_with_schema(file, key, 10);
        REQUIRE(opened.ok());
        auto& v10 = *opened.value();
        REQUIRE(v10.insert_member(member_named("alice")).ok());
        REQUIRE(v10.insert_member(member_named("bob")).ok());
        add_case(v10, case_id(1), "alice");
    }
    // Rows as a schema-10 server wrote them (today's writes count into member_usage,
    // which schema 10 does not have).
    const std::string id = "x'" + crypto::to_hex(case_id(1)) + "'";
    execute_raw(file, key,
                "INSERT INTO records (case_id, sequence, record_id, epoch, author, blob, stored, "
                "hash) VALUES (" +
                    id + ", 1, zeroblob(16), 1, 'alice', zeroblob(300), 20, zeroblob(32)), (" + id +
                    ", 2, x'" + crypto::to_hex(crypto::Bytes(16, 2)) +
                    "', 1, 'alice', zeroblob(200), 21, x'" + crypto::to_hex(crypto::Bytes(32, 2)) +
                    "'); UPDATE cases SET record_count = 2; "
                    "INSERT INTO attachments (case_id, attachment_id, size, hash, uploader, "
                    "created, state, sequence) VALUES (" +
                    id + ", zeroblob(16), 7000, zeroblob(32), 'bob', 22, 'pending', NULL);");
    auto storage = open_ok(file, key);
    CHECK(storage->schema_version().value() == SqlcipherStorage::latest_schema_version());
    CHECK(storage->stored_bytes_of("alice").value() == 500);
    CHECK(storage->stored_bytes_of("bob").value() == 7000);
    // And from then on kept by the writes (schema 13).
    REQUIRE(
        storage->append_record(case_id(1), crypto::Bytes(16, 3), 1, "bob", crypto::Bytes(10, 7), 23)
            .ok());
    CHECK(storage->stored_bytes_of("bob").value() == 7010);
}

}  // namespace weerbaar::server
