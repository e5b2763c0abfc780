#include "weerbaar/client/trust_store.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "scratch_directory.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/crypto/keystore.h"
#include "weerbaar/durable_file.h"

namespace fs = std::filesystem;
using weerbaar::client::CaseHead;
using weerbaar::client::KeySighting;
using weerbaar::client::RememberedRevocation;
using weerbaar::client::TrustState;
using weerbaar::client::TrustStore;
using weerbaar::client::testing::ScratchDirectory;
using weerbaar::crypto::Bytes;

namespace {

const std::string kKeyA = "11111 22222 33333 44444 55555 66666 77777 88888";
const std::string kKeyB = "99999 22222 33333 44444 55555 66666 77777 88888";

std::string hex_of(std::uint8_t byte) { return weerbaar::crypto::to_hex(Bytes(32, byte)); }

// One store key for the whole test file, as one keystore would hold it.
const weerbaar::crypto::SecretBuffer& store_key() {
    static const auto key = [] {
        REQUIRE(weerbaar::crypto::initialise().ok());
        return weerbaar::crypto::SecretBuffer::random(weerbaar::crypto::kLocalStoreKeySize);
    }();
    return key;
}

weerbaar::Result<TrustStore> open_store(const fs::path& directory) {
    return TrustStore::open(directory, store_key());
}

TrustState full_state() {
    TrustState state;
    state.keys["anna"] = {kKeyA, true};
    state.keys["piet"] = {kKeyB, false};
    state.revocations.push_back({"daan", hex_of(0x01), hex_of(0x02)});
    state.audit_anchor = weerbaar::crypto::AuditAnchor{17, Bytes(32, 0x03)};
    state.cases["00112233445566778899aabbccddeeff"] = CaseHead{4, hex_of(0x04), 2, "anna"};
    return state;
}

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777U;
}

void write_text(const fs::path& path, const std::string& text) {
    REQUIRE(
        weerbaar::durable_file::write_file_atomically(path, weerbaar::crypto::as_bytes(text), 0600,
                                                      weerbaar::durable_file::Overwrite::allowed)
            .ok());
}

std::string read_text(const fs::path& path) {
    const auto raw = weerbaar::durable_file::read_whole_file(path);
    REQUIRE(raw.ok());
    return {raw.value().begin(), raw.value().end()};
}

}  // namespace

TEST_CASE("a trust state survives a round trip through JSON", "[trust]") {
    const TrustState state = full_state();
    const auto read =
        weerbaar::client::trust_state_from_json(weerbaar::client::trust_state_to_json(state));
    REQUIRE(read.ok());
    const TrustState& back = read.value();
    CHECK(back.keys.at("anna").fingerprint == kKeyA);
    CHECK(back.keys.at("anna").verified);
    CHECK_FALSE(back.keys.at("piet").verified);
    CHECK(back.revocations == state.revocations);
    REQUIRE(back.audit_anchor.has_value());
    CHECK(back.audit_anchor->sequence == 17);
    CHECK(back.audit_anchor->head_hash == Bytes(32, 0x03));
    CHECK(back.cases == state.cases);
}

TEST_CASE("an empty trust state has no anchor after a round trip", "[trust]") {
    const auto read =
        weerbaar::client::trust_state_from_json(weerbaar::client::trust_state_to_json({}));
    REQUIRE(read.ok());
    CHECK_FALSE(read.value().audit_anchor.has_value());
    CHECK(read.value().keys.empty());
}

TEST_CASE("a damaged trust.json is reported, not trusted", "[trust]") {
    for (const char* text : {"not json", "[]", R"({"format": 2})",
                             R"({"format": 1, "keys": {"anna": {"fingerprint": 1}}})",
                             R"({"format": 1, "revocations": [{"user": "d", "hash": "zz",
                                 "certificate_hash": "00"}]})",
                             R"({"format": 1, "audit_anchor": {"sequence": 3}})",
                             R"({"format": 1, "cases": {"ab": {"sequence": -1, "hash": ""}}})"}) {
        INFO(text);
        const auto read = weerbaar::client::trust_state_from_json(text);
        REQUIRE_FALSE(read.ok());
        CHECK_THAT(read.error().message(), Catch::Contains("damaged"));
    }
}

