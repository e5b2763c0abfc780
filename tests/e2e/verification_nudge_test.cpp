// Verification is nudged where it matters, end to end: sharing or handing a case to a
// member whose key you never compared by phone warns with their fingerprint (and a
// name one character from another member's warns harder), `member list` says whose
// key you verified, and `init` goes on only once the organisation key is confirmed.

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

using nlohmann::json;

const std::string kNeverChecked = "nooit gecontroleerd";
const std::string kNearMiss = "LET OP / WARNING";

const json& entry_of(const json& members, const std::string& user) {
    for (const json& member : members) {
        if (member.at("user") == user) return member;
    }
    FAIL("no member " << user);
    return members;
}

}  // namespace

TEST_CASE("sharing with a member whose key you never verified warns with the fingerprint",
          "[e2e][nudge]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const std::string fingerprint = team.fingerprints().at("carla");
    const std::string first = team.open_case("bram");
    const auto shared = team.must_succeed("bram", {"case", "share", first, "--with", "carla"});
    CHECK(shared.err.find(kNeverChecked) != std::string::npos);
    CHECK(shared.err.find(fingerprint) != std::string::npos);
    CHECK(shared.err.find("member verify carla") != std::string::npos);
    CHECK(shared.err.find(kNearMiss) == std::string::npos);
    team.must_succeed("carla", {"case", "show", first});

    team.must_succeed("bram", {"member", "verify", "carla", "--fingerprint", fingerprint});
    const std::string second = team.open_case("bram");
    const auto quiet = team.must_succeed("bram", {"case", "share", second, "--with", "carla"});
    CHECK(quiet.err.find(kNeverChecked) == std::string::npos);
}

TEST_CASE("sharing with a name one character from another member's warns harder", "[e2e][nudge]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}, {"karla", "peer"}});
    team.must_succeed(
        "bram", {"member", "verify", "karla", "--fingerprint", team.fingerprints().at("karla")});
    const std::string case_id = team.open_case("bram");
    const auto shared = team.must_succeed("bram", {"case", "share", case_id, "--with", "karla"});
    CHECK(shared.err.find(kNearMiss) != std::string::npos);
    CHECK(shared.err.find("carla") != std::string::npos);
    // Verified, so only the near miss is reported.
    CHECK(shared.err.find(kNeverChecked) == std::string::npos);
}

TEST_CASE("handing a case over to an unverified confidant warns and still hands over",
          "[e2e][nudge]") {
    TeamScenario team({{"bram", "confidant"}, {"dina", "confidant"}});
    const std::string case_id = team.open_case("bram");
    const auto handed = team.must_succeed("bram", {"case", "handover", case_id, "--to", "dina"});
    CHECK(handed.err.find(kNeverChecked) != std::string::npos);
    CHECK(handed.err.find(team.fingerprints().at("dina")) != std::string::npos);
    team.must_succeed("dina", {"case", "show", case_id});
}

TEST_CASE("member list says whose key you verified", "[e2e][nudge]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto before = json::parse(team.must_succeed("bram", {"member", "list", "--json"}).out);
    CHECK(entry_of(before, "carla").at("verified") == false);
    CHECK(entry_of(before, "carla").at("chain_verified") == true);
    CHECK(entry_of(before, "bram").at("verified") == true);  // your own key
    const auto text = team.must_succeed("bram", {"member", "list"}).out;
    CHECK(text.find("niet door jou geverifieerd / not verified by you") != std::string::npos);

    team.must_succeed(
        "bram", {"member", "verify", "carla", "--fingerprint", team.fingerprints().at("carla")});
    const auto after = json::parse(team.must_succeed("bram", {"member", "list", "--json"}).out);
    CHECK(entry_of(after, "carla").at("verified") == true);
    const std::string listed = team.must_succeed("bram", {"member", "list"}).out;
    const auto carla_line = listed.substr(listed.find("carla"));
    CHECK(carla_line.substr(0, carla_line.find('\n'))
              .find("geverifieerd door jou / verified by you") != std::string::npos);
    CHECK(carla_line.substr(0, carla_line.find('\n')).find("niet door jou") == std::string::npos);
    // Anne approved both: approving counts as verifying.
    const auto anne = json::parse(team.must_succeed("anne", {"member", "list", "--json"}).out);
    CHECK(entry_of(anne, "carla").at("verified") == true);
}

TEST_CASE("init goes on only once the organisation key is confirmed", "[e2e][nudge]") {
    TeamScenario team({{"bram", "confidant"}});
    const auto& server = team.server();
    const std::vector<std::string> bare{
        "init",   "--server", server.address(), "--server-cert", server.certificate().string(),
        "--user", "eva"};
    // Not on a terminal and no --org-fingerprint: nobody compared anything.
    const auto unconfirmed = team.cli().run("eva", bare);
    CHECK(unconfirmed.exit_code == 2);
    CHECK(unconfirmed.err.find("--org-fingerprint") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(team.cli().profile("eva") / "keystore"));

    auto wrong = bare;
    std::string fingerprint = team.cli().org_fingerprint();
    fingerprint[0] = fingerprint[0] == '1' ? '2' : '1';
    wrong.insert(wrong.end(), {"--org-fingerprint", fingerprint});
    CHECK(team.cli().run("eva", wrong).exit_code == 4);
    CHECK_FALSE(std::filesystem::exists(team.cli().profile("eva") / "keystore"));

    team.must_succeed("eva", team.cli().init_args(team.server(), "eva"));
    CHECK(std::filesystem::exists(team.cli().profile("eva") / "keystore"));
}

}  // namespace weerbaar::e2e
