// Removing a member, end to end: after `member revoke` or `case unshare` the member
// is refused at once, the case moves to a new key epoch, and the key the member
// held before opens nothing written afterwards. Also the refusals around revoking,
// the audit chain on an untouched server, the case access log, and fingerprints.

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "member_keystore.h"
#include "operator_edits.h"
#include "team_scenario.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/record.h"

namespace weerbaar::e2e {
namespace {

using nlohmann::json;

const std::string kBefore = "Gesprek met de burgemeester over beveiliging van het woonhuis.";
const std::string kAfter = "Nieuwe dreiging via sociale media; politie opnieuw ingelicht.";

json show_json(TeamScenario& team, const std::string& user, const std::string& case_id) {
    return json::parse(team.must_succeed(user, {"case", "show", case_id, "--json"}).out);
}

std::int64_t sequence_of(const json& shown, const std::string& text) {
    for (const auto& record : shown.at("records")) {
        if (record.at("text") == text) return record.at("sequence").get<std::int64_t>();
    }
    FAIL("no record with text: " << text);
    return 0;
}

void check_denied(const ProcessResult& result) {
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 3);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(result.out.find(kBefore) == std::string::npos);
    CHECK(result.out.find(kAfter) == std::string::npos);
}

// The epoch-1 key `removed` held, taken from their keystore and their wrap in the
// database, opens the epoch-1 record at `old_sequence` (so this check can fail) and
// not the record at `new_sequence`, written in epoch 2 after the removal.
void check_old_key_shut_out(TeamScenario& team, const std::string& case_id,
                            const std::string& removed, std::int64_t old_sequence,
                            std::int64_t new_sequence) {
    REQUIRE(crypto::initialise().ok());
    const auto keys = open_member_keystore(team.cli(), removed);
    team.as_operator([&](OperatorDatabase& db) {
        const auto id = case_key_column(case_id);
        const auto wrap = case_member_wrap(db, id, removed, 1);
        INFO("the server kept no epoch-1 wrap of " << removed);
        REQUIRE(wrap.has_value());
        auto old_key = crypto::KeyWrap::decode(*wrap).value().open(keys.identity.encryption);
        REQUIRE(old_key.ok());
        const auto open_with_old_key = [&](std::int64_t sequence) {
            auto record = crypto::SealedRecord::decode(record_blob(db, id, sequence));
            REQUIRE(record.ok());
            const auto author =
                crypto::Certificate::decode(member_certificate(db, record.value().header().author));
            REQUIRE(author.ok());
            return std::make_pair(
                record.value().header().epoch,
                record.value().open(old_key.value(), author.value().body().sign_pk).ok());
        };
        const auto [old_epoch, old_opens] = open_with_old_key(old_sequence);
        CHECK(old_epoch == 1);
        CHECK(old_opens);
        const auto [new_epoch, new_opens] = open_with_old_key(new_sequence);
        CHECK(new_epoch == 2);
        CHECK_FALSE(new_opens);
    });
}

// Whether some entry of an access log names both `event` and `user` among its
// values; field names are the CLI's business, the pairing is what is checked.
bool logs(const json& log, const std::string& event, const std::string& user) {
    const auto entries = log.is_object() && log.contains("entries") ? log.at("entries") : log;
    return std::any_of(entries.begin(), entries.end(), [&](const json& entry) {
        bool has_event = false;
        bool has_user = false;
        for (const auto& [key, value] : entry.items()) {
            has_event = has_event || value == event;
            has_user = has_user || (value == user && key != "subject");
        }
        return has_event && has_user;
    });
}

}  // namespace

TEST_CASE("a revoked member is refused and cannot read what is written after",
          "[e2e][revocation]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}, {"daan", "peer"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kBefore});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "daan"});
    CHECK(team.must_succeed("daan", {"case", "show", case_id}).out.find(kBefore) !=
          std::string::npos);

    team.must_succeed("anne", {"member", "revoke", "daan"});
    check_denied(team.cli().run("daan", {"case", "show", case_id}));
    check_denied(team.cli().run("daan", {"case", "note", case_id, "--text", "nog even dit"}));
    check_denied(team.cli().run("daan", {"case", "list"}));
    const auto members = json::parse(team.must_succeed("anne", {"member", "list", "--json"}).out);
    for (const auto& member : members) {
        if (member.at("user") == "daan") CHECK(member.at("active") == false);
    }

    // The case needs a new epoch; bram's client rotates before it writes.
    team.must_succeed("bram", {"case", "note", case_id, "--text", kAfter});
    const auto by_bram = show_json(team, "bram", case_id);
    CHECK(by_bram.at("epoch") == 2);
    const auto by_carla = show_json(team, "carla", case_id);
    CHECK(by_carla.at("epoch") == 2);
    CHECK(sequence_of(by_carla, kAfter) == sequence_of(by_bram, kAfter));
    check_denied(team.cli().run("daan", {"case", "show", case_id}));

    check_old_key_shut_out(team, case_id, "daan", sequence_of(by_bram, kBefore),
                           sequence_of(by_bram, kAfter));
}

