// Login through the service: what a stranger who knows a user's name can and
// cannot do to that user's login, and how much audit log failed logins can make.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "login_challenges.h"
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

TEST_CASE("challenges asked for in bulk under made-up names lock no member out", "[login]") {
    ServerFixture server;
    server.populate();
    const Bytes held = challenge_for(server, server.peer.user);
    // The attack as reported: eight challenges for each of 1,260 made-up names
    // filled a global pool of 10,000. Challenges are stateless now: nothing fills.
    Bytes ignored;
    for (int name = 0; name < 1260; ++name) {
        for (int i = 0; i < 8; ++i) {
            REQUIRE(get_challenge(server, "made-up" + std::to_string(name), ignored).ok());
        }
    }
    // And as many again in the member's own name.
    for (int i = 0; i < 200; ++i) {
        REQUIRE(get_challenge(server, server.peer.user, ignored).ok());
    }
    CHECK(login_as(server, server.peer, held).ok());
    CHECK(login_as(server, server.confidant, challenge_for(server, server.confidant.user)).ok());
}

TEST_CASE("a stranger's failed logins under a member's name do not lock the member out",
          "[login]") {
    ServerFixture server;
    server.populate();
    for (int i = 0; i < 50; ++i) {
        REQUIRE(stranger_login(server, server.peer.user).error_code() ==
                grpc::StatusCode::UNAUTHENTICATED);
    }
    // A real challenge with a wrong signature: refused, and the challenge stays good
    // for the member (a failed login does not use it up).
    const Bytes held = challenge_for(server, server.peer.user);
    CHECK(login(server, server.peer.user, held, crypto::random_bytes(crypto::kSignatureSize))
              .error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(login_as(server, server.peer, held).ok());
}

TEST_CASE("a challenge is bound to its name, expires, and is refused after a successful login",
          "[login]") {
    ServerFixture server;
    server.populate();
    // Issued for another name: the tag does not match.
    const Bytes for_confidant = challenge_for(server, server.confidant.user);
    CHECK(login_as(server, server.peer, for_confidant).error_code() ==
          grpc::StatusCode::UNAUTHENTICATED);
    // Any changed byte (nonce, expiry or tag) breaks it.
    for (const std::size_t at : {std::size_t{0}, std::size_t{12}, std::size_t{31}}) {
        Bytes changed = challenge_for(server, server.peer.user);
        changed[at] ^= 0x01U;
        CHECK(login_as(server, server.peer, changed).error_code() ==
              grpc::StatusCode::UNAUTHENTICATED);
    }
    LoginChallenges challenges;
    const auto now = LoginChallenges::Clock::now();
    const Bytes issued = challenges.issue("bram", now);
    CHECK(challenges.valid("bram", issued, now));
    CHECK_FALSE(
        challenges.valid("bram", issued, now + kChallengeLifetime + std::chrono::seconds(1)));
    CHECK(challenges.consume(issued, now));
    CHECK_FALSE(challenges.valid("bram", issued, now));
    CHECK_FALSE(challenges.consume(issued, now));
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
