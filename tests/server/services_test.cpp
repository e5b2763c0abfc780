// The server in-process, over TLS with the pinned certificate, exercised through
// the generated stubs: mostly the paths where a call must be refused.

#include <catch2/catch.hpp>
#include <fstream>

#include "server_fixture.h"

namespace weerbaar::server {
namespace {

using crypto::Bytes;
using test::as_string;
using test::Person;
using test::ServerFixture;
using test::TemporaryDirectory;

}  // namespace

TEST_CASE("the organisation can be created once, and only with the bootstrap code", "[services]") {
    ServerFixture server;
    REQUIRE(server.report().bootstrap_code.has_value());
    CHECK(std::filesystem::exists(server.data_directory() / "bootstrap-code"));

    v1::Organisation organisation;
    {
        grpc::ClientContext context;
        CHECK(server.directory->GetOrganisation(&context, {}, &organisation).error_code() ==
              grpc::StatusCode::FAILED_PRECONDITION);
    }
    CHECK(server.create_organisation("AAAAA-BBBBB-CCCCC-DDDDD", server.coordinator).error_code() ==
          grpc::StatusCode::PERMISSION_DENIED);
    CHECK(server.create_organisation(*server.report().bootstrap_code, server.coordinator).ok());
    CHECK_FALSE(std::filesystem::exists(server.data_directory() / "bootstrap-code"));
    CHECK(server.create_organisation(*server.report().bootstrap_code, server.coordinator)
              .error_code() == grpc::StatusCode::ALREADY_EXISTS);
    {
        grpc::ClientContext context;
        REQUIRE(server.directory->GetOrganisation(&context, {}, &organisation).ok());
        CHECK(organisation.root_sign_pk().size() == crypto::kSignPublicKeySize);
    }

    // Once the organisation exists, a restart issues no new code and keeps the data.
    server.restart();
    CHECK_FALSE(server.report().bootstrap_code.has_value());
    CHECK_FALSE(std::filesystem::exists(server.data_directory() / "bootstrap-code"));
    v1::Organisation after_restart;
    grpc::ClientContext context;
    REQUIRE(server.directory->GetOrganisation(&context, {}, &after_restart).ok());
    CHECK(after_restart.root_sign_pk() == organisation.root_sign_pk());
    server.login(server.coordinator);
    CHECK_FALSE(server.coordinator.token.empty());
}

TEST_CASE("wrong bootstrap codes are rate-limited", "[services]") {
    ServerFixture server;
    grpc::StatusCode last = grpc::StatusCode::OK;
    for (int i = 0; i < 8; ++i) {
        last =
            server.create_organisation("WRONG-WRONG-WRONG-WRONG", server.coordinator).error_code();
    }
    CHECK(last == grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_CASE("the server refuses bad calls with the right status and keeps serving", "[services]") {
    ServerFixture server;
    server.populate();
    const Bytes id = server.case_id_for(server.confidant);
    const auto key = crypto::CaseKey::generate();
    REQUIRE(server.create_case(server.confidant, id, key).ok());

    SECTION("a call without a token is UNAUTHENTICATED") {
        v1::ListCasesResponse response;
        grpc::ClientContext context;
        CHECK(server.cases->ListCases(&context, {}, &response).error_code() ==
              grpc::StatusCode::UNAUTHENTICATED);
    }
    SECTION("a call with an unknown token is UNAUTHENTICATED") {
        Person stranger{server.confidant.user, crypto::Identity::generate(), {}, {}};
        stranger.token = std::string(64, 'a');
        v1::GetCaseResponse response;
        CHECK(server.get_case(stranger, id, response).error_code() ==
              grpc::StatusCode::UNAUTHENTICATED);
    }
    SECTION("a malformed case id is INVALID_ARGUMENT") {
        v1::GetCaseResponse response;
        CHECK(server.get_case(server.confidant, Bytes{1, 2, 3}, response).error_code() ==
              grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("a record over 1.5 MiB is RESOURCE_EXHAUSTED") {
        CHECK(server.append(server.confidant, id, std::string(2 * 1024 * 1024, 'x')).error_code() ==
              grpc::StatusCode::RESOURCE_EXHAUSTED);
    }
    SECTION("a message over 4 MiB is RESOURCE_EXHAUSTED") {
        CHECK(server.append(server.confidant, id, std::string(5 * 1024 * 1024, 'x')).error_code() ==
              grpc::StatusCode::RESOURCE_EXHAUSTED);
    }
    SECTION("a record that does not decode is INVALID_ARGUMENT") {
        CHECK(server.append(server.confidant, id, "not a record").error_code() ==
              grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("GetCase by a non-member is PERMISSION_DENIED, as for an unknown case") {
        v1::GetCaseResponse response;
        CHECK(server.get_case(server.peer, id, response).error_code() ==
              grpc::StatusCode::PERMISSION_DENIED);
        CHECK(server.get_case(server.confidant, crypto::random_bytes(16), response).error_code() ==
              grpc::StatusCode::PERMISSION_DENIED);
    }
    SECTION("a peer cannot share a case, even one shared with them") {
        REQUIRE(
            server
                .share(server.confidant, id, server.wrap(id, 1, server.peer, key, server.confidant))
                .ok());
        v1::GetCaseResponse response;
        REQUIRE(server.get_case(server.peer, id, response).ok());
        CHECK(response.members_size() == 2);
        CHECK(response.my_wraps_size() == 1);
        CHECK(
            server.share(server.peer, id, server.wrap(id, 1, server.coordinator, key, server.peer))
                .error_code() == grpc::StatusCode::PERMISSION_DENIED);
    }
    SECTION("a case is never shared with a researcher") {
        CHECK(server
                  .share(server.confidant, id,
                         server.wrap(id, 1, server.researcher, key, server.confidant))
                  .error_code() == grpc::StatusCode::PERMISSION_DENIED);
    }
    SECTION("sharing twice in one epoch is ALREADY_EXISTS") {
        const Bytes wrapped = server.wrap(id, 1, server.peer, key, server.confidant);
        REQUIRE(server.share(server.confidant, id, wrapped).ok());
        CHECK(server.share(server.confidant, id, wrapped).error_code() ==
              grpc::StatusCode::ALREADY_EXISTS);
    }
    SECTION("only a confidant opens a case") {
        CHECK(server.create_case(server.peer, crypto::random_bytes(16), key).error_code() ==
              grpc::StatusCode::PERMISSION_DENIED);
    }
    SECTION("a duplicate case id is ALREADY_EXISTS") {
        CHECK(server.create_case(server.confidant, id, key).error_code() ==
              grpc::StatusCode::ALREADY_EXISTS);
    }
    SECTION("a record under another epoch is INVALID_ARGUMENT, naming both epochs") {
        const auto status = server.append(
            server.confidant, id, as_string(server.seal(server.confidant, id, key, 2, "n")));
        CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK_THAT(status.error_message(),
                   Catch::Contains("record epoch 2 is not the case epoch 1"));
    }
    SECTION("a record in someone else's name is INVALID_ARGUMENT") {
        CHECK(
            server
                .append(server.confidant, id, as_string(server.seal(server.peer, id, key, 1, "n")))
                .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("the same record twice is ALREADY_EXISTS") {
        const Bytes record = server.seal(server.confidant, id, key, 1, "note");
        REQUIRE(server.append(server.confidant, id, as_string(record)).ok());
        CHECK(server.append(server.confidant, id, as_string(record)).error_code() ==
              grpc::StatusCode::ALREADY_EXISTS);
    }
    SECTION("an enrolment with a bad signature is INVALID_ARGUMENT") {
        Person mallory{"mallory", crypto::Identity::generate(), {}, {}};
        Bytes signature = crypto::sign_enrolment(mallory.identity, mallory.user);
        signature[0] ^= 0x01;
        CHECK(server.request_enrolment(mallory, signature).error_code() ==
              grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("an enrolment with a member's own keys is INVALID_ARGUMENT") {
        CHECK(server
                  .request_enrolment(server.peer,
                                     crypto::sign_enrolment(server.peer.identity, server.peer.user))
                  .error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    }
    SECTION("only a coordinator lists enrolments") {
        v1::ListEnrolmentsResponse response;
        grpc::ClientContext context;
        ServerFixture::authorise(context, server.confidant);
        CHECK(server.directory->ListEnrolments(&context, {}, &response).error_code() ==
              grpc::StatusCode::PERMISSION_DENIED);
    }
    SECTION("a login with a wrong signature is UNAUTHENTICATED, every time (no lockout per name)") {
        grpc::StatusCode last = grpc::StatusCode::OK;
        for (int i = 0; i < 7; ++i) {
            v1::GetChallengeRequest challenge_request;
            challenge_request.set_user(server.peer.user);
            v1::GetChallengeResponse challenge;
            grpc::ClientContext challenge_context;
            REQUIRE(
                server.auth->GetChallenge(&challenge_context, challenge_request, &challenge).ok());
            v1::LoginRequest request;
            request.set_user(server.peer.user);
            request.set_challenge(challenge.challenge());
            request.set_signature(std::string(64, '\0'));
            v1::LoginResponse response;
            grpc::ClientContext context;
            last = server.auth->Login(&context, request, &response).error_code();
            CHECK(last == grpc::StatusCode::UNAUTHENTICATED);
        }
    }
    // Whatever was refused above, nothing was half-written and the server still answers.
    v1::GetCaseResponse response;
    REQUIRE(server.get_case(server.confidant, id, response).ok());
    CHECK(response.summary().record_count() == static_cast<std::uint64_t>(response.records_size()));
    CHECK(server.serving());
}

TEST_CASE("members read, append and list their cases", "[services]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    REQUIRE(server.append(server.peer, id, as_string(server.seal(server.peer, id, key, 1, "visit")))
                .ok());

    v1::GetCaseResponse all;
    REQUIRE(server.get_case(server.confidant, id, all).ok());
    REQUIRE(all.records_size() == 2);
    CHECK(all.records(0).sequence() == 1);
    CHECK(all.records(1).sequence() == 2);
    CHECK(all.summary().record_count() == 2);
    CHECK_FALSE(all.more());
    auto opened = crypto::SealedRecord::decode(
        Bytes(all.records(1).record().begin(), all.records(1).record().end()));
    REQUIRE(opened.ok());
    auto plaintext = opened.value().open(key, server.peer.identity.signing.public_key());
    REQUIRE(plaintext.ok());

    v1::GetCaseRequest newer_request;
    newer_request.set_case_id(as_string(id));
    newer_request.set_after_sequence(1);
    v1::GetCaseResponse newer;
    grpc::ClientContext context;
    ServerFixture::authorise(context, server.peer);
    REQUIRE(server.cases->GetCase(&context, newer_request, &newer).ok());
    REQUIRE(newer.records_size() == 1);
    CHECK(newer.records(0).sequence() == 2);

    v1::ListCasesResponse listed;
    grpc::ClientContext list_context;
    ServerFixture::authorise(list_context, server.peer);
    REQUIRE(server.cases->ListCases(&list_context, {}, &listed).ok());
    REQUIRE(listed.cases_size() == 1);
    CHECK(listed.cases(0).case_id() == as_string(id));

    v1::ListMembersResponse members;
    grpc::ClientContext members_context;
    ServerFixture::authorise(members_context, server.researcher);
    REQUIRE(server.directory->ListMembers(&members_context, {}, &members).ok());
    CHECK(members.members_size() == 4);
}

TEST_CASE("a restarted server keeps its certificate and refuses a bad database key", "[services]") {
    TemporaryDirectory dir;
    ServerOptions options;
    options.data_directory = dir.path() / "var";
    options.listen = "127.0.0.1:0";
    std::string fingerprint;
    {
        auto first = ServerInstance::start(options);
        REQUIRE(first.ok());
        fingerprint = first.value()->report().certificate_fingerprint;
        CHECK(first.value()->report().bootstrap_code.has_value());
    }
    auto second = ServerInstance::start(options);
    REQUIRE(second.ok());
    CHECK(second.value()->report().certificate_fingerprint == fingerprint);
    // Still no organisation: a fresh code replaces the old one.
    CHECK(second.value()->report().bootstrap_code.has_value());
    second.value()->shutdown(std::chrono::seconds(1));

    SECTION("a key file readable by others is refused") {
        std::filesystem::permissions(options.data_directory / "db.key",
                                     std::filesystem::perms::group_read,
                                     std::filesystem::perm_options::add);
        auto refused = ServerInstance::start(options);
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.error().message(), Catch::Contains("0600"));
    }
    SECTION("a key file with the wrong format is refused") {
        std::filesystem::remove(options.data_directory / "db.key");
        std::ofstream(options.data_directory / "db.key") << "not hex\n";
        std::filesystem::permissions(
            options.data_directory / "db.key",
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace);
        auto refused = ServerInstance::start(options);
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.error().message(), Catch::Contains("64 lowercase hex"));
    }
    SECTION("a different key does not open the database") {
        std::filesystem::remove(options.data_directory / "db.key");
        std::ofstream(options.data_directory / "db.key") << std::string(64, 'a') << "\n";
        std::filesystem::permissions(
            options.data_directory / "db.key",
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace);
        auto refused = ServerInstance::start(options);
        REQUIRE_FALSE(refused.ok());
        CHECK_THAT(refused.error().message(), Catch::Contains("wrong key"));
    }
}

}  // namespace weerbaar::server
