// A way back after a lost or seen passphrase, end to end: `passphrase change`
// reseals the keystore so that the old passphrase opens nothing; a revoked member
// enrols again under the same name with new keys, and nobody's trust in the old key
// carries over; a profile whose trust memory vanished stops instead of starting afresh.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

using nlohmann::json;

const std::string kNewPassphrase = "een heel ander wachtwoord";

void check_one_line(const ProcessResult& result, int exit_code, const std::string& reason) {
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == exit_code);
    CHECK(result.err.find(reason) != std::string::npos);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
}

json member_json(TeamScenario& team, const std::string& who, const std::string& about) {
    return json::parse(team.must_succeed(who, {"member", "show", about, "--json"}).out);
}

std::string init_again(TeamScenario& team, const std::string& user) {
    std::filesystem::remove_all(team.cli().profile(user));
    const auto enrolled = team.cli().run(user, team.cli().init_args(team.server(), user));
    INFO(enrolled.err);
    REQUIRE(enrolled.exit_code == 0);
    return last_line(enrolled.out);
}

}  // namespace

TEST_CASE("passphrase change: the new passphrase opens the keys and the old one no longer does",
          "[e2e][way-back]") {
    TeamScenario team({{"bram", "confidant"}});
    const auto keystore = team.cli().profile("bram") / "keystore";
    const std::string before = read_file(keystore);

    const auto changed = team.cli().run_with_env("bram", {"passphrase", "change"},
                                                 {"WEERBAAR_NEW_PASSPHRASE=" + kNewPassphrase});
    INFO(changed.err);
    REQUIRE(changed.exit_code == 0);
    CHECK(changed.out.find("Wachtwoord gewijzigd") != std::string::npos);
    // Resealed with a fresh salt: bytes 2..17 of the keystore hold it (docs/crypto.md).
    const std::string after = read_file(keystore);
    CHECK(after != before);
    CHECK(after.substr(2, 16) != before.substr(2, 16));

    check_one_line(team.cli().run("bram", {"member", "list"}), 3, "wrong passphrase");
    const auto listed = team.cli().run("bram", {"member", "list"}, kNewPassphrase);
    INFO(listed.err);
    CHECK(listed.exit_code == 0);

    SECTION("a wrong current passphrase changes nothing") {
        check_one_line(
            team.cli().run_with_env("bram", {"passphrase", "change"},
                                    {"WEERBAAR_NEW_PASSPHRASE=nog een ander wachtwoord"}),
            3, "wrong passphrase");
        CHECK(read_file(keystore) == after);
    }
    SECTION("a new passphrase that is too short or the same is refused, nothing changes") {
        check_one_line(team.cli().run_with_env("bram", {"passphrase", "change"},
                                               {"WEERBAAR_NEW_PASSPHRASE=kort"}, kNewPassphrase),
                       2, "too short");
        check_one_line(
            team.cli().run_with_env("bram", {"passphrase", "change"},
                                    {"WEERBAAR_NEW_PASSPHRASE=" + kNewPassphrase}, kNewPassphrase),
            2, "gelijk aan het huidige");
        CHECK(read_file(keystore) == after);
    }
}

