// The walking skeleton, end to end: a team is set up, a confidant opens a case
// from the example intake and writes a note, shares it with one peer, the peer
// answers, the other peer is refused, and everything survives a server restart.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "test_server.h"

namespace weerbaar::e2e {
namespace {

using nlohmann::json;

const std::string kNote = "Eerste gesprek gevoerd; wethouder slaapt slecht sinds de berichten.";
const std::string kAnswer = "Peer-gesprek op het gemeentehuis gepland voor donderdag.";

json parse_json(const ProcessResult& result) {
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    return json::parse(result.out);
}

bool lists_case(const json& cases, const std::string& case_id) {
    for (const auto& c : cases) {
        if (c.at("case_id") == case_id) return true;
    }
    return false;
}

// The decrypted texts of a case as (author, kind, text), in order.
std::vector<std::tuple<std::string, std::string, std::string>> records_of(const json& shown) {
    std::vector<std::tuple<std::string, std::string, std::string>> out;
    for (const auto& r : shown.at("records")) {
        out.emplace_back(r.at("author").get<std::string>(), r.at("kind").get<std::string>(),
                         r.at("text").get<std::string>());
    }
    return out;
}

void check_full_case(const CliRunner& cli, const std::string& user, const std::string& case_id) {
    const auto shown = parse_json(cli.run(user, {"case", "show", case_id, "--json"}));
    CHECK(shown.at("case_id") == case_id);
    const auto records = records_of(shown);
    REQUIRE(records.size() == 3);
    CHECK(std::get<0>(records[0]) == "bram");
    CHECK(std::get<1>(records[0]) == "intake");
    CHECK(shown.at("records")[0].at("intake").at("reporter").at("name") == "Marieke de Vries");
    CHECK(records[1] == std::make_tuple(std::string("bram"), std::string("note"), kNote));
    CHECK(records[2] == std::make_tuple(std::string("carla"), std::string("note"), kAnswer));
}

}  // namespace

TEST_CASE("a case travels from intake to one peer and survives a server restart", "[e2e]") {
    TempDir dir;
    TestServer server(dir.path() / "data");
    server.start();
    const CliRunner cli(dir.path() / "profiles");
    cli.build_team(server, "anne", {{"bram", "confidant"}, {"carla", "peer"}, {"daan", "peer"}});

    const auto members = parse_json(cli.run("anne", {"member", "list", "--json"}));
    CHECK(members.size() == 4);

    const auto opened = cli.run("bram", {"case", "new", "--intake", WEERBAAR_EXAMPLE_INTAKE});
    INFO(opened.err);
    REQUIRE(opened.exit_code == 0);
    const auto case_id = last_line(opened.out);
    REQUIRE(case_id.size() == 32);

    REQUIRE(cli.run("bram", {"case", "note", case_id, "--text", kNote}).exit_code == 0);
    REQUIRE(cli.run("bram", {"case", "share", case_id, "--with", "carla"}).exit_code == 0);

    // The peer reads what the confidant wrote, and answers.
    const auto seen_by_peer = records_of(parse_json(cli.run("carla", {"case", "show", case_id, "--json"})));
    REQUIRE(seen_by_peer.size() == 2);
    CHECK(std::get<2>(seen_by_peer[1]) == kNote);
    REQUIRE(cli.run("carla", {"case", "note", case_id, "--text", kAnswer}).exit_code == 0);

    // The confidant reads the answer.
    check_full_case(cli, "bram", case_id);
    CHECK(lists_case(parse_json(cli.run("carla", {"case", "list", "--json"})), case_id));

    // The other peer is refused and does not see the case.
    const auto refused = cli.run("daan", {"case", "show", case_id});
    CHECK(refused.exit_code == 3);
    CHECK(refused.out.find(kNote) == std::string::npos);
    CHECK_FALSE(lists_case(parse_json(cli.run("daan", {"case", "list", "--json"})), case_id));
    const auto refused_note = cli.run("daan", {"case", "note", case_id, "--text", "ingebroken"});
    CHECK(refused_note.exit_code == 3);

    // A clean shutdown, a restart on the same data, and everything still reads.
    REQUIRE(server.stop() == 0);
    server.start();
    check_full_case(cli, "bram", case_id);
    check_full_case(cli, "carla", case_id);
    CHECK(cli.run("daan", {"case", "show", case_id}).exit_code == 3);
    CHECK(server.stop() == 0);
}

}  // namespace weerbaar::e2e
