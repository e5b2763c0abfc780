// Login through the service: what a stranger who knows a user's name can and
// cannot do to that user's login, and how much audit log failed logins can make.

#include <catch2/catch.hpp>
#include <optional>
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

// The newest audit entry of `event`, as the coordinator reads the log.
crypto::AuditEntryBody last_entry(ServerFixture& server, crypto::AuditEvent event) {
    std::optional<crypto::AuditEntryBody> last;
    std::uint64_t after = 0;
    for (;;) {
        v1::GetAuditLogResponse page;
        REQUIRE(server.audit_log(server.coordinator, after, page).ok());
        for (const auto& one : page.entries()) {
            auto entry = crypto::AuditEntry::decode(Bytes(one.begin(), one.end()));
            REQUIRE(entry.ok());
            after = entry.value().body().sequence;
            if (entry.value().body().event == event) {
                last = entry.value().body();
            }
        }
        if (!page.more()) {
            break;
        }
    }
    REQUIRE(last.has_value());
    return *last;
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
    // Past kAddressFailuresBeforeBackoff the stranger's own address is in back-off
    // (RESOURCE_EXHAUSTED); neither answer says anything about the member.
    for (int i = 0; i < 50; ++i) {
        const auto code = stranger_login(server, server.peer.user).error_code();
        REQUIRE((code == grpc::StatusCode::UNAUTHENTICATED ||
                 code == grpc::StatusCode::RESOURCE_EXHAUSTED));
    }
    // A real challenge with a wrong signature: refused, and the challenge stays good
    // for the member (a failed login does not use it up).
    const Bytes held = challenge_for(server, server.peer.user);
    CHECK(login(server, server.peer.user, held, crypto::random_bytes(crypto::kSignatureSize))
              .error_code() != grpc::StatusCode::OK);
    CHECK(login_as(server, server.peer, held).ok());
}

TEST_CASE("an address in back-off is refused, but a good signature from it still logs in",
          "[login][backoff]") {
    ServerFixture server;
    server.populate();
    // Everything here comes from 127.0.0.1: the stranger and the members share an
    // address, as behind one NAT.
    for (int i = 0; i < kAddressFailuresBeforeBackoff; ++i) {
        REQUIRE(stranger_login(server, server.peer.user).error_code() ==
                grpc::StatusCode::UNAUTHENTICATED);
    }
    const auto refused = stranger_login(server, server.peer.user);
    CHECK(refused.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    CHECK(refused.error_message().starts_with(
        "te veel mislukte aanmeldingen vanaf dit adres; probeer het over "));
    CHECK(refused.error_message().find(" / too many failed logins from this address; try again "
                                       "in ") != std::string::npos);
    // A real challenge with a bad signature fails as before, now as refused.
    const Bytes held = challenge_for(server, server.peer.user);
    CHECK(login(server, server.peer.user, held, crypto::random_bytes(crypto::kSignatureSize))
              .error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    // The members' own logins from the same address go through.
    const auto own = login_as(server, server.peer, held);
    INFO(own.error_message());
    CHECK(own.ok());
    CHECK(login_as(server, server.confidant, challenge_for(server, server.confidant.user)).ok());
    // GetChallenge is never limited.
    Bytes ignored;
    CHECK(get_challenge(server, "made-up", ignored).ok());
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

TEST_CASE("failed logins write nothing, then one login_failed entry sums up the interval",
          "[login][audit]") {
    ServerFixture server;
    server.populate();
    const std::size_t before = server.audited(crypto::AuditEvent::login_failed);
    const std::uint64_t commits = server.instance().writer().commits();
    for (int i = 0; i < 75; ++i) {
        const auto code = stranger_login(server, "ghost" + std::to_string(i)).error_code();
        REQUIRE((code == grpc::StatusCode::UNAUTHENTICATED ||
                 code == grpc::StatusCode::RESOURCE_EXHAUSTED));
    }
    for (int i = 0; i < 5; ++i) {
        (void)stranger_login(server, server.peer.user);
    }
    for (const std::string& malformed :
         std::vector<std::string>{"", "Bram", "bram\nelse", std::string(65, 'a'), "-bram"}) {
        INFO(malformed);
        const auto code = stranger_login(server, malformed).error_code();
        CHECK((code == grpc::StatusCode::UNAUTHENTICATED ||
               code == grpc::StatusCode::RESOURCE_EXHAUSTED));
    }
    // The failed-login path wrote nothing at all.
    CHECK(server.instance().writer().commits() == commits);
    CHECK(server.audited(crypto::AuditEvent::login_failed) == before);

    REQUIRE(server.instance().audit_failed_logins().ok());
    CHECK(server.audited(crypto::AuditEvent::login_failed) == before + 1);
    const auto entry = last_entry(server, crypto::AuditEvent::login_failed);
    CHECK(entry.actor.empty());
    INFO(entry.detail);
    CHECK(entry.detail.starts_with("85 failed logins under 76 names, 5 under malformed names in "));
    CHECK(entry.detail.find(" s; most: peer 5, ghost0 1, ghost1 1, ghost10 1, ghost11 1") !=
          std::string::npos);
    // Nothing new, nothing written.
    REQUIRE(server.instance().audit_failed_logins().ok());
    CHECK(server.audited(crypto::AuditEvent::login_failed) == before + 1);
    // Real logins still work, and are still audited one by one.
    const std::size_t logins = server.audited(crypto::AuditEvent::login);
    server.login(server.peer);
    CHECK(server.audited(crypto::AuditEvent::login) == logins + 1);
}

}  // namespace weerbaar::server