TEST_CASE("a new profile starts with an empty, encrypted trust memory", "[trust]") {
    const ScratchDirectory scratch;
    const auto store = open_store(scratch.path());
    REQUIRE(store.ok());
    CHECK(store.value().state().keys.empty());
    CHECK_FALSE(fs::exists(scratch.path() / "trust.json"));
    CHECK(fs::exists(scratch.path() / "store.db"));
}

TEST_CASE("the trust memory is kept in the store, 0600, and read back", "[trust]") {
    const ScratchDirectory scratch;
    {
        auto store = open_store(scratch.path()).value();
        REQUIRE(store.observe_key("anna", kKeyA).ok());
        REQUIRE(store.remember_revocation({"daan", hex_of(1), hex_of(2)}).ok());
    }
    CHECK(mode_of(scratch.path() / "store.db") == 0600);
    CHECK_FALSE(fs::exists(scratch.path() / "trust.json"));

    const auto again = open_store(scratch.path());
    REQUIRE(again.ok());
    CHECK(again.value().state().keys.at("anna").fingerprint == kKeyA);
    CHECK(again.value().state().revocations.size() == 1);
}

TEST_CASE("the store does not open with another key, and says so", "[trust]") {
    const ScratchDirectory scratch;
    {
        auto store = open_store(scratch.path()).value();
        REQUIRE(store.observe_key("anna", kKeyA).ok());
    }
    const auto other = weerbaar::crypto::SecretBuffer::random(32);
    const auto refused = TrustStore::open(scratch.path(), other);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code() == weerbaar::ErrorCode::failed_precondition);
    CHECK_THAT(refused.error().message(), Catch::Contains("beschadigd"));
    // A short key is a programming error, refused before any file is touched.
    CHECK(TrustStore::open(scratch.path(), weerbaar::crypto::SecretBuffer::random(16))
              .error()
              .code() == weerbaar::ErrorCode::invalid_argument);
}

TEST_CASE("a damaged store file stops opening instead of starting afresh", "[trust]") {
    const ScratchDirectory scratch;
    {
        auto store = open_store(scratch.path()).value();
        REQUIRE(store.mark_key_verified("anna", kKeyA).ok());
    }
    // Overwrite the first page (SQLCipher's salt and the start of the data).
    {
        std::FILE* file = std::fopen((scratch.path() / "store.db").c_str(), "r+b");
        REQUIRE(file != nullptr);
        const std::string garbage(4096, 'x');
        std::fwrite(garbage.data(), 1, garbage.size(), file);
        std::fclose(file);
    }
    fs::remove(scratch.path() / "store.db-wal");
    const auto store = open_store(scratch.path());
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code() == weerbaar::ErrorCode::failed_precondition);
}

TEST_CASE("a damaged trust.json on disk stops loading", "[trust]") {
    const ScratchDirectory scratch;
    write_text(scratch.path() / "trust.json", "{\"format\": 1, \"keys\": []}");
    const auto store = open_store(scratch.path());
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code() == weerbaar::ErrorCode::failed_precondition);
    // Not imported, so not removed: it is still there to restore from.
    CHECK(fs::exists(scratch.path() / "trust.json"));
}

TEST_CASE("the first sight of a key is recorded unverified", "[trust]") {
    TrustState state;
    CHECK(weerbaar::client::observe_key(state, "piet", kKeyA) == KeySighting::first_sight);
    CHECK(state.keys.at("piet").fingerprint == kKeyA);
    CHECK_FALSE(state.keys.at("piet").verified);
    CHECK(weerbaar::client::observe_key(state, "piet", kKeyA) == KeySighting::known);
}

TEST_CASE("a changed key is reported and the key seen before is kept", "[trust]") {
    TrustState state;
    weerbaar::client::mark_key_verified(state, "piet", kKeyA);
    CHECK(weerbaar::client::observe_key(state, "piet", kKeyB) == KeySighting::changed);
    CHECK(state.keys.at("piet").fingerprint == kKeyA);
    CHECK(state.keys.at("piet").verified);
    // Still changed on the next look: only a person's check moves it on.
    CHECK(weerbaar::client::observe_key(state, "piet", kKeyB) == KeySighting::changed);
    weerbaar::client::mark_key_verified(state, "piet", kKeyB);
    CHECK(weerbaar::client::observe_key(state, "piet", kKeyB) == KeySighting::known);
}

