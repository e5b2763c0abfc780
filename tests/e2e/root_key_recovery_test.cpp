// The root key survives the loss of one person, end to end through the real CLI and
// server: the founder splits the root key 2-of-3 among the three coordinators, the
// founder's profile is lost, two holders release their shares to another coordinator,
// who recovers the root key and then does what only the root key can (certify a new
// coordinator). Once the lost founder is revoked, holders are told to split again. A release the
// operator altered is refused and stores nothing; the audit log holds the split, both releases and
// the recovery.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "cli_output.h"
#include "team_scenario.h"
#include "weerbaar/crypto/audit.h"

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;

crypto::Bytes file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return crypto::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct AuditLine {
    std::string event, actor, subject;
};

// Every audit entry the server stored, as the operator reads them.
std::vector<AuditLine> audit_lines(OperatorDatabase& database) {
    std::vector<AuditLine> lines;
    for (const SqlRow& row : database.query("SELECT entry FROM audit_log ORDER BY sequence;")) {
        auto entry = crypto::AuditEntry::decode(std::get<crypto::Bytes>(row.at(0)));
        REQUIRE(entry.ok());
        const auto& body = entry.value().body();
        lines.push_back(
            {std::string(crypto::audit_event_name(body.event)), body.actor, body.subject});
    }
    return lines;
}

std::size_t count_of(const std::vector<AuditLine>& lines, const std::string& event,
                     const std::string& actor, const std::string& subject = "") {
    std::size_t count = 0;
    for (const AuditLine& line : lines) {
        if (line.event == event && line.actor == actor &&
            (subject.empty() || line.subject == subject)) {
            ++count;
        }
    }
    return count;
}

}  // namespace

