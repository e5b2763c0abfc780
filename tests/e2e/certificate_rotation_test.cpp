// A server that makes a new TLS certificate (ADR 0010), against the real binaries:
// members' clients follow it by themselves because the audit key they pinned
// endorses it, and say so in one line; a stranger's server at the same address, or
// the same server with its audit key replaced too, is refused and nothing in the
// profile changes; `server set-address` moves a profile to the server's new address,
// where the pinned certificate still applies.

#include <catch2/catch.hpp>
#include <filesystem>

#include "team_scenario.h"
#include "weerbaar/client/server_certificate.h"

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;

constexpr int kExitUnreachable = 5;

std::string fingerprint_of_file(const fs::path& certificate) {
    const auto fingerprint = client::server_certificate_fingerprint(read_file(certificate));
    REQUIRE(fingerprint.ok());
    return fingerprint.value();
}

// What an operator does to rotate the certificate: stop, remove the TLS identity
// (and, when asked, the audit key too), start.
void remake_identity(TeamScenario& team, bool audit_key_too) {
    REQUIRE(team.server().stop() == 0);
    const fs::path data = team.server().data_dir();
    fs::remove(data / "server.key");
    fs::remove(data / "server.crt");
    if (audit_key_too) {
        fs::remove(data / "audit.key");
    }
    team.server().start();
}

}  // namespace

TEST_CASE("members follow a rotated server certificate that the audit key endorses",
          "[e2e][certificate]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    const fs::path bram = team.cli().profile("bram");
    const std::string old_certificate = read_file(bram / "server.crt");
    const std::string old_fingerprint = fingerprint_of_file(team.server().certificate());

    remake_identity(team, false);
    const std::string new_fingerprint = fingerprint_of_file(team.server().certificate());
    REQUIRE(new_fingerprint != old_fingerprint);

    // bram's next command follows: one line, and the work is done.
    const auto shown = team.cli().run("bram", {"case", "show", case_id});
    INFO(shown.err);
    REQUIRE(shown.exit_code == 0);
    CHECK(shown.err.find("de server heeft een nieuw certificaat") != std::string::npos);
    CHECK(shown.err.find(new_fingerprint) != std::string::npos);
    CHECK(fingerprint_of_file(bram / "server.crt") == new_fingerprint);
    CHECK(read_file(bram / "server.crt.previous") == old_certificate);
    // The endorsement's time is kept: no older endorsement is followed from now on.
    CHECK(read_file(bram / "profile.json").find("\"certificate_endorsed_at\"") !=
          std::string::npos);

    // Once followed, the pin holds: no line any more.
    const auto again = team.cli().run("bram", {"case", "list"});
    REQUIRE(again.exit_code == 0);
    CHECK(again.err.find("nieuw certificaat") == std::string::npos);

    // anne's client, whose last login it still reuses, follows on its first call.
    const auto members = team.cli().run("anne", {"member", "list"});
    INFO(members.err);
    REQUIRE(members.exit_code == 0);
    CHECK(members.err.find(new_fingerprint) != std::string::npos);
    CHECK(fingerprint_of_file(team.cli().profile("anne") / "server.crt") == new_fingerprint);
}

TEST_CASE("a certificate the pinned audit key does not endorse is refused and changes nothing",
          "[e2e][certificate]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    const fs::path bram = team.cli().profile("bram");
    const std::string pinned = read_file(bram / "server.crt");
    const fs::path data = team.server().data_dir();
    const fs::path kept = data.parent_path() / "data.kept";

    const auto refused = [&](const char* what) {
        INFO(what);
        const auto shown = team.cli().run("bram", {"case", "show", case_id});
        INFO(shown.err);
        CHECK(shown.exit_code == kExitUnreachable);
        CHECK(shown.err.find("vreemde server") != std::string::npos);
        CHECK(shown.err.find("stranger's server") != std::string::npos);
        CHECK(read_file(bram / "server.crt") == pinned);
        CHECK_FALSE(fs::exists(bram / "server.crt.previous"));
    };

    SECTION("a stranger's server at the same address") {
        REQUIRE(team.server().stop() == 0);
        fs::rename(data, kept);
        team.server().start();  // a new server of its own: its own keys, no organisation
        refused("a stranger's server");
        REQUIRE(team.server().stop() == 0);
        fs::remove_all(data);
        fs::rename(kept, data);
        team.server().start();
    }
    SECTION("the same server with its audit key replaced too") {
        fs::copy(data, kept, fs::copy_options::recursive);
        remake_identity(team, true);
        refused("a new audit key");
        REQUIRE(team.server().stop() == 0);
        fs::remove_all(data);
        fs::rename(kept, data);
        team.server().start();
    }
    // Back on the real server with its own certificate: the pin still works.
    const auto shown = team.cli().run("bram", {"case", "show", case_id});
    INFO(shown.err);
    CHECK(shown.exit_code == 0);
}

TEST_CASE("server set-address moves a profile to a new address, a bad one changes nothing",
          "[e2e][certificate]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    const fs::path settings = team.cli().profile("bram") / "profile.json";
    const std::string before = read_file(settings);

    for (const std::string bad :
         {"geen-poort", "host:0", "host:65536", ":8443", "a b:1", "unix:/tmp/x:1", "host:12a"}) {
        INFO(bad);
        const auto result = team.cli().run("bram", {"server", "set-address", bad});
        CHECK(result.exit_code == 2);
        CHECK(result.err.find("serveradres ongeldig") != std::string::npos);
        CHECK(read_file(settings) == before);
    }

    // The same server (same data, same certificate) now answers at another port.
    REQUIRE(team.server().stop() == 0);
    TestServer moved(team.server().data_dir());
    moved.start();
    REQUIRE(moved.address() != team.server().address());
    CHECK(team.cli().run("bram", {"case", "list"}).exit_code == kExitUnreachable);

    const auto set = team.cli().run("bram", {"server", "set-address", moved.address()});
    INFO(set.err);
    REQUIRE(set.exit_code == 0);
    CHECK(set.out.find(moved.address()) != std::string::npos);
    const auto shown = team.cli().run("bram", {"case", "show", case_id});
    INFO(shown.err);
    CHECK(shown.exit_code == 0);
    CHECK(shown.err.find("nieuw certificaat") == std::string::npos);
    REQUIRE(moved.stop() == 0);
    team.server().start();  // for the scenario's own teardown
}

}  // namespace weerbaar::e2e