TEST_CASE("fingerprints are compared as digits, ignoring spacing", "[trust]") {
    TrustState state;
    weerbaar::client::mark_key_verified(state, "anna", kKeyA);
    CHECK(weerbaar::client::observe_key(
              state, "anna", "1111122222333334444455555666667777788888") == KeySighting::known);
}

TEST_CASE("a revocation is remembered once and matches only its certificate", "[trust]") {
    TrustState state;
    const RememberedRevocation revocation{"daan", hex_of(0x0a), hex_of(0x0b)};
    CHECK(weerbaar::client::remember_revocation(state, revocation));
    CHECK_FALSE(weerbaar::client::remember_revocation(state, revocation));
    CHECK(state.revocations.size() == 1);
    CHECK(weerbaar::client::is_remembered_revoked(state, "daan", Bytes(32, 0x0b)));
    CHECK_FALSE(weerbaar::client::is_remembered_revoked(state, "daan", Bytes(32, 0x0c)));
    CHECK_FALSE(weerbaar::client::is_remembered_revoked(state, "piet", Bytes(32, 0x0b)));
}

TEST_CASE("a revocation stays remembered across loads, whatever the server says later", "[trust]") {
    const ScratchDirectory scratch;
    {
        auto store = open_store(scratch.path()).value();
        REQUIRE(store.remember_revocation({"daan", hex_of(0x0a), hex_of(0x0b)}).ok());
    }
    const auto store = open_store(scratch.path()).value();
    CHECK(weerbaar::client::is_remembered_revoked(store.state(), "daan", Bytes(32, 0x0b)));
}

TEST_CASE("the audit anchor and case heads are saved", "[trust]") {
    const ScratchDirectory scratch;
    {
        auto store = open_store(scratch.path()).value();
        REQUIRE(store.set_audit_anchor({5, Bytes(32, 0x07)}).ok());
        REQUIRE(store.set_case_head("abcd", CaseHead{3, hex_of(0x08)}).ok());
    }
    const auto store = open_store(scratch.path()).value();
    REQUIRE(store.state().audit_anchor.has_value());
    CHECK(store.state().audit_anchor->sequence == 5);
    CHECK(store.state().cases.at("abcd") == CaseHead{3, hex_of(0x08)});
}

TEST_CASE("the audit anchor moves back only past a restore, once per notice", "[trust][heal]") {
    const ScratchDirectory scratch;
    {
        auto store = open_store(scratch.path()).value();
        REQUIRE(store.set_audit_anchor({50, Bytes(32, 0x07)}).ok());
        // Forward only, as ever.
        REQUIRE(store.set_audit_anchor({40, Bytes(32, 0x08)}).ok());
        CHECK(store.state().audit_anchor->sequence == 50);
        REQUIRE(store.move_audit_anchor_past_restore({41, Bytes(32, 0x09)}, 31).ok());
        CHECK(store.state().audit_anchor->sequence == 41);
        // The same notice, or an older one, does not move it again.
        const auto again = store.move_audit_anchor_past_restore({35, Bytes(32, 0x0a)}, 31);
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().code() == weerbaar::ErrorCode::integrity_failure);
        CHECK_FALSE(store.move_audit_anchor_past_restore({35, Bytes(32, 0x0a)}, 20).ok());
        CHECK(store.state().audit_anchor->sequence == 41);
    }
    const auto store = open_store(scratch.path()).value();
    CHECK(store.state().audit_anchor->sequence == 41);
    CHECK(store.state().audit_anchor->head_hash == Bytes(32, 0x09));
}

