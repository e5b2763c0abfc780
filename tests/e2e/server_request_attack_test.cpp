// Requests a stranger can send to the running server without an account, replayed
// against the real weerbaar-server binary on loopback (issue 12): bytes that do not
// parse, and enrolment requests that probe which names are members. The answers
// give nothing away, the server's log holds no raw protobuf error, and a member
// still logs in and reads during and after.

#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "team_scenario.h"
#include "weerbaar/crypto/proof_of_possession.h"
#include "weerbaar/protocol_limits.h"
#include "weerbaar/v1/directory.grpc.pb.h"

namespace weerbaar::e2e {
namespace {

std::shared_ptr<grpc::Channel> stranger_channel(TestServer& server) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = read_file(server.certificate());
    grpc::ChannelArguments arguments;
    arguments.SetSslTargetNameOverride(protocol::kServerCertificateName);
    return grpc::CreateCustomChannel(server.address(), grpc::SslCredentials(tls), arguments);
}

// One unary call with raw bytes as its request.
grpc::Status raw_call(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                      const std::string& bytes) {
    grpc::GenericStub stub(channel);
    grpc::CompletionQueue queue;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    auto call = stub.PrepareUnaryCall(&context, method, request, &queue);
    call->StartCall();
    grpc::ByteBuffer response;
    grpc::Status status;
    int tag = 0;
    call->Finish(&response, &status, &tag);
    void* got = nullptr;
    bool ok = false;
    REQUIRE(
        queue.AsyncNext(&got, &ok, std::chrono::system_clock::now() + std::chrono::seconds(15)) ==
        grpc::CompletionQueue::GOT_EVENT);
    queue.Shutdown();
    while (queue.Next(&got, &ok)) {
    }
    return status;
}

grpc::Status ask_enrolment(const std::shared_ptr<grpc::Channel>& channel, const std::string& user) {
    const crypto::Identity keys = crypto::Identity::generate();
    v1::EnrolmentRequest request;
    request.set_user(user);
    const auto& sign_pk = keys.signing.public_key();
    const auto& enc_pk = keys.encryption.public_key();
    const crypto::Bytes signature = crypto::sign_enrolment(keys, user);
    request.set_sign_pk(std::string(sign_pk.begin(), sign_pk.end()));
    request.set_enc_pk(std::string(enc_pk.begin(), enc_pk.end()));
    request.set_signature(std::string(signature.begin(), signature.end()));
    v1::EnrolmentResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return v1::DirectoryService::NewStub(channel)->RequestEnrolment(&context, request, &response);
}

}  // namespace

TEST_CASE("requests that do not parse get INVALID_ARGUMENT from the real server, which goes on",
          "[e2e][attack][malformed]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    const auto channel = stranger_channel(team.server());
    // Truncated, a wrong wire type for field 1, and bytes that are no protobuf at all.
    const std::string truncated(
        "\x0a\x05"
        "ab",
        4);
    const std::string wrong_type("\x0d\x01\x02", 3);
    const std::string junk("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11);
    int calls = 0;
    for (const std::string method :
         {"/weerbaar.v1.AuthService/GetChallenge", "/weerbaar.v1.AuthService/Login",
          "/weerbaar.v1.DirectoryService/RequestEnrolment",
          "/weerbaar.v1.DirectoryService/CreateOrganisation", "/weerbaar.v1.CaseService/GetCase",
          "/weerbaar.v1.CaseService/CreateCase"}) {
        for (const std::string& bytes : {truncated, wrong_type, junk}) {
            INFO(method);
            const grpc::Status status = raw_call(channel, method, bytes);
            CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
            ++calls;
        }
        // A member reads while it goes on.
        if (++calls % 6 == 0) {
            CHECK(team.must_succeed("bram", {"case", "show", case_id}).exit_code == 0);
        }
    }
    CHECK(team.must_succeed("bram", {"case", "show", case_id}).exit_code == 0);
    // Nothing of protobuf's own error output reaches the log at the default level.
    const std::string log = team.server().output();
    CHECK(log.find("libprotobuf") == std::string::npos);
    CHECK(log.find("does not parse") == std::string::npos);  // a debug line only
}

TEST_CASE("enrolment requests do not tell a stranger which names are members",
          "[e2e][attack][oracle]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    const auto channel = stranger_channel(team.server());
    const grpc::Status member = ask_enrolment(channel, "bram");
    const grpc::Status coordinator = ask_enrolment(channel, "anne");
    const grpc::Status nobody = ask_enrolment(channel, "nobody-by-this-name");
    CHECK(member.error_code() == nobody.error_code());
    CHECK(member.error_message() == nobody.error_message());
    CHECK(coordinator.error_code() == nobody.error_code());
    CHECK(nobody.ok());
    // The members are untouched: bram logs in and reads.
    const std::string case_id = team.open_case("bram");
    CHECK(team.must_succeed("bram", {"case", "show", case_id}).exit_code == 0);
}

}  // namespace weerbaar::e2e
