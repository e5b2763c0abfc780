// Sessions through the service: Logout ends one session at once and only that one;
// a member holds at most kMaxSessionsPerMember sessions.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "server_fixture.h"
#include "server_limits.h"

namespace weerbaar::server {
namespace {

using test::Person;
using test::ServerFixture;

grpc::Status logout(ServerFixture& server, const std::string& token) {
    grpc::ClientContext context;
    if (!token.empty()) {
        context.AddMetadata("authorization", "Bearer " + token);
    }
    v1::LogoutResponse response;
    return server.auth->Logout(&context, v1::LogoutRequest{}, &response);
}

// An authenticated call with `token`: whether the server still takes it.
grpc::Status list_with(ServerFixture& server, const std::string& token) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    v1::ListCasesResponse response;
    return server.cases->ListCases(&context, {}, &response);
}

}  // namespace

TEST_CASE("after Logout the token is refused at once, the member's other sessions go on",
          "[login][logout]") {
    ServerFixture server;
    server.populate();
    server.login(server.peer);
    const std::string first = server.peer.token;
    server.login(server.peer);
    const std::string second = server.peer.token;
    REQUIRE(list_with(server, first).ok());
    REQUIRE(list_with(server, second).ok());

    const auto ended = logout(server, first);
    INFO(ended.error_message());
    REQUIRE(ended.ok());
    CHECK(list_with(server, first).error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(list_with(server, second).ok());
    CHECK(list_with(server, server.confidant.token).ok());
    // Idempotent: the session is over either way.
    CHECK(logout(server, first).ok());
    CHECK(list_with(server, first).error_code() == grpc::StatusCode::UNAUTHENTICATED);
    // A made-up token ends nothing and is told nothing more.
    CHECK(logout(server, std::string(64, 'a')).ok());
    CHECK(list_with(server, second).ok());
}

TEST_CASE("Logout without a bearer token is UNAUTHENTICATED", "[login][logout]") {
    ServerFixture server;
    server.populate();
    CHECK(logout(server, "").error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(logout(server, std::string(kMaxTokenChars + 1, 'a')).error_code() ==
          grpc::StatusCode::UNAUTHENTICATED);
    CHECK(list_with(server, server.peer.token).ok());
}

TEST_CASE("a login past the member's session cap ends the member's oldest session",
          "[login][session-cap]") {
    ServerFixture server;
    server.populate();
    std::vector<std::string> tokens{server.peer.token};  // populate() logged in once
    while (tokens.size() < kMaxSessionsPerMember) {
        server.login(server.peer);
        tokens.push_back(server.peer.token);
    }
    for (const auto& token : tokens) {
        REQUIRE(list_with(server, token).ok());
    }
    server.login(server.peer);  // one past the cap
    CHECK(list_with(server, tokens.front()).error_code() == grpc::StatusCode::UNAUTHENTICATED);
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        CHECK(list_with(server, tokens[i]).ok());
    }
    CHECK(list_with(server, server.peer.token).ok());
    // Another member's sessions are not touched.
    CHECK(list_with(server, server.confidant.token).ok());
}

}  // namespace weerbaar::server
