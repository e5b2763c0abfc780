// Member revocation and case key epochs: what a removed member can no longer do,
// and what the server refuses until the remaining members hold a new key.

#include <catch2/catch.hpp>

#include "server_fixture.h"

namespace weerbaar::server {
namespace {

using crypto::Bytes;
using test::as_string;
using test::Person;
using test::ServerFixture;

v1::CaseSummary summary_of(ServerFixture& server, const Person& caller, const Bytes& id) {
    v1::GetCaseResponse response;
    const auto status = server.get_case(caller, id, response);
    INFO(status.error_message());
    REQUIRE(status.ok());
    return response.summary();
}

}  // namespace

TEST_CASE("a revoked member's existing token is refused at once", "[services][revocation]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    v1::ListCasesResponse before;
    REQUIRE(server.list_cases(server.peer, before).ok());

    v1::RevokeMemberResponse revoked;
    const auto status =
        server.revoke(server.coordinator,
                      ServerFixture::revocation(server.peer, server.coordinator,
                                                server.coordinator.identity.signing),
                      &revoked);
    INFO(status.error_message());
    REQUIRE(status.ok());
    CHECK(revoked.cases_to_rotate() == 1);

    v1::ListCasesResponse after;
    const auto refused = server.list_cases(server.peer, after).error_code();
    CHECK((refused == grpc::StatusCode::UNAUTHENTICATED ||
           refused == grpc::StatusCode::PERMISSION_DENIED));

    // Logging in again does not help either.
    v1::GetChallengeRequest challenge_request;
    challenge_request.set_user(server.peer.user);
    v1::GetChallengeResponse challenge;
    grpc::ClientContext challenge_context;
    REQUIRE(server.auth->GetChallenge(&challenge_context, challenge_request, &challenge).ok());
    v1::LoginRequest login;
    login.set_user(server.peer.user);
    login.set_challenge(challenge.challenge());
    login.set_signature(as_string(
        crypto::sign_login(server.peer.identity.signing, server.peer.user,
                           Bytes(challenge.challenge().begin(), challenge.challenge().end()))));
    v1::LoginResponse login_response;
    grpc::ClientContext login_context;
    CHECK(server.auth->Login(&login_context, login, &login_response).error_code() ==
          grpc::StatusCode::UNAUTHENTICATED);

    // The revocation is visible to every member, on the member and in the list.
    v1::GetMemberRequest member_request;
    member_request.set_user(server.peer.user);
    v1::Member member;
    grpc::ClientContext member_context;
    ServerFixture::authorise(member_context, server.confidant);
    REQUIRE(server.directory->GetMember(&member_context, member_request, &member).ok());
    CHECK_FALSE(member.active());
    CHECK_FALSE(member.revocation().empty());
    v1::ListRevocationsResponse revocations;
    grpc::ClientContext revocations_context;
    ServerFixture::authorise(revocations_context, server.confidant);
    REQUIRE(server.directory->ListRevocations(&revocations_context, {}, &revocations).ok());
    REQUIRE(revocations.revocations_size() == 1);
    CHECK(revocations.revocations(0) == member.revocation());
    auto decoded =
        crypto::Revocation::decode(Bytes(member.revocation().begin(), member.revocation().end()));
    REQUIRE(decoded.ok());
    CHECK(decoded.value().body().user == server.peer.user);

    // Revoking twice is refused.
    CHECK(server
              .revoke(server.coordinator,
                      ServerFixture::revocation(server.peer, server.coordinator,
                                                server.coordinator.identity.signing))
              .error_code() == grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_CASE("revocations that must not pass are refused", "[services][revocation]") {
    ServerFixture server;
    server.populate();

    SECTION("the last coordinator cannot revoke themselves") {
        const auto status = server.revoke(
            server.coordinator, ServerFixture::revocation(server.coordinator, server.coordinator,
                                                          server.coordinator.identity.signing));
        CHECK(status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
        CHECK_THAT(status.error_message(), Catch::Contains("no active coordinator"));
        v1::ListCasesResponse still;
        CHECK(server.list_cases(server.coordinator, still).ok());
    }
    SECTION("a coordinator who is not the last may revoke themselves") {
        Person second{"second", crypto::Identity::generate(), {}, {}};
        REQUIRE(
            server.request_enrolment(second, crypto::sign_enrolment(second.identity, second.user))
                .ok());
        second.certificate = server.issue(second, crypto::Role::coordinator, nullptr);
        v1::ApproveMemberRequest approve;
        approve.set_certificate(as_string(second.certificate));
        v1::ApproveMemberResponse approved;
        grpc::ClientContext context;
        ServerFixture::authorise(context, server.coordinator);
        REQUIRE(server.directory->ApproveMember(&context, approve, &approved).ok());
        CHECK(server
                  .revoke(server.coordinator,
                          ServerFixture::revocation(server.coordinator, server.coordinator,
                                                    server.coordinator.identity.signing))
                  .ok());
    }
    SECTION("a member who is not a coordinator cannot revoke") {
        CHECK(server
                  .revoke(server.confidant,
                          ServerFixture::revocation(server.peer, server.confidant,
                                                    server.confidant.identity.signing))
                  .error_code() == grpc::StatusCode::PERMISSION_DENIED);
    }
    SECTION("a revocation not signed by the caller's key is refused") {
        const auto forged = ServerFixture::revocation(server.peer, server.coordinator,
                                                      server.confidant.identity.signing);
        CHECK(server.revoke(server.coordinator, forged).error_code() ==
              grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("a revocation whose signature was altered is refused") {
        Bytes altered = ServerFixture::revocation(server.peer, server.coordinator,
                                                  server.coordinator.identity.signing);
        altered.back() ^= 0x01;
        CHECK(server.revoke(server.coordinator, altered).error_code() ==
              grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("a revocation of another certificate than the stored one is refused") {
        Person impostor{server.peer.user, crypto::Identity::generate(), {}, {}};
        impostor.certificate = server.issue(impostor, crypto::Role::peer, &server.coordinator);
        CHECK(server
                  .revoke(server.coordinator,
                          ServerFixture::revocation(impostor, server.coordinator,
                                                    server.coordinator.identity.signing))
                  .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("a revocation that does not decode is refused") {
        CHECK(server.revoke(server.coordinator, Bytes{1, 2, 3}).error_code() ==
              grpc::StatusCode::INVALID_ARGUMENT);
    }
    // Whatever was refused, the peer is still an active member.
    v1::ListCasesResponse listed;
    CHECK(server.list_cases(server.peer, listed).ok());
}

TEST_CASE("after a revocation the case key must be rotated before anyone appends",
          "[services][epochs]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    REQUIRE(server
                .share(server.confidant, id,
                       server.wrap(id, 1, server.coordinator, key, server.confidant))
                .ok());
    REQUIRE(server
                .revoke(server.coordinator,
                        ServerFixture::revocation(server.peer, server.coordinator,
                                                  server.coordinator.identity.signing))
                .ok());

    CHECK(summary_of(server, server.confidant, id).rotation_required());
    v1::ListCasesResponse listed;
    REQUIRE(server.list_cases(server.confidant, listed).ok());
    REQUIRE(listed.cases_size() == 1);
    CHECK(listed.cases(0).rotation_required());

    const auto appended = server.append(server.confidant, id,
                                        as_string(server.seal(server.confidant, id, key, 1, "n")));
    CHECK(appended.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    CHECK_THAT(appended.error_message(), Catch::Contains("rotated"));
    Person other{"other", crypto::Identity::generate(), {}, {}};
    server.enrol(other, crypto::Role::peer, server.coordinator);
    CHECK(server.share(server.confidant, id, server.wrap(id, 1, other, key, server.confidant))
              .error_code() == grpc::StatusCode::FAILED_PRECONDITION);

    const auto next = crypto::CaseKey::generate();
    const Bytes for_confidant = server.wrap(id, 2, server.confidant, next, server.confidant);
    const Bytes for_coordinator = server.wrap(id, 2, server.coordinator, next, server.confidant);
    SECTION("a rotation that leaves out a remaining member is refused, naming them") {
        const auto status = server.rotate(server.confidant, id, 2, {for_confidant});
        CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK_THAT(status.error_message(), Catch::Contains("coordinator"));
    }
    SECTION("a rotation that includes the revoked member is refused, naming them") {
        const auto status =
            server.rotate(server.confidant, id, 2,
                          {for_confidant, for_coordinator,
                           server.wrap(id, 2, server.peer, next, server.confidant)});
        CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK_THAT(status.error_message(), Catch::Contains("peer"));
    }
    SECTION("a rotation that skips an epoch is refused") {
        CHECK(server
                  .rotate(server.confidant, id, 3,
                          {server.wrap(id, 3, server.confidant, next, server.confidant),
                           server.wrap(id, 3, server.coordinator, next, server.confidant)})
                  .error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    }
    SECTION("a rotation with a wrap for another epoch is refused") {
        CHECK(server
                  .rotate(server.confidant, id, 2,
                          {for_confidant,
                           server.wrap(id, 3, server.coordinator, next, server.confidant)})
                  .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("a rotation by someone who is not a member is refused") {
        CHECK(server
                  .rotate(other, id, 2,
                          {server.wrap(id, 2, server.confidant, next, other),
                           server.wrap(id, 2, server.coordinator, next, other)})
                  .error_code() == grpc::StatusCode::PERMISSION_DENIED);
    }
    SECTION("a complete rotation starts the next epoch; the old epoch is closed") {
        const auto status =
            server.rotate(server.confidant, id, 2, {for_confidant, for_coordinator});
        INFO(status.error_message());
        REQUIRE(status.ok());
        const auto summary = summary_of(server, server.coordinator, id);
        CHECK(summary.epoch() == 2);
        CHECK_FALSE(summary.rotation_required());
        const auto old_epoch = server.append(
            server.confidant, id, as_string(server.seal(server.confidant, id, key, 1, "old key")));
        CHECK(old_epoch.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK_THAT(old_epoch.error_message(),
                   Catch::Contains("record epoch 1 is not the case epoch 2"));
        CHECK(server
                  .append(server.coordinator, id,
                          as_string(server.seal(server.coordinator, id, next, 2, "new key")))
                  .ok());
        v1::GetCaseResponse response;
        REQUIRE(server.get_case(server.coordinator, id, response).ok());
        CHECK(response.my_wraps_size() == 2);  // epochs 1 and 2
        CHECK(response.members_size() == 5);   // three at epoch 1, two at epoch 2
        // Rotating again needs epoch 3 now.
        CHECK(
            server.rotate(server.confidant, id, 2, {for_confidant, for_coordinator}).error_code() ==
            grpc::StatusCode::FAILED_PRECONDITION);
    }
}

TEST_CASE("a member removed by unshare loses access to the case", "[services][epochs]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    REQUIRE(server
                .share(server.confidant, id,
                       server.wrap(id, 1, server.coordinator, key, server.confidant))
                .ok());
    const auto next = crypto::CaseKey::generate();
    const Bytes for_confidant = server.wrap(id, 2, server.confidant, next, server.confidant);
    const Bytes for_coordinator = server.wrap(id, 2, server.coordinator, next, server.confidant);

    SECTION("a peer may not unshare") {
        CHECK(server
                  .unshare(server.peer, id, server.confidant.user, 2,
                           {server.wrap(id, 2, server.peer, next, server.peer),
                            server.wrap(id, 2, server.coordinator, next, server.peer)})
                  .error_code() == grpc::StatusCode::PERMISSION_DENIED);
    }
    SECTION("the caller cannot remove themselves") {
        CHECK(server.unshare(server.confidant, id, server.confidant.user, 2, {for_coordinator})
                  .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("the remaining members must all receive the new key") {
        CHECK(server.unshare(server.confidant, id, server.peer.user, 2, {for_confidant})
                  .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("the removed member must not receive the new key") {
        CHECK(server
                  .unshare(server.confidant, id, server.peer.user, 2,
                           {for_confidant, for_coordinator,
                            server.wrap(id, 2, server.peer, next, server.confidant)})
                  .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("after unshare the removed member is PERMISSION_DENIED") {
        const auto status = server.unshare(server.confidant, id, server.peer.user, 2,
                                           {for_confidant, for_coordinator});
        INFO(status.error_message());
        REQUIRE(status.ok());
        v1::GetCaseResponse response;
        CHECK(server.get_case(server.peer, id, response).error_code() ==
              grpc::StatusCode::PERMISSION_DENIED);
        CHECK(server.append(server.peer, id, as_string(server.seal(server.peer, id, key, 1, "n")))
                  .error_code() == grpc::StatusCode::PERMISSION_DENIED);
        v1::ListCasesResponse listed;
        REQUIRE(server.list_cases(server.peer, listed).ok());
        CHECK(listed.cases_size() == 0);
        CHECK(summary_of(server, server.coordinator, id).epoch() == 2);
        // Unsharing someone who is no longer a member is refused.
        CHECK(server
                  .unshare(server.confidant, id, server.peer.user, 3,
                           {server.wrap(id, 3, server.confidant, next, server.confidant),
                            server.wrap(id, 3, server.coordinator, next, server.confidant)})
                  .error_code() == grpc::StatusCode::FAILED_PRECONDITION);
    }
    SECTION("unsharing a revoked member clears rotation_required") {
        REQUIRE(server
                    .revoke(server.coordinator,
                            ServerFixture::revocation(server.peer, server.coordinator,
                                                      server.coordinator.identity.signing))
                    .ok());
        REQUIRE(summary_of(server, server.confidant, id).rotation_required());
        REQUIRE(server
                    .unshare(server.confidant, id, server.peer.user, 2,
                             {for_confidant, for_coordinator})
                    .ok());
        CHECK_FALSE(summary_of(server, server.confidant, id).rotation_required());
    }
}

TEST_CASE("history wraps let a new member read earlier epochs", "[services][epochs]") {
    ServerFixture server;
    server.populate();
    const Bytes id = server.case_id_for(server.confidant);
    const auto first = crypto::CaseKey::generate();
    const auto second = crypto::CaseKey::generate();
    REQUIRE(server.create_case(server.confidant, id, first).ok());
    REQUIRE(server
                .rotate(server.confidant, id, 2,
                        {server.wrap(id, 2, server.confidant, second, server.confidant)})
                .ok());
    const Bytes current = server.wrap(id, 2, server.peer, second, server.confidant);

    SECTION("a history wrap for the current epoch is refused") {
        CHECK(server
                  .share_with_history(server.confidant, id, current,
                                      {server.wrap(id, 2, server.peer, second, server.confidant)})
                  .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("two history wraps for one epoch are refused") {
        const Bytes old = server.wrap(id, 1, server.peer, first, server.confidant);
        CHECK(server.share_with_history(server.confidant, id, current, {old, old}).error_code() ==
              grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("a history wrap for someone else is refused") {
        CHECK(server
                  .share_with_history(
                      server.confidant, id, current,
                      {server.wrap(id, 1, server.coordinator, first, server.confidant)})
                  .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("with history wraps the new member holds every epoch's key") {
        REQUIRE(server
                    .share_with_history(server.confidant, id, current,
                                        {server.wrap(id, 1, server.peer, first, server.confidant)})
                    .ok());
        v1::GetCaseResponse response;
        REQUIRE(server.get_case(server.peer, id, response).ok());
        CHECK(response.my_wraps_size() == 2);
        CHECK(response.records_size() == 1);
    }
    // A refused share stored nothing: the peer is not a member.
    v1::GetCaseResponse response;
    const auto code = server.get_case(server.peer, id, response).error_code();
    CHECK((code == grpc::StatusCode::OK || code == grpc::StatusCode::PERMISSION_DENIED));
}

}  // namespace weerbaar::server
