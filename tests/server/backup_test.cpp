// Backups (server/backup/backup_archive.h; ADR 0009, decisions 1 and 2): a backup of
// a running server verifies, restores into a new data directory, and the first start
// on it announces the restore with a notice clients can check; a damaged backup,
// another operator's key or an unfit target are refused and nothing is half-written.

#include <catch2/catch.hpp>
#include <fstream>

#include "backup_archive.h"
#include "server_fixture.h"
#include "temporary_directory.h"
#include "weerbaar/crypto/restore_notice.h"

namespace weerbaar::server {
namespace {

using test::ServerFixture;

Bytes read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::filesystem::path& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

// Names in `folder` other than `keep`: what a failed restore must not leave behind.
std::vector<std::string> leftovers(const std::filesystem::path& folder, const std::string& keep) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.path().filename() != keep) {
            names.push_back(entry.path().filename().string());
        }
    }
    return names;
}

// A populated server and one backup of it, sealed to a fresh operator key.
struct BackedUp {
    BackedUp() {
        server.populate();
        REQUIRE(make_backup(DataDirectory{server.data_directory()}, file, operator_key.public_key())
                    .ok());
    }
    ServerFixture server;
    crypto::EncryptionKeyPair operator_key = crypto::EncryptionKeyPair::generate();
    test::TemporaryDirectory scratch;
    std::filesystem::path file = scratch.path() / "weerbaar.backup";
};

}  // namespace

TEST_CASE("backup: a running server's backup verifies, restores, and the restore is announced",
          "[backup]") {
    ServerFixture server;
    server.populate();
    const crypto::CaseKey key = crypto::CaseKey::generate();
    const Bytes kept = server.case_shared_with_peer(key);
    const crypto::EncryptionKeyPair operator_key = crypto::EncryptionKeyPair::generate();
    test::TemporaryDirectory scratch;
    const auto file = scratch.path() / "weerbaar.backup";

    const auto made =
        make_backup(DataDirectory{server.data_directory()}, file, operator_key.public_key());
    REQUIRE(made.ok());
    const BackupManifest manifest = made.value().manifest;
    CHECK(manifest.audit_sequence > 0);
    CHECK(leftovers(scratch.path(), "weerbaar.backup").empty());
    // Written after the backup: not in it.
    const Bytes lost = server.case_shared_with_peer(key);

    const auto verified = verify_backup(file, operator_key);
    REQUIRE(verified.ok());
    CHECK(verified.value().manifest.audit_sequence == manifest.audit_sequence);
    CHECK(verified.value().manifest.audit_head_hash == manifest.audit_head_hash);

    const auto target = scratch.path() / "restored";
    REQUIRE(restore_backup(file, operator_key, target).ok());
    CHECK(std::filesystem::exists(target / "restored-from"));
    CHECK(std::filesystem::status(target).permissions() == std::filesystem::perms::owner_all);

    server.data_directory_override = target;
    server.restart();
    // Sessions are not part of a backup: members log in again.
    server.login(server.coordinator);
    server.login(server.confidant);
    CHECK_FALSE(std::filesystem::exists(target / "restored-from"));
    v1::GetCaseResponse response;
    CHECK(server.get_case(server.confidant, kept, response).ok());
    CHECK_FALSE(server.get_case(server.confidant, lost, response).ok());

    const auto restored = server.audit_entries(crypto::AuditEvent::server_restored);
    REQUIRE(restored.size() == 1);
    CHECK(restored[0].sequence == manifest.audit_sequence + 1);
    CHECK(restored[0].previous_hash == manifest.audit_head_hash);

    v1::Organisation organisation;
    grpc::ClientContext context;
    REQUIRE(server.directory->GetOrganisation(&context, v1::GetOrganisationRequest{}, &organisation)
                .ok());
    REQUIRE(organisation.restore_notices_size() == 1);
    const auto notice = crypto::verify_restore_notice(
        crypto::as_bytes(organisation.restore_notices(0).audit_entry()),
        crypto::as_bytes(organisation.restore_notices(0).checkpoint()),
        crypto::as_bytes(organisation.audit_sign_pk()));
    REQUIRE(notice.ok());
    CHECK(notice.value().backup_time == manifest.created);
    CHECK(notice.value().backup_sequence == manifest.audit_sequence);
    CHECK(notice.value().backup_head_hash == manifest.audit_head_hash);

    // Announced once: the next start writes no second notice.
    server.restart();
    server.login(server.coordinator);
    CHECK(server.audited(crypto::AuditEvent::server_restored) == 1);
}

