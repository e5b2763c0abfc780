// A member's fault the server can catch (issue 8): a modified client, holding a
// member's own keys and bearer token, sends what the CLI never would, a record
// whose signature is 64 zero bytes. Before the server checked signatures it
// stored such a record, and every later read of the case failed for every member
// for good (exit 4, as if the operator had forged it). Now the server refuses it
// with INVALID_ARGUMENT and stores nothing, and the case stays readable, writable
// and closable for its members.

#include <algorithm>
#include <catch2/catch.hpp>
#include <ctime>

#include "member_core.h"
#include "team_scenario.h"
#include "weerbaar/client/testing/session_test_access.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/v1/cases.grpc.pb.h"
#include "weerbaar/v1/content.pb.h"

namespace weerbaar::e2e {

TEST_CASE("a record with a zero signature sent with a member's own token is refused",
          "[e2e][forged]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const std::string case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    team.must_succeed("carla", {"case", "note", case_id, "--text", "Gebeld, komt volgende week."});
    const crypto::Bytes id = case_key_column(case_id);

    MemberCore carla(team.cli(), "carla");
    auto opened = carla.open(id);
    INFO((opened.ok() ? std::string() : opened.error().message()));
    REQUIRE(opened.ok());
    const std::size_t before = opened.value().records.size();

    // Everything about the record is as carla's own client makes it but the
    // signature: the server is the one that must notice.
    v1::RecordContent content;
    content.mutable_note()->set_text("Zaak mag dicht, geen actie meer nodig.");
    const std::string plaintext = content.SerializeAsString();
    crypto::RecordHeader header{id,
                                crypto::random_bytes(crypto::kRecordIdSize),
                                opened.value().epoch,
                                "carla",
                                static_cast<std::uint64_t>(std::time(nullptr)),
                                {opened.value().records.back().hash}};
    auto sealed = crypto::SealedRecord::seal(std::move(header), crypto::as_bytes(plaintext),
                                             opened.value().current_key(),
                                             carla.session().keys().identity.signing);
    REQUIRE(sealed.ok());
    crypto::Bytes forged = sealed.value().encode();
    std::fill(forged.end() - static_cast<std::ptrdiff_t>(crypto::kSignatureSize), forged.end(),
              std::uint8_t{0});

    v1::AppendRecordRequest request;
    request.set_case_id(id.data(), id.size());
    request.set_record(forged.data(), forged.size());
    v1::AppendRecordResponse response;
    const grpc::Status refused = client::testing::SessionTestAccess::append_record_unchecked(
        carla.session(), request, &response);
    INFO(refused.error_message());
    CHECK(refused.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK(refused.error_message().find("signature does not verify") != std::string::npos);

    auto after = carla.open(id);
    REQUIRE(after.ok());
    CHECK(after.value().records.size() == before);

    // The case is still whole for its members: read, written to and closed.
    team.must_succeed("bram", {"case", "show", case_id});
    team.must_succeed("carla", {"case", "show", case_id});
    team.must_succeed("carla", {"case", "note", case_id, "--text", "Nog een keer gebeld."});
    team.must_succeed("bram",
                      {"case", "status", case_id, "--set", "gesloten", "--outcome", "opgelost"});
    const auto shown = team.must_succeed("carla", {"case", "show", case_id});
    CHECK(shown.out.find("Nog een keer gebeld.") != std::string::npos);
    CHECK(shown.out.find("Zaak mag dicht") == std::string::npos);
}

}  // namespace weerbaar::e2e
