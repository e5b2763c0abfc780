// The encrypted local store as a member meets it through the real CLI and server:
// nothing readable in the profile, a warm `case list` that asks the server for no
// case, a list that follows changes made by others, and a profile from before the
// store (plaintext trust.json, a keystore without a store key) carried over whole.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_output.h"
#include "member_keystore.h"
#include "team_scenario.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/client/trust_store.h"

namespace weerbaar::e2e {
namespace {

using nlohmann::json;

// How many `case_read` entries the access log of `case_id` holds for `reader`.
std::size_t reads_by(TeamScenario& team, const std::string& case_id, const std::string& reader) {
    const json log =
        json_output(team.must_succeed("bram", {"case", "access-log", case_id, "--json"}));
    std::size_t count = 0;
    for (const json& entry : log) {
        if (entry.value("event", "") == "case_read" && entry.value("actor", "") == reader) {
            ++count;
        }
    }
    return count;
}

// The number of entries `audit verify` reports (as coordinator anne).
int audit_entries(TeamScenario& team) {
    const std::string line = last_line(team.must_succeed("anne", {"audit", "verify"}).out);
    const std::string prefix = "audit chain verified: ";
    REQUIRE(line.rfind(prefix, 0) == 0);
    return std::stoi(line.substr(prefix.size()));
}

}  // namespace

TEST_CASE("commands reuse the session token kept in the store, and log in again once it is refused",
          "[e2e][local-store]") {
    TeamScenario team({{"bram", "confidant"}});
    team.open_case("bram");
    team.must_succeed("bram", {"case", "list"});
    const int before = audit_entries(team);
    // Three more commands of bram and one of anne: no login (audited) and, the
    // list being unchanged, no read.
    for (int i = 0; i < 3; ++i) {
        team.must_succeed("bram", {"case", "list"});
    }
    CHECK(audit_entries(team) == before);

    // The server ends every session: the next command logs in again by itself.
    team.as_operator([](OperatorDatabase& db) { db.execute("UPDATE sessions SET expires = 1;"); });
    team.must_succeed("bram", {"case", "list"});
    const int after = audit_entries(team);
    CHECK(after == before + 2);  // bram's new login, and anne's
    team.must_succeed("bram", {"case", "list"});
    CHECK(audit_entries(team) == after);
}

TEST_CASE("the profile holds nothing readable of cases, colleagues or keys", "[e2e][local-store]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const std::string note = "Geheime notitie: dreigbrief onder de deurmat gevonden.";
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", note});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    team.must_succeed("bram", {"case", "list"});
    team.must_succeed("bram", {"member", "list"});

    const std::filesystem::path profile = team.cli().profile("bram");
    CHECK_FALSE(std::filesystem::exists(profile / "trust.json"));
    REQUIRE(std::filesystem::exists(profile / "store.db"));
    const std::string carla_fingerprint = team.fingerprints().at("carla");
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(profile)) {
        // profile.json holds the pinned settings only (server, own name, root key).
        if (!entry.is_regular_file() || entry.path().filename() == "profile.json") {
            continue;
        }
        ++files;
        const std::string bytes = read_file(entry.path());
        INFO(entry.path());
        for (const std::string& secret :
             {case_id, case_id.substr(0, 16), std::string("carla"), std::string("anne"), note,
              std::string("Marieke de Vries"), carla_fingerprint.substr(0, 11)}) {
            INFO(secret);
            CHECK(bytes.find(secret) == std::string::npos);
        }
    }
    CHECK(files >= 2);  // at least the keystore and the store
}