TEST_CASE("backup: a damaged backup or another key is refused, and restore writes nothing",
          "[backup]") {
    BackedUp backed_up;
    const auto& scratch = backed_up.scratch;
    const auto& operator_key = backed_up.operator_key;
    const Bytes whole = read_file(backed_up.file);

    const auto bad = scratch.path() / "bad.backup";
    const auto refused = [&](const Bytes& content, const crypto::EncryptionKeyPair& key) {
        write_file(bad, content);
        const auto verified = verify_backup(bad, key);
        REQUIRE_FALSE(verified.ok());
        CHECK(verified.error().code() == ErrorCode::integrity_failure);
        CHECK(verified.error().message() == "decryption or verification failed");
        const auto restored = restore_backup(bad, key, scratch.path() / "restored");
        REQUIRE_FALSE(restored.ok());
        CHECK(restored.error().code() == ErrorCode::integrity_failure);
        CHECK(std::filesystem::exists(scratch.path() / "restored") == false);
        CHECK(leftovers(scratch.path(), "weerbaar.backup") ==
              std::vector<std::string>{"bad.backup"});
    };
    SECTION("a flipped byte in the database") {
        Bytes flipped = whole;
        flipped[whole.size() / 2] ^= 0x01;
        refused(flipped, operator_key);
    }
    SECTION("a flipped byte in the header") {
        Bytes flipped = whole;
        flipped[60] ^= 0x01;
        refused(flipped, operator_key);
    }
    SECTION("a cut file") { refused(Bytes(whole.begin(), whole.end() - 100), operator_key); }
    SECTION("another operator's key") { refused(whole, crypto::EncryptionKeyPair::generate()); }
}

TEST_CASE("backup: restore refuses a folder that is not empty", "[backup]") {
    BackedUp backed_up;
    const auto& [server, operator_key, scratch, file] = backed_up;
    const auto restored = restore_backup(file, operator_key, server.data_directory());
    REQUIRE_FALSE(restored.ok());
    CHECK(restored.error().code() == ErrorCode::already_exists);
    // An empty folder is taken.
    std::filesystem::create_directory(scratch.path() / "empty");
    CHECK(restore_backup(file, operator_key, scratch.path() / "empty").ok());
}

TEST_CASE("backup: the operator's key files cannot be taken for each other", "[backup]") {
    REQUIRE(crypto::initialise().ok());
    test::TemporaryDirectory scratch;
    const auto secret = scratch.path() / "backup.secret";
    const auto published = scratch.path() / "backup.pub";
    const crypto::EncryptionKeyPair pair = crypto::EncryptionKeyPair::generate();
    REQUIRE(write_backup_key_pair(pair, secret, published).ok());
    CHECK((std::filesystem::status(secret).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    const auto public_key = read_backup_public_key(published);
    REQUIRE(public_key.ok());
    CHECK(public_key.value() == pair.public_key());
    const auto secret_key = read_backup_secret_key(secret);
    REQUIRE(secret_key.ok());
    CHECK(secret_key.value().public_key() == pair.public_key());
    CHECK(read_backup_public_key(secret).error().code() == ErrorCode::invalid_argument);
    CHECK_FALSE(read_backup_secret_key(published).ok());
    CHECK(write_backup_key_pair(pair, secret, scratch.path() / "other.pub").error().code() ==
          ErrorCode::already_exists);
}

}  // namespace weerbaar::server
