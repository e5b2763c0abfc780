// `weerbaar logout` with the real binaries: the session the profile's commands
// reuse ends at the server (its token is refused from then on), the local store
// forgets it, a second logout says there was nothing left, and the next command
// logs in afresh.

#include <catch2/catch.hpp>
#include <string>

#include "member_core.h"
#include "team_scenario.h"
#include "weerbaar/client/testing/session_test_access.h"

namespace weerbaar::e2e {

using client::testing::SessionTestAccess;

TEST_CASE("weerbaar logout ends the session commands reuse, at the server and locally",
          "[e2e][logout]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");  // logs in; the token is kept
    std::string token;
    {
        // The core opens the profile as the CLI does, and so reuses the kept token.
        MemberCore bram(team.cli(), "bram");
        token = SessionTestAccess::token_text(bram.session());
        REQUIRE_FALSE(token.empty());
        REQUIRE(SessionTestAccess::list_cases_with_token(bram.session(), token).ok());
    }

    const auto out = team.must_succeed("bram", {"logout"});
    CHECK(out.out.find("Afgemeld: je sessie bij de server is beëindigd / logged out: your "
                       "session at the server has ended") != std::string::npos);

    MemberCore later(team.cli(), "bram");  // finds no kept token: logs in anew
    CHECK(SessionTestAccess::token_text(later.session()) != token);
    CHECK(SessionTestAccess::list_cases_with_token(later.session(), token).error_code() ==
          grpc::StatusCode::UNAUTHENTICATED);

    // The new session is the one kept now; logging out ends it, and then nothing is left.
    CHECK(team.must_succeed("bram", {"logout"}).out.find("je sessie bij de server is beëindigd") !=
          std::string::npos);
    CHECK(team.must_succeed("bram", {"logout"}).out.find("er liep geen sessie bij de server") !=
          std::string::npos);
    // The next command simply logs in again.
    CHECK(team.must_succeed("bram", {"case", "show", case_id}).exit_code == 0);
}

}  // namespace weerbaar::e2e