TEST_CASE("the root key survives the loss of the founder's laptop: split, release, recover",
          "[e2e][root_key]") {
    TeamScenario team({{"bram", "coordinator"}, {"carla", "coordinator"}, {"daan", "confidant"}});

    INFO("refusals before anything is split");
    CHECK(team.cli()
              .run("anne", {"org", "split-root", "--shares", "3", "--threshold", "1"})
              .exit_code == 2);
    CHECK(team.cli()
              .run("anne", {"org", "split-root", "--shares", "3", "--threshold", "4"})
              .exit_code == 2);
    // Three coordinators hold a share by default, so two shares is a mismatch.
    CHECK(team.cli()
              .run("anne", {"org", "split-root", "--shares", "2", "--threshold", "2"})
              .exit_code == 2);
    // Only the holder of the root key splits it.
    const auto without_root =
        team.cli().run("bram", {"org", "split-root", "--shares", "3", "--threshold", "2"});
    CHECK(without_root.exit_code == 1);
    // Shares go to coordinators only.
    CHECK(team.cli()
              .run("anne",
                   {"org", "split-root", "--shares", "2", "--threshold", "2", "--to", "anne,daan"})
              .exit_code == 3);
    // Members other than coordinators see nothing of it.
    CHECK(team.cli().run("daan", {"org", "root-shares"}).exit_code == 3);

    INFO("anne splits the root key 2-of-3 among anne, bram and carla");
    const auto split =
        team.must_succeed("anne", {"org", "split-root", "--shares", "3", "--threshold", "2"});
    for (const char* holder : {"anne", "bram", "carla"}) {
        CHECK(split.out.find(holder) != std::string::npos);
    }
    CHECK(split.out.find("daan") == std::string::npos);
    const auto shown = team.must_succeed("carla", {"org", "root-shares"});
    CHECK(shown.out.find("2 van / of 3") != std::string::npos);
    CHECK(shown.err.empty());

    INFO("anne's laptop is lost: her profile is gone");
    fs::remove_all(team.cli().profile("anne"));
    REQUIRE_FALSE(fs::exists(team.cli().profile("anne")));
    // Without the root key nobody can certify a coordinator.
    const auto eva = team.cli().run("eva", team.cli().init_args(team.server(), "eva"));
    REQUIRE(eva.exit_code == 0);
    const std::string eva_fingerprint = last_line(eva.out);
    CHECK(team.cli()
              .run("bram", {"member", "approve", "eva", "--role", "coordinator", "--fingerprint",
                            eva_fingerprint})
              .exit_code == 3);

    INFO("bram cannot recover before two shares are released to him");
    CHECK(team.cli().run("bram", {"org", "recover-root"}).exit_code == 1);
    team.must_succeed("carla", {"org", "release-share", "--to", "bram"});
    CHECK(team.cli().run("bram", {"org", "recover-root"}).exit_code == 1);
    // daan is no coordinator: no share goes to him.
    CHECK(team.cli().run("carla", {"org", "release-share", "--to", "daan"}).exit_code == 3);
    team.must_succeed("bram", {"org", "release-share", "--to", "bram"});

    INFO("the operator alters carla's release: the recovery is refused and stores nothing");
    const fs::path bram_keystore = team.cli().profile("bram") / "keystore";
    const crypto::Bytes keystore_before = file_bytes(bram_keystore);
    crypto::Bytes genuine;
    team.as_operator([&](OperatorDatabase& database) {
        genuine = database.blob("SELECT release FROM root_key_releases WHERE holder = 'carla';");
        crypto::Bytes altered = genuine;
        altered.at(altered.size() - 80) ^= 0x01;  // inside the sealed share
        REQUIRE(
            database.execute("UPDATE root_key_releases SET release = ?1 WHERE holder = 'carla';",
                             {altered}) == 1);
    });
    const auto tampered = team.cli().run("bram", {"org", "recover-root"});
    CHECK(tampered.exit_code == 4);
    CHECK(tampered.err.find("INTEGRITEITSFOUT") != std::string::npos);
    CHECK(file_bytes(bram_keystore) == keystore_before);
    team.as_operator([&](OperatorDatabase& database) {
        REQUIRE(
            database.execute("UPDATE root_key_releases SET release = ?1 WHERE holder = 'carla';",
                             {genuine}) == 1);
    });

    INFO("bram recovers the root key and certifies a new coordinator with it");
    const auto recovered = team.must_succeed("bram", {"org", "recover-root"});
    CHECK(recovered.out.find("hersteld") != std::string::npos);
    CHECK(file_bytes(bram_keystore) != keystore_before);
    CHECK(team.cli().run("bram", {"org", "recover-root"}).exit_code == 1);  // holds it already
    team.must_succeed("bram", {"member", "approve", "eva", "--role", "coordinator", "--fingerprint",
                               eva_fingerprint});
    const auto listed = team.must_succeed("eva", {"member", "show", "eva", "--json"});
    CHECK(listed.out.find("\"coordinator\"") != std::string::npos);
    // anne's lost laptop holds a share: once she is revoked, the holders are told to
    // split again, and the new root holder does, now with eva instead of anne.
    team.must_succeed("bram", {"member", "revoke", "anne"});
    const auto warned = team.must_succeed("carla", {"org", "root-shares"});
    CHECK(warned.err.find("anne") != std::string::npos);
    CHECK(warned.err.find("split-root") != std::string::npos);
    const auto again =
        team.must_succeed("bram", {"org", "split-root", "--shares", "3", "--threshold", "2"});
    CHECK(again.out.find("eva") != std::string::npos);
    CHECK(again.out.find("anne") == std::string::npos);
    CHECK(team.must_succeed("carla", {"org", "root-shares"}).err.empty());
    team.must_succeed("bram", {"audit", "verify"});

    INFO("the audit log holds the split, both releases and the recovery");
    team.as_operator([&](OperatorDatabase& database) {
        const auto lines = audit_lines(database);
        CHECK(count_of(lines, "root_key_split", "anne") == 1);
        CHECK(count_of(lines, "root_key_share_released", "carla", "bram") == 1);
        CHECK(count_of(lines, "root_key_share_released", "bram", "bram") == 1);
        // Two collections: the one refused on the altered release, and the recovery.
        CHECK(count_of(lines, "root_key_recovered", "bram") == 2);
        CHECK(count_of(lines, "root_key_split", "bram") == 1);
    });
}

}  // namespace weerbaar::e2e
