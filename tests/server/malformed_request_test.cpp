// A request whose bytes do not parse as its message gets INVALID_ARGUMENT (not
// gRPC's UNIMPLEMENTED, which says the method is missing), on unary and
// server-streaming methods alike, and the server goes on answering.

#include <grpcpp/generic/generic_stub.h>

#include <catch2/catch.hpp>

#include "server_fixture.h"

namespace weerbaar::server {
namespace {

using test::buffer_of;
using test::drain;
using test::ServerFixture;

// Field 1, length 5, but only two bytes follow: no protobuf message parses from it.
const std::string kTruncated(
    "\x0a\x05"
    "ab",
    4);

bool next(grpc::CompletionQueue& queue, void* expected) {
    void* tag = nullptr;
    bool ok = false;
    const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(10);
    REQUIRE(queue.AsyncNext(&tag, &ok, deadline) == grpc::CompletionQueue::GOT_EVENT);
    REQUIRE(tag == expected);
    return ok;
}

grpc::Status unary_call(ServerFixture& server, const std::string& method,
                        const std::string& bytes) {
    grpc::GenericStub stub(server.channel());
    grpc::CompletionQueue queue;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto call = stub.PrepareUnaryCall(&context, method, buffer_of(bytes), &queue);
    call->StartCall();
    grpc::ByteBuffer response;
    grpc::Status status;
    int tag = 0;
    call->Finish(&response, &status, &tag);
    next(queue, &tag);
    drain(queue);
    return status;
}

// A server-streaming call: one request, then whatever the server sends until it ends.
grpc::Status streaming_call(ServerFixture& server, const std::string& method,
                            const std::string& bytes) {
    grpc::GenericStub stub(server.channel());
    grpc::CompletionQueue queue;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ServerFixture::authorise(context, server.confidant);
    auto call = stub.PrepareCall(&context, method, &queue);
    int started = 0;
    int written = 0;
    int closed = 0;
    int finished = 0;
    call->StartCall(&started);
    next(queue, &started);
    call->Write(buffer_of(bytes), &written);
    next(queue, &written);
    call->WritesDone(&closed);
    next(queue, &closed);
    grpc::Status status;
    call->Finish(&status, &finished);
    next(queue, &finished);
    drain(queue);
    return status;
}

}  // namespace

TEST_CASE("a request that does not parse is INVALID_ARGUMENT", "[malformed]") {
    ServerFixture server;
    server.populate();
    for (const std::string method :
         {"/weerbaar.v1.AuthService/GetChallenge", "/weerbaar.v1.AuthService/Login",
          "/weerbaar.v1.DirectoryService/RequestEnrolment", "/weerbaar.v1.CaseService/CreateCase",
          "/weerbaar.v1.CaseService/GetCase", "/weerbaar.v1.RootKeyService/SplitRootKey",
          "/weerbaar.v1.RootKeyService/ReleaseRootKeyShare"}) {
        INFO(method);
        const grpc::Status status = unary_call(server, method, kTruncated);
        CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK_THAT(status.error_message(), Catch::Contains("does not parse"));
    }
    SECTION("on a server-streaming method too") {
        for (const std::string method : {"/weerbaar.v1.NotificationService/Watch",
                                         "/weerbaar.v1.AttachmentService/DownloadAttachment"}) {
            INFO(method);
            const grpc::Status status = streaming_call(server, method, kTruncated);
            CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        }
    }
    SECTION("a method that does not exist is still UNIMPLEMENTED") {
        CHECK(unary_call(server, "/weerbaar.v1.AuthService/NoSuchMethod", "").error_code() ==
              grpc::StatusCode::UNIMPLEMENTED);
    }
    SECTION("a well-formed request still gets its own answer") {
        // An empty GetChallengeRequest parses; the empty name is refused by the domain.
        const grpc::Status status = unary_call(server, "/weerbaar.v1.AuthService/GetChallenge", "");
        CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK_THAT(status.error_message(), !Catch::Contains("does not parse"));
    }
    // The server answers as before.
    server.login(server.confidant);
}

}  // namespace weerbaar::server
