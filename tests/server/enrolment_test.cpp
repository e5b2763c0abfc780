// Enrolment that strangers cannot spoil (issue 12): several requests per name told
// apart by their keys, no answer that tells member names from others, reserved
// names and weak or taken keys refused, listing in pages, per-name and per-address
// bounds.

#include <catch2/catch.hpp>
#include <set>

#include "server_fixture.h"
#include "server_limits.h"
#include "weerbaar/crypto/fingerprint.h"
#include "weerbaar/crypto/proof_of_possession.h"

namespace weerbaar::server {
namespace {

using crypto::Bytes;
using test::as_string;
using test::Person;
using test::ServerFixture;

Person newcomer(const std::string& user) {
    return Person{user, crypto::Identity::generate(), {}, {}};
}

grpc::Status ask(ServerFixture& server, const Person& person) {
    return server.request_enrolment(person, crypto::sign_enrolment(person.identity, person.user));
}

// A request under `user` with `holder`'s keys, properly signed by them.
grpc::Status ask_as(ServerFixture& server, const std::string& user, const Person& holder) {
    return server.request_enrolment_as(user, holder, crypto::sign_enrolment(holder.identity, user));
}

grpc::Status list_page(ServerFixture& server, const Person& caller, const std::string& user,
                       std::uint32_t page_size, const std::string& token,
                       v1::ListEnrolmentsResponse& response) {
    v1::ListEnrolmentsRequest request;
    request.set_user(user);
    request.set_page_size(page_size);
    request.set_page_token(token);
    grpc::ClientContext context;
    ServerFixture::authorise(context, caller);
    return server.directory->ListEnrolments(&context, request, &response);
}

std::vector<v1::EnrolmentRequest> list_all(ServerFixture& server, const std::string& user) {
    std::vector<v1::EnrolmentRequest> all;
    std::string token;
    for (int page = 0; page < 100; ++page) {
        v1::ListEnrolmentsResponse response;
        const auto status = list_page(server, server.coordinator, user, 0, token, response);
        INFO(status.error_message());
        REQUIRE(status.ok());
        all.insert(all.end(), response.enrolments().begin(), response.enrolments().end());
        if (response.next_page_token().empty()) {
            return all;
        }
        token = response.next_page_token();
    }
    FAIL("the listing did not end");
    return all;
}

}  // namespace

TEST_CASE(
    "a stranger's request under a name waits beside the person's own, and the coordinator "
    "approves the one with the checked keys",
    "[enrolment]") {
    ServerFixture server;
    server.populate();
    Person anna = newcomer("anna");
    Person mallory = newcomer("mallory");
    REQUIRE(ask(server, anna).ok());
    // Before, this replaced anna's request; now it waits beside it.
    REQUIRE(ask_as(server, "anna", mallory).ok());
    REQUIRE(ask_as(server, "anna", newcomer("mallory2")).ok());

    const auto pending = list_all(server, "anna");
    REQUIRE(pending.size() == 3);
    std::set<std::string> fingerprints;
    for (const auto& request : pending) {
        CHECK(request.user() == "anna");
        fingerprints.insert(crypto::member_fingerprint(crypto::as_bytes(request.sign_pk()),
                                                       crypto::as_bytes(request.enc_pk())));
    }
    CHECK(fingerprints.count(crypto::member_fingerprint(
              anna.identity.signing.public_key(), anna.identity.encryption.public_key())) == 1);

    SECTION("approving anna's keys stores her, drops the others, and she logs in") {
        anna.certificate = server.issue(anna, crypto::Role::confidant, &server.coordinator);
        const auto status = server.approve(server.coordinator, anna.certificate);
        INFO(status.error_message());
        REQUIRE(status.ok());
        server.login(anna);
        CHECK(list_all(server, "anna").empty());
    }
    SECTION("a certificate for keys nobody requested under the name is NOT_FOUND") {
        Person other = newcomer("anna");
        CHECK(server
                  .approve(server.coordinator,
                           server.issue(other, crypto::Role::confidant, &server.coordinator))
                  .error_code() == grpc::StatusCode::NOT_FOUND);
        CHECK(list_all(server, "anna").size() == 3);
    }
    SECTION("anna sending her request again keeps one request for her keys") {
        REQUIRE(ask(server, anna).ok());
        CHECK(list_all(server, "anna").size() == 3);
    }
}

TEST_CASE("RequestEnrolment answers alike for member names and other names", "[enrolment]") {
    ServerFixture server;
    server.populate();
    // The peer is a member; a stranger asking under that name gets the answer any
    // new name gets, so the answer does not tell member names apart.
    const auto member_name = ask_as(server, server.peer.user, newcomer("x"));
    const auto fresh_name = ask_as(server, "nobody-here", newcomer("y"));
    CHECK(member_name.error_code() == grpc::StatusCode::OK);
    CHECK(fresh_name.error_code() == grpc::StatusCode::OK);
    CHECK(member_name.error_message() == fresh_name.error_message());

    SECTION("approving a request under an active member's name is refused") {
        const auto pending = list_all(server, server.peer.user);
        REQUIRE(pending.size() == 1);
        Person impostor = newcomer(server.peer.user);
        // Its keys differ from the pending one, but the active name is refused first.
        CHECK(server
                  .approve(server.coordinator,
                           server.issue(impostor, crypto::Role::peer, &server.coordinator))
                  .error_code() == grpc::StatusCode::ALREADY_EXISTS);
    }
}

TEST_CASE("reserved names, weak keys and a member's keys are refused when asked", "[enrolment]") {
    ServerFixture server;
    server.populate();
    SECTION("reserved names") {
        for (const std::string name : {"root", "admin", "beheerder", "weerbaar", "onbekend"}) {
            INFO(name);
            const auto status = ask(server, newcomer(name));
            CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
            CHECK_THAT(status.error_message(), Catch::Contains("gereserveerd"));
        }
    }
    SECTION("malformed names") {
        for (const std::string& name :
             std::vector<std::string>{"", "Anna", "an na", std::string(65, 'a')}) {
            CHECK(ask_as(server, name, newcomer("x")).error_code() ==
                  grpc::StatusCode::INVALID_ARGUMENT);
        }
    }
    SECTION("an all-zero encryption key, and other small-order points") {
        Person weak = newcomer("weak");
        v1::EnrolmentRequest request;
        request.set_user("weak");
        request.set_sign_pk(as_string(weak.identity.signing.public_key()));
        request.set_signature(std::string(crypto::kSignatureSize, '\x01'));
        // 0 and 1 are of small order on Curve25519 (RFC 7748, section 6.1).
        for (const unsigned char first : {0x00, 0x01}) {
            std::string enc(crypto::kEncPublicKeySize, '\0');
            enc[0] = static_cast<char>(first);
            request.set_enc_pk(enc);
            v1::EnrolmentResponse response;
            grpc::ClientContext context;
            const auto status = server.directory->RequestEnrolment(&context, request, &response);
            CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
            CHECK_THAT(status.error_message(), Catch::Contains("weak"));
        }
    }
    SECTION("an all-zero signing key") {
        v1::EnrolmentRequest request;
        request.set_user("weak");
        request.set_sign_pk(std::string(crypto::kSignPublicKeySize, '\0'));
        request.set_enc_pk(as_string(newcomer("x").identity.encryption.public_key()));
        request.set_signature(std::string(crypto::kSignatureSize, '\x01'));
        v1::EnrolmentResponse response;
        grpc::ClientContext context;
        const auto status = server.directory->RequestEnrolment(&context, request, &response);
        CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK_THAT(status.error_message(), Catch::Contains("weak"));
    }
    SECTION("a member's own keys under another name") {
        const auto status = ask_as(server, "peer-two", server.peer);
        CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK_THAT(status.error_message(), Catch::Contains("belong to a member"));
    }
    CHECK(list_all(server, "").empty());
}

TEST_CASE("pending enrolments are listed in pages", "[enrolment]") {
    ServerFixture server;
    server.populate();
    std::vector<std::string> asked;
    for (int i = 0; i < 5; ++i) {
        asked.push_back("person" + std::to_string(i));
        REQUIRE(ask(server, newcomer(asked.back())).ok());
    }
    std::vector<std::string> seen;
    std::string token;
    int pages = 0;
    do {
        v1::ListEnrolmentsResponse response;
        REQUIRE(list_page(server, server.coordinator, "", 2, token, response).ok());
        CHECK(response.enrolments_size() <= 2);
        for (const auto& request : response.enrolments()) {
            seen.push_back(request.user());
        }
        token = response.next_page_token();
        ++pages;
    } while (!token.empty() && pages < 10);
    CHECK(pages == 3);
    CHECK(seen == asked);  // arrival order, each once

    SECTION("a page token the server did not make is INVALID_ARGUMENT") {
        for (const std::string& token :
             std::vector<std::string>{"abc", "-1", "0", "12x", std::string(30, '9')}) {
            INFO(token);
            v1::ListEnrolmentsResponse response;
            CHECK(list_page(server, server.coordinator, "", 2, token, response).error_code() ==
                  grpc::StatusCode::INVALID_ARGUMENT);
        }
    }
    SECTION("only a coordinator lists them") {
        v1::ListEnrolmentsResponse response;
        CHECK(list_page(server, server.confidant, "", 0, "", response).error_code() ==
              grpc::StatusCode::PERMISSION_DENIED);
    }
}

TEST_CASE("at most kMaxPendingEnrolmentsPerName requests wait under one name, none is replaced",
          "[enrolment]") {
    ServerFixture server;
    server.populate();
    Person first = newcomer("busy");
    REQUIRE(ask(server, first).ok());
    for (std::uint64_t i = 1; i < kMaxPendingEnrolmentsPerName; ++i) {
        REQUIRE(ask_as(server, "busy", newcomer("x")).ok());
    }
    const auto refused = ask_as(server, "busy", newcomer("x"));
    CHECK(refused.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    CHECK_THAT(refused.error_message(), Catch::Contains("deze naam"));
    const auto pending = list_all(server, "busy");
    CHECK(pending.size() == kMaxPendingEnrolmentsPerName);
    // The first request, whose fingerprint a coordinator may be checking, is still there,
    // and sending it again is not refused.
    CHECK(pending.front().sign_pk() == as_string(first.identity.signing.public_key()));
    CHECK(ask(server, first).ok());
}

TEST_CASE("one address may send at most kMaxEnrolmentRequestsPerAddressPerHour requests",
          "[enrolment]") {
    ServerFixture server;
    server.populate();  // its own requests count too
    grpc::Status last;
    int accepted = 0;
    for (int i = 0; i <= kMaxEnrolmentRequestsPerAddressPerHour; ++i) {
        last = ask(server, newcomer("n" + std::to_string(i)));
        if (!last.ok()) {
            break;
        }
        ++accepted;
    }
    CHECK(last.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    CHECK_THAT(last.error_message(), Catch::Contains("adres"));
    CHECK(accepted < kMaxEnrolmentRequestsPerAddressPerHour);
    CHECK(list_all(server, "").size() == static_cast<std::size_t>(accepted));
}

}  // namespace weerbaar::server
