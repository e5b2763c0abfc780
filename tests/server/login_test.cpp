// Login through the service: what a stranger who knows a user's name can and
// cannot do to that user's login, and how much audit log failed logins can make.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "server_fixture.h"
#include "server_limits.h"

namespace weerbaar::server {
namespace {

using crypto::Bytes;
using test::as_string;
using test::Person;
using test::ServerFixture;

grpc::Status get_challenge(ServerFixture& server, const std::string& user, Bytes& challenge) {
    v1::GetChallengeRequest request;
    request.set_user(user);
    v1::GetChallengeResponse response;
    grpc::ClientContext context;
    const auto status = server.auth->GetChallenge(&context, request, &response);
    challenge.assign(response.challenge().begin(), response.challenge().end());
    return status;
}

Bytes challenge_for(ServerFixture& server, const std::string& user) {
    Bytes challenge;
    const auto status = get_challenge(server, user, challenge);
    INFO(status.error_message());
    REQUIRE(status.ok());
    return challenge;
}

grpc::Status login(ServerFixture& server, const std::string& user, const Bytes& challenge,
                   const Bytes& signature) {
    v1::LoginRequest request;
    request.set_user(user);
    request.set_challenge(as_string(challenge));
    request.set_signature(as_string(signature));
    v1::LoginResponse response;
    grpc::ClientContext context;
    return server.auth->Login(&context, request, &response);
}

grpc::Status login_as(ServerFixture& server, const Person& person, const Bytes& challenge) {
    return login(server, person.user, challenge,
                 crypto::sign_login(person.identity.signing, person.user, challenge));
}

// A login by someone who holds no key and no challenge: it can only fail.
grpc::Status stranger_login(ServerFixture& server, const std::string& user) {
    return login(server, user, crypto::random_bytes(crypto::kChallengeSize),
                 crypto::random_bytes(crypto::kSignatureSize));
}

}  // namespace

TEST_CASE("a challenge someone else asks for does not invalidate the one the user holds",
          "[login]") {
    ServerFixture server;
    server.populate();
    const Bytes held = challenge_for(server, server.peer.user);

    // A stranger asks for challenges in the peer's name and tries one guess.
    const Bytes strangers = challenge_for(server, server.peer.user);
    CHECK(strangers != held);
    CHECK(stranger_login(server, server.peer.user).error_code() ==
          grpc::StatusCode::UNAUTHENTICATED);

    const auto status = login_as(server, server.peer, held);
    INFO(status.error_message());
    CHECK(status.ok());
    // Still single use.
    CHECK(login_as(server, server.peer, held).error_code() == grpc::StatusCode::UNAUTHENTICATED);
}

TEST_CASE("a user holds a bounded number of challenges and the oldest goes first", "[login]") {
    ServerFixture server;
    server.populate();
    const Bytes oldest = challenge_for(server, server.peer.user);
    Bytes newest;
    for (std::size_t i = 0; i < kMaxChallengesPerUser; ++i) {
        newest = challenge_for(server, server.peer.user);
    }
    CHECK(login_as(server, server.peer, oldest).error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(login_as(server, server.peer, newest).ok());
}

TEST_CASE("challenges are rate-limited per user name", "[login]") {
    ServerFixture server;
    server.populate();
    // Any well-formed name is answered, member or not, and limited alike.
    Bytes challenge;
    for (int i = 0; i < kMaxChallengesPerUserPerMinute; ++i) {
        REQUIRE(get_challenge(server, "bram", challenge).ok());
    }
    CHECK(get_challenge(server, "bram", challenge).error_code() ==
          grpc::StatusCode::RESOURCE_EXHAUSTED);
    // Another name is not affected.
    CHECK(get_challenge(server, server.confidant.user, challenge).ok());
    CHECK(login_as(server, server.confidant, challenge).ok());
}

TEST_CASE("failed logins under ever-new names leave at most the global cap of audit entries",
          "[login]") {
    ServerFixture server;
    server.populate();
    const std::size_t before = server.audited(crypto::AuditEvent::login_failed);
    for (int i = 0; i < kMaxAuditedFailedLoginsPerMinute + 15; ++i) {
        // Past the cap the answer stays the same; only the audit entry is left out.
        REQUIRE(stranger_login(server, "ghost" + std::to_string(i)).error_code() ==
                grpc::StatusCode::UNAUTHENTICATED);
    }
    CHECK(server.audited(crypto::AuditEvent::login_failed) - before ==
          static_cast<std::size_t>(kMaxAuditedFailedLoginsPerMinute));
    // Real logins still work, and are still audited.
    server.login(server.peer);
}

TEST_CASE("a login under a malformed name is UNAUTHENTICATED and leaves no audit entry",
          "[login]") {
    ServerFixture server;
    server.populate();
    const std::size_t before = server.audited(crypto::AuditEvent::login_failed);
    const std::vector<std::string> malformed{"", "Bram", "bram\nelse", std::string(65, 'a'),
                                             "-bram"};
    for (const auto& name : malformed) {
        INFO(name);
        CHECK(stranger_login(server, name).error_code() == grpc::StatusCode::UNAUTHENTICATED);
    }
    CHECK(server.audited(crypto::AuditEvent::login_failed) == before);
}

}  // namespace weerbaar::server