TEST_CASE("revoking the confidant who created a case leaves it readable and writable by the others",
          "[e2e][revocation]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kBefore});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});

    // Every key carla holds was granted by bram, who now leaves the organisation.
    team.must_succeed("anne", {"member", "revoke", "bram"});
    check_denied(team.cli().run("bram", {"case", "show", case_id}));

    // carla still reads the history bram's key opens...
    const auto before = show_json(team, "carla", case_id);
    CHECK(before.at("epoch") == 1);
    CHECK(sequence_of(before, kBefore) == 2);
    // ...and writing moves the case to a key bram never held.
    team.must_succeed("carla", {"case", "note", case_id, "--text", kAfter});
    const auto after = show_json(team, "carla", case_id);
    CHECK(after.at("epoch") == 2);
    CHECK(sequence_of(after, kAfter) == 3);
    check_old_key_shut_out(team, case_id, "bram", sequence_of(after, kBefore),
                           sequence_of(after, kAfter));
}

TEST_CASE("an unshared member is refused and cannot read what is written after",
          "[e2e][revocation]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kBefore});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    CHECK(team.must_succeed("carla", {"case", "show", case_id}).out.find(kBefore) !=
          std::string::npos);

    team.must_succeed("bram", {"case", "unshare", case_id, "--user", "carla"});
    check_denied(team.cli().run("carla", {"case", "show", case_id}));
    team.must_succeed("bram", {"case", "note", case_id, "--text", kAfter});
    const auto shown = show_json(team, "bram", case_id);
    CHECK(shown.at("epoch") == 2);
    CHECK(std::find(shown.at("members").begin(), shown.at("members").end(), "carla") ==
          shown.at("members").end());
    check_denied(team.cli().run("carla", {"case", "show", case_id}));
    check_denied(team.cli().run("carla", {"case", "note", case_id, "--text", "nog even dit"}));

    check_old_key_shut_out(team, case_id, "carla", sequence_of(shown, kBefore),
                           sequence_of(shown, kAfter));
}

TEST_CASE("revoking is refused to peers and to the last coordinator", "[e2e][revocation]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto active = [&](const std::string& user) {
        const auto list = json::parse(team.must_succeed("anne", {"member", "list", "--json"}).out);
        for (const auto& member : list) {
            if (member.at("user") == user) return member.at("active").get<bool>();
        }
        FAIL("no member " << user);
        return false;
    };
    {
        INFO("the last coordinator revoking themselves");
        const auto result = team.cli().run("anne", {"member", "revoke", "anne"});
        INFO("stderr: " << result.err);
        CHECK(result.exit_code != 0);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
        CHECK(result.err.rfind("weerbaar: ", 0) == 0);
        CHECK(active("anne"));
        team.must_succeed("anne", {"audit", "verify"});
    }
    {
        INFO("a peer revoking a member");
        const auto result = team.cli().run("carla", {"member", "revoke", "bram"});
        INFO("stderr: " << result.err);
        CHECK(result.exit_code == 3);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
        CHECK(active("bram"));
    }
}

TEST_CASE("the audit chain verifies, the access log names who read and wrote, fingerprints match",
          "[e2e][revocation]") {
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kBefore});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    team.must_succeed("carla", {"case", "show", case_id});
    team.must_succeed("carla", {"case", "note", case_id, "--text", kAfter});

    {
        INFO("audit verify on an untouched server");
        const auto verified = team.must_succeed("anne", {"audit", "verify"});
        const auto line = last_line(verified.out);
        const std::string prefix = "audit chain verified: ";
        REQUIRE(line.rfind(prefix, 0) == 0);
        CHECK(std::stoi(line.substr(prefix.size())) > 10);
        CHECK(line.substr(line.size() - std::string(" entries").size()) == " entries");
        const auto by_peer = team.cli().run("carla", {"audit", "verify"});
        CHECK(by_peer.exit_code == 3);
    }
    {
        INFO("the access log of the case");
        const auto text = team.must_succeed("bram", {"case", "access-log", case_id});
        CHECK(text.out.find("carla") != std::string::npos);
        const auto log =
            json::parse(team.must_succeed("bram", {"case", "access-log", case_id, "--json"}).out);
        INFO(log.dump(2));
        CHECK(logs(log, "case_created", "bram"));
        CHECK(logs(log, "record_appended", "bram"));
        CHECK(logs(log, "case_shared", "bram"));
        CHECK(logs(log, "case_read", "carla"));
        CHECK(logs(log, "record_appended", "carla"));
        CHECK_FALSE(logs(log, "case_read", "anne"));
        CHECK_FALSE(logs(log, "record_appended", "anne"));
    }
    {
        INFO("member show prints the fingerprint init printed");
        const auto& fingerprint = team.fingerprints().at("carla");
        REQUIRE(fingerprint.size() == 47);
        CHECK(team.must_succeed("bram", {"member", "show", "carla"}).out.find(fingerprint) !=
              std::string::npos);
        const auto shown =
            json::parse(team.must_succeed("bram", {"member", "show", "carla", "--json"}).out);
        CHECK(shown.at("fingerprint") == fingerprint);
        team.must_succeed("bram", {"member", "verify", "carla", "--fingerprint", fingerprint});
        auto wrong = fingerprint;
        wrong[0] = wrong[0] == '1' ? '2' : '1';
        const auto refused =
            team.cli().run("bram", {"member", "verify", "carla", "--fingerprint", wrong});
        CHECK(refused.exit_code == 4);
        CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    }
}

}  // namespace weerbaar::e2e