TEST_CASE("a case's epoch is remembered, only ever raised, and survives a reload",
          "[trust-store]") {
    ScratchDirectory dir;
    auto store = open_store(dir.path());
    REQUIRE(store.ok());
    const std::string hash(64, 'a');
    REQUIRE(store.value().set_case_head("c1", weerbaar::client::CaseHead{3, hash, 1}).ok());
    REQUIRE(store.value().raise_case_epoch("c1", 2).ok());
    REQUIRE(store.value().raise_case_epoch("c1", 1).ok());       // never lowered
    REQUIRE(store.value().raise_case_epoch("unknown", 5).ok());  // no half entry made
    const auto reloaded = open_store(dir.path());
    REQUIRE(reloaded.ok());
    const auto& cases = reloaded.value().state().cases;
    REQUIRE(cases.count("c1") == 1);
    CHECK(cases.at("c1").epoch == 2);
    CHECK(cases.at("c1").sequence == 3);
    CHECK(cases.count("unknown") == 0);
}

TEST_CASE("two processes of one profile do not undo each other's trust memory", "[trust]") {
    const ScratchDirectory scratch;
    // Both load the same (empty) state, as a `watch` and a `member verify` would.
    auto watch = open_store(scratch.path());
    auto verify = open_store(scratch.path());
    REQUIRE(watch.ok());
    REQUIRE(verify.ok());
    REQUIRE(verify.value().remember_revocation({"piet", hex_of(1), hex_of(2)}).ok());
    REQUIRE(verify.value().set_case_head("c1", CaseHead{7, hex_of(7), 2, "anna"}).ok());
    // The watch, still holding its older copy, learns something else, and an older
    // head of the same case.
    REQUIRE(watch.value().mark_key_verified("anna", kKeyA).ok());
    REQUIRE(watch.value().set_case_head("c1", CaseHead{5, hex_of(5), 1, "anna"}).ok());

    const auto reloaded = open_store(scratch.path());
    REQUIRE(reloaded.ok());
    const auto& state = reloaded.value().state();
    REQUIRE(state.revocations.size() == 1);
    CHECK(state.revocations[0].user == "piet");
    REQUIRE(state.keys.count("anna") == 1);
    CHECK(state.keys.at("anna").verified);
    REQUIRE(state.cases.count("c1") == 1);
    CHECK(state.cases.at("c1").sequence == 7);  // never moved back
    CHECK(state.cases.at("c1").epoch == 2);
    // And the watch's own view took in the keys and revocations the other process
    // wrote (heads are read per case when a case is read).
    CHECK(watch.value().state().revocations.size() == 1);
}

namespace {

// A profile directory with a (dummy) keystore and profile.json, as `init` leaves it.
fs::path make_profile(const ScratchDirectory& scratch) {
    const fs::path directory = scratch.path() / "profile";
    const weerbaar::client::Profile profile(directory);
    const weerbaar::client::ProfileSettings settings{
        "127.0.0.1:4433",
        "anna",
        Bytes(32, 0xab),
        "12345 67890 12345 67890 12345 67890 12345 67890",
        {}};
    REQUIRE(profile.create(settings, "certificate", weerbaar::crypto::as_bytes("sealed")).ok());
    return directory;
}

bool marked(const fs::path& directory) {
    const auto settings = weerbaar::client::Profile(directory).read_settings();
    REQUIRE(settings.ok());
    return settings.value().trust_memory;
}

}  // namespace

TEST_CASE("a new profile starts with an empty trust memory and records that it has one",
          "[trust]") {
    const ScratchDirectory scratch;
    const fs::path directory = make_profile(scratch);
    CHECK_FALSE(marked(directory));
    auto store = open_store(directory);
    REQUIRE(store.ok());
    CHECK(store.value().state().keys.empty());
    CHECK(marked(directory));
    REQUIRE(store.value().observe_key("anna", kKeyA).ok());
    CHECK(open_store(directory).ok());
}

TEST_CASE("a missing store where the profile had one stops instead of starting afresh", "[trust]") {
    const ScratchDirectory scratch;
    const fs::path directory = make_profile(scratch);
    {
        auto store = open_store(directory).value();
        REQUIRE(store.mark_key_verified("piet", kKeyB).ok());
    }
    fs::remove(directory / "store.db");
    const auto store = open_store(directory);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().code() == weerbaar::ErrorCode::failed_precondition);
    CHECK(store.error().message().find("ontbreekt") != std::string::npos);
    CHECK(store.error().message().find("restore it from a backup") != std::string::npos);
    // Nothing was made afresh in its place.
    CHECK_FALSE(fs::exists(directory / "store.db"));
}