TEST_CASE("a warm case list asks the server for no case and follows what others change",
          "[e2e][local-store]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "confidant"}});
    const std::string changed = team.open_case("bram");
    const std::string quiet = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", changed, "--with", "carla"});

    const json first = json_output(team.must_succeed("bram", {"case", "list", "--json"}));
    const std::size_t changed_reads = reads_by(team, changed, "bram");
    const std::size_t quiet_reads = reads_by(team, quiet, "bram");
    const json warm = json_output(team.must_succeed("bram", {"case", "list", "--json"}));
    CHECK(warm == first);
    CHECK(reads_by(team, changed, "bram") == changed_reads);
    CHECK(reads_by(team, quiet, "bram") == quiet_reads);

    // Another member writes: the next list reads that case (only), and shows it.
    team.must_succeed("carla", {"case", "status", changed, "--set", "in_behandeling"});
    const json after = json_output(team.must_succeed("bram", {"case", "list", "--json"}));
    CHECK(reads_by(team, changed, "bram") == changed_reads + 1);
    CHECK(reads_by(team, quiet, "bram") == quiet_reads);
    bool seen = false;
    for (const json& entry : after) {
        if (entry.value("case_id", "") == changed) {
            CHECK(entry.value("status", "") == "in_behandeling");
            seen = true;
        }
    }
    CHECK(seen);

    // Unshared: the case leaves carla's list, and her store forgets its content.
    team.must_succeed("carla", {"case", "list"});
    team.must_succeed("bram", {"case", "unshare", changed, "--user", "carla"});
    const json carla_after = json_output(team.must_succeed("carla", {"case", "list", "--json"}));
    for (const json& entry : carla_after) {
        CHECK(entry.value("case_id", "") != changed);
    }
}

TEST_CASE("a profile from before the local store is carried over whole, and trust.json removed",
          "[e2e][local-store]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    team.must_succeed(
        "bram", {"member", "verify", "carla", "--fingerprint", team.fingerprints().at("carla")});
    team.must_succeed("bram", {"case", "list"});
    const std::filesystem::path profile = team.cli().profile("bram");

    // Turn the profile back into one from before: the trust memory as trust.json,
    // a keystore without a store key, no store.
    client::TrustState before;
    {
        const client::TrustStore trust = open_trust_store(team.cli(), "bram");
        before = trust.state();
    }
    {
        crypto::KeystoreContents keys = open_member_keystore(team.cli(), "bram");
        keys.store_key = crypto::SecretBuffer{};
        const auto passphrase = crypto::SecretBuffer::copy_of(crypto::as_bytes(kPassphrase));
        const auto sealed = crypto::seal_keystore(keys, passphrase);
        REQUIRE(sealed.ok());
        REQUIRE(client::Profile(profile).replace_keystore(sealed.value()).ok());
    }
    for (const char* name : {"store.db", "store.db-wal", "store.db-shm"}) {
        std::filesystem::remove(profile / name);
    }
    {
        std::FILE* file = std::fopen((profile / "trust.json").c_str(), "wb");
        REQUIRE(file != nullptr);
        const std::string text = client::trust_state_to_json(before);
        REQUIRE(std::fwrite(text.data(), 1, text.size(), file) == text.size());
        std::fclose(file);
    }
    REQUIRE(open_member_keystore(team.cli(), "bram").store_key.empty());

    // The first command migrates; what bram verified stays verified.
    const auto listed = team.must_succeed("bram", {"member", "list"});
    CHECK_FALSE(std::filesystem::exists(profile / "trust.json"));
    CHECK(std::filesystem::exists(profile / "store.db"));
    CHECK(open_member_keystore(team.cli(), "bram").store_key.size() == crypto::kLocalStoreKeySize);
    const client::TrustStore after = open_trust_store(team.cli(), "bram");
    CHECK(after.state().cases == before.cases);
    CHECK(after.state().revocations == before.revocations);
    REQUIRE(after.state().keys.count("carla") == 1);
    CHECK(after.state().keys.at("carla").verified);
    CHECK(after.state().keys.at("carla").fingerprint == before.keys.at("carla").fingerprint);
    team.must_succeed("bram", {"case", "show", case_id});
}

}  // namespace weerbaar::e2e
