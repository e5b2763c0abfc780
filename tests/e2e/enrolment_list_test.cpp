// The coordinator's list of pending enrolments as the core gives it to a front end:
// who asked and when, never a fingerprint to click through; a request leaves the
// list once approved; members who are not coordinators are refused the list.

#include <algorithm>
#include <catch2/catch.hpp>
#include <ctime>

#include "member_core.h"
#include "team_scenario.h"
#include "weerbaar/client/member_approval.h"

namespace weerbaar::e2e {

TEST_CASE("a pending enrolment is listed with its name and time until it is approved",
          "[e2e][enrolment]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    const auto before = static_cast<std::uint64_t>(std::time(nullptr));
    const auto requested = team.cli().run("eve", team.cli().init_args(team.server(), "eve"));
    INFO(requested.err);
    REQUIRE(requested.exit_code == 0);
    const auto after = static_cast<std::uint64_t>(std::time(nullptr));
    const std::string eve_fingerprint = last_line(requested.out);

    MemberCore anne(team.cli(), "anne");
    auto pending = client::list_enrolments(anne.session());
    REQUIRE(pending.ok());
    REQUIRE(pending.value().size() == 1);
    CHECK(pending.value()[0].user == "eve");
    CHECK(pending.value()[0].self_signed);
    CHECK(pending.value()[0].requested >= before);
    CHECK(pending.value()[0].requested <= after + 1);

    auto approved = client::approve_member(anne.session(), anne.directory(), "eve", "peer",
                                           eve_fingerprint, false);
    REQUIRE(approved.ok());
    auto after_approval = client::list_enrolments(anne.session());
    REQUIRE(after_approval.ok());
    CHECK(after_approval.value().empty());
}

TEST_CASE(
    "a stranger's enrolment under someone's name spoils nothing: the coordinator approves "
    "the request with the fingerprint read out",
    "[e2e][enrolment][attack]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    const auto own = team.cli().run("eve", team.cli().init_args(team.server(), "eve"));
    INFO(own.err);
    REQUIRE(own.exit_code == 0);
    const std::string eve_fingerprint = last_line(own.out);
    // Strangers ask under eve's name from profiles of their own (their own keys),
    // before and after her: before, the last request replaced hers.
    for (const std::string stranger : {"stranger1", "stranger2"}) {
        const auto asked = team.cli().run(stranger, team.cli().init_args(team.server(), "eve"));
        INFO(asked.err);
        REQUIRE(asked.exit_code == 0);
        CHECK(last_line(asked.out) != eve_fingerprint);
    }
    // A request under a member's name is answered as any other: nothing tells a
    // stranger that bram is a member.
    const auto under_member =
        team.cli().run("stranger3", team.cli().init_args(team.server(), "bram"));
    CHECK(under_member.exit_code == 0);

    MemberCore anne(team.cli(), "anne");
    auto pending = client::list_enrolments(anne.session());
    REQUIRE(pending.ok());
    CHECK(std::count_if(pending.value().begin(), pending.value().end(),
                        [](const client::PendingEnrolment& p) { return p.user == "eve"; }) == 3);

    const auto approved = team.cli().run(
        "anne", {"member", "approve", "eve", "--role", "peer", "--fingerprint", eve_fingerprint});
    INFO(approved.err);
    REQUIRE(approved.exit_code == 0);
    // Eve's own profile works; the strangers' profiles under her name do not.
    const auto eve_reads = team.cli().run("eve", {"member", "list"});
    INFO(eve_reads.err);
    CHECK(eve_reads.exit_code == 0);
    CHECK(team.cli().run("stranger1", {"member", "list"}).exit_code != 0);
    auto after = client::list_enrolments(anne.session());
    REQUIRE(after.ok());
    CHECK(std::none_of(after.value().begin(), after.value().end(),
                       [](const client::PendingEnrolment& p) { return p.user == "eve"; }));
}

TEST_CASE("only a coordinator may list pending enrolments", "[e2e][enrolment]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    MemberCore bram(team.cli(), "bram");
    auto pending = client::list_enrolments(bram.session());
    REQUIRE_FALSE(pending.ok());
    CHECK(pending.error().code() == ErrorCode::permission_denied);
}

}  // namespace weerbaar::e2e
