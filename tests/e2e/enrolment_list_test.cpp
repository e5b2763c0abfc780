// The coordinator's list of pending enrolments as the core gives it to a front end:
// who asked and when, never a fingerprint to click through; a request leaves the
// list once approved; members who are not coordinators are refused the list.

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

TEST_CASE("only a coordinator may list pending enrolments", "[e2e][enrolment]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    MemberCore bram(team.cli(), "bram");
    auto pending = client::list_enrolments(bram.session());
    REQUIRE_FALSE(pending.ok());
    CHECK(pending.error().code() == ErrorCode::permission_denied);
}

}  // namespace weerbaar::e2e