TEST_CASE("a revoked member enrols again under the same name, nobody's old trust carries over",
          "[e2e][way-back]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "confidant"}, {"dirk", "peer"}});
    const std::string old_fingerprint = team.fingerprints().at("carla");
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "dirk"});
    team.must_succeed("carla",
                      {"case", "note", case_id, "--text", "Geschreven met de oude sleutel."});
    team.must_succeed("dirk", {"member", "verify", "carla", "--fingerprint", old_fingerprint});
    CHECK(member_json(team, "dirk", "carla").at("verified") == true);

    // An active member's name is not free: a request under it is answered as any
    // other (the answer must not tell a stranger who is a member), but it can
    // never be approved.
    const auto taken = team.cli().run("carla-again", team.cli().init_args(team.server(), "carla"));
    INFO(taken.err);
    REQUIRE(taken.exit_code == 0);
    const auto not_approved =
        team.cli().run("anne", {"member", "approve", "carla", "--role", "confidant",
                                "--fingerprint", last_line(taken.out), "--confirm-new-key"});
    CHECK(not_approved.exit_code != 0);

    team.must_succeed("anne", {"member", "revoke", "carla"});
    const std::string new_fingerprint = init_again(team, "carla");
    CHECK(new_fingerprint != old_fingerprint);
    const std::vector<std::string> approve{"member",    "approve",       "carla",        "--role",
                                           "confidant", "--fingerprint", new_fingerprint};

    // Anne approved the old key herself: the new one needs her explicit yes.
    check_one_line(team.cli().run("anne", approve), 2, "--confirm-new-key");
    auto confirmed = approve;
    confirmed.push_back("--confirm-new-key");
    // The case still holds a key for the revoked certificate: rotate it first.
    check_one_line(team.cli().run("anne", confirmed), 1, "new key first");
    team.must_succeed("bram", {"case", "note", case_id, "--text", "Na de intrekking."});
    const auto approved = team.must_succeed("anne", confirmed);
    CHECK(approved.err.find(old_fingerprint) != std::string::npos);

    // What the old key signed still verifies, for everyone.
    for (const std::string reader : {"bram", "dirk"}) {
        const auto shown = team.must_succeed(reader, {"case", "show", case_id});
        CHECK(shown.out.find("Geschreven met de oude sleutel.") != std::string::npos);
    }

    // Dirk verified the old key: the new one shows as changed and not verified.
    const json seen_by_dirk = member_json(team, "dirk", "carla");
    CHECK(seen_by_dirk.at("verified") == false);
    CHECK(seen_by_dirk.at("key_changed") == true);
    CHECK(seen_by_dirk.at("fingerprint") == new_fingerprint);
    CHECK(seen_by_dirk.at("status") == "active");

    // Bram knew the old key too: sharing stops until he checks the new one.
    const auto refused = team.cli().run("bram", {"case", "share", case_id, "--with", "carla"});
    CHECK(refused.exit_code == 4);
    CHECK(refused.err.find("member verify carla") != std::string::npos);
    team.must_succeed("bram", {"member", "verify", "carla", "--fingerprint", new_fingerprint});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});

    // The new carla reads the whole case, history included, and writes to it.
    const auto read = team.must_succeed("carla", {"case", "show", case_id});
    CHECK(read.out.find("Geschreven met de oude sleutel.") != std::string::npos);
    CHECK(read.out.find("Na de intrekking.") != std::string::npos);
    team.must_succeed("carla", {"case", "note", case_id, "--text", "Weer aan boord."});
    const auto after = team.must_succeed("dirk", {"case", "show", case_id});
    CHECK(after.out.find("Weer aan boord.") != std::string::npos);

    // The old certificate's revocation is still listed, and the new one is not revoked.
    CHECK(member_json(team, "anne", "carla").at("revoked") == false);
}

TEST_CASE("a revoked coordinator's name is not certified again", "[e2e][way-back]") {
    // Every certificate and revocation a coordinator signed names their key under
    // that name; a new key under it would make all of them fail to verify.
    TeamScenario team({{"erik", "coordinator"}});
    team.must_succeed("anne", {"member", "revoke", "erik"});
    const std::string fingerprint = init_again(team, "erik");
    const auto refused =
        team.cli().run("anne", {"member", "approve", "erik", "--role", "coordinator",
                                "--fingerprint", fingerprint, "--confirm-new-key"});
    check_one_line(refused, 1, "enrol under a new name");
    const auto listed = team.must_succeed("anne", {"member", "list"});
    CHECK(listed.out.find("erik") != std::string::npos);
}

TEST_CASE("a vanished trust memory stops every command instead of starting afresh",
          "[e2e][way-back]") {
    TeamScenario team({{"bram", "confidant"}});
    team.must_succeed("bram", {"member", "list"});
    const auto trust = team.cli().profile("bram") / "store.db";
    REQUIRE(std::filesystem::exists(trust));
    const std::string kept = read_file(trust);
    std::filesystem::remove(trust);
    check_one_line(team.cli().run("bram", {"member", "list"}), 1, "vertrouwensgeheugen");
    check_one_line(team.cli().run("bram", {"case", "list"}), 1, "restore it from a backup");
    CHECK_FALSE(std::filesystem::exists(trust));
    // Restored from a backup, the profile works again.
    {
        std::FILE* file = std::fopen(trust.c_str(), "wb");
        REQUIRE(file != nullptr);
        REQUIRE(std::fwrite(kept.data(), 1, kept.size(), file) == kept.size());
        std::fclose(file);
    }
    team.must_succeed("bram", {"member", "list"});
}

}  // namespace weerbaar::e2e