TEST_CASE("an older profile's trust.json is imported whole, removed, and then the store is missed",
          "[trust]") {
    const ScratchDirectory scratch;
    const fs::path directory = make_profile(scratch);
    const TrustState legacy = full_state();
    write_text(directory / "trust.json", weerbaar::client::trust_state_to_json(legacy));
    write_text(directory / "trust.json.lock", "");
    CHECK_FALSE(marked(directory));
    {
        const auto store = open_store(directory);
        REQUIRE(store.ok());
        const TrustState& state = store.value().state();
        CHECK(state.keys.size() == legacy.keys.size());
        for (const auto& [user, key] : legacy.keys) {
            CHECK(state.keys.at(user).fingerprint == key.fingerprint);
            CHECK(state.keys.at(user).verified == key.verified);
        }
        CHECK(state.revocations == legacy.revocations);
        REQUIRE(state.audit_anchor.has_value());
        CHECK(state.audit_anchor->sequence == legacy.audit_anchor->sequence);
        CHECK(state.audit_anchor->head_hash == legacy.audit_anchor->head_hash);
        CHECK(state.cases == legacy.cases);
    }
    CHECK(marked(directory));
    CHECK_FALSE(fs::exists(directory / "trust.json"));
    CHECK_FALSE(fs::exists(directory / "trust.json.lock"));
    // No plaintext left: no case id, user name or fingerprint in any file but
    // profile.json (the pinned settings name the member and the server).
    for (const auto& entry : fs::directory_iterator(directory)) {
        if (entry.path().filename() == "profile.json") {
            continue;
        }
        const std::string bytes = read_text(entry.path());
        INFO(entry.path());
        for (const auto& [case_hex, head] : legacy.cases) {
            CHECK(bytes.find(case_hex) == std::string::npos);
        }
        CHECK(bytes.find("piet") == std::string::npos);
        CHECK(bytes.find(kKeyA.substr(0, 11)) == std::string::npos);
    }
    fs::remove(directory / "store.db");
    CHECK_FALSE(open_store(directory).ok());
}

TEST_CASE("an import interrupted before trust.json was removed is redone without going back",
          "[trust]") {
    const ScratchDirectory scratch;
    const fs::path directory = make_profile(scratch);
    const TrustState legacy = full_state();
    write_text(directory / "trust.json", weerbaar::client::trust_state_to_json(legacy));
    {
        auto store = open_store(directory).value();
        // Learnt after the import: a newer head of a case in the old file.
        const auto& [case_hex, head] = *legacy.cases.begin();
        CaseHead newer = head;
        newer.sequence = head.sequence + 5;
        REQUIRE(store.set_case_head(case_hex, newer).ok());
    }
    // The crash left the old file behind.
    write_text(directory / "trust.json", weerbaar::client::trust_state_to_json(legacy));
    const auto store = open_store(directory);
    REQUIRE(store.ok());
    const auto& [case_hex, head] = *legacy.cases.begin();
    CHECK(store.value().state().cases.at(case_hex).sequence == head.sequence + 5);
    CHECK_FALSE(fs::exists(directory / "trust.json"));
}

TEST_CASE("a head moved by another TrustStore of the profile is read from the file", "[trust]") {
    const ScratchDirectory dir;
    auto reader = open_store(dir.path());
    REQUIRE(reader.ok());
    CHECK_FALSE(reader.value().current_case_head(hex_of(1)).value().has_value());
    auto writer = open_store(dir.path());
    REQUIRE(writer.ok());
    REQUIRE(writer.value().set_case_head(hex_of(1), CaseHead{7, hex_of(2), 1, "bram"}).ok());
    // The reader's loaded state does not know it; the file does.
    CHECK_FALSE(reader.value().state().cases.contains(hex_of(1)));
    const auto current = reader.value().current_case_head(hex_of(1));
    REQUIRE(current.ok());
    REQUIRE(current.value().has_value());
    CHECK(current.value()->sequence == 7);
    CHECK(current.value()->hash == hex_of(2));
    CHECK(current.value()->creator == "bram");
}
