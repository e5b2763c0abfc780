// The server's handling of any request bytes on any RPC (docs/server.md): the real
// server in-process (server/app ServerInstance, TLS on loopback, a SQLCipher file),
// with an organisation of four members and a case the confidant shares with the
// peer, set up once by the server tests' fixture. Each input is
//
//   u8 method (index into rpc_methods(), modulo their count) | u8 caller (0: no
//   token, 1: confidant, 2: coordinator, 3: peer, 4: researcher, modulo 5) | request
//
// sent as one message through gRPC's generic stub; the 16 bytes "CASECASECASECASE"
// anywhere in the request become the fixture's case id, so that requests reach the
// checks behind "no such case". Whatever the bytes, the answer must be a refusal the
// client can act on, never UNKNOWN or INTERNAL (a handler that threw or a bug),
// UNIMPLEMENTED (a method that exists) or DATA_LOSS, and a unary call must be
// answered in time; the sanitizers watch the server's code meanwhile.
#include <grpcpp/generic/generic_stub.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "rpc_methods.h"
#include "server_fixture.h"

using namespace weerbaar;
using server::test::buffer_of;
using server::test::drain;
using server::test::Person;
using server::test::ServerFixture;

namespace {

constexpr std::string_view kCasePlaceholder = "CASECASECASECASE";
constexpr auto kUnaryDeadline = std::chrono::seconds(10);
// A stream (Watch, a download) is cut once it has been quiet this long: Watch waits
// for changes that never come.
constexpr auto kStreamQuiet = std::chrono::milliseconds(50);
constexpr int kMaxStreamReads = 16;

struct Organisation {
    ServerFixture server;
    std::string case_id;
    Organisation() {
        server.populate();
        case_id =
            server::test::as_string(server.case_shared_with_peer(crypto::CaseKey::generate()));
    }
    Person* caller(std::uint8_t choice) {
        switch (choice % 5) {
            case 1:
                return &server.confidant;
            case 2:
                return &server.coordinator;
            case 3:
                return &server.peer;
            case 4:
                return &server.researcher;
            default:
                return nullptr;
        }
    }
};

// A call's context: a deadline long past any answer, and the caller's token if any.
void prepare(grpc::ClientContext& context, const Person* caller) {
    context.set_deadline(std::chrono::system_clock::now() + kUnaryDeadline);
    if (caller != nullptr) {
        ServerFixture::authorise(context, *caller);
    }
}

// The next event of `queue`, or nullopt when none comes before `deadline`.
std::optional<std::pair<void*, bool>> next_event(grpc::CompletionQueue& queue,
                                                 std::chrono::system_clock::time_point deadline) {
    void* tag = nullptr;
    bool ok = false;
    if (queue.AsyncNext(&tag, &ok, deadline) != grpc::CompletionQueue::GOT_EVENT) {
        return std::nullopt;
    }
    return std::make_pair(tag, ok);
}

// Waits for `tag`; on a quiet stream, cancels the call and waits on. True when the
// operation succeeded.
bool await(grpc::CompletionQueue& queue, grpc::ClientContext& context, void* tag,
           std::chrono::milliseconds quiet) {
    auto event = next_event(queue, std::chrono::system_clock::now() + quiet);
    if (!event) {
        context.TryCancel();
        event = next_event(queue, std::chrono::system_clock::now() + kUnaryDeadline);
        fuzz::require(event.has_value(), "a cancelled stream did not end");
    }
    fuzz::require(event->first == tag, "a stream event came out of order");
    return event->second;
}

grpc::Status unary_call(ServerFixture& server, const std::string& path, const std::string& request,
                        const Person* caller) {
    grpc::GenericStub stub(server.channel());
    grpc::CompletionQueue queue;
    grpc::ClientContext context;
    prepare(context, caller);
    auto call = stub.PrepareUnaryCall(&context, path, buffer_of(request), &queue);
    call->StartCall();
    grpc::ByteBuffer response;
    grpc::Status status;
    int finished = 0;
    call->Finish(&response, &status, &finished);
    const auto event = next_event(queue, std::chrono::system_clock::now() + kUnaryDeadline * 2);
    fuzz::require(event.has_value() && event->first == &finished,
                  "a unary call was never answered");
    drain(queue);
    fuzz::require(status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED,
                  "a unary call was not answered in time");
    return status;
}

// A streaming call (either way): the one request, then whatever comes back, cut when
// it goes quiet.
grpc::Status streaming_call(ServerFixture& server, const std::string& path,
                            const std::string& request, const Person* caller) {
    grpc::GenericStub stub(server.channel());
    grpc::CompletionQueue queue;
    grpc::ClientContext context;
    prepare(context, caller);
    auto call = stub.PrepareCall(&context, path, &queue);
    int started = 0;
    int written = 0;
    int closed = 0;
    int read = 0;
    int finished = 0;
    call->StartCall(&started);
    if (await(queue, context, &started, kUnaryDeadline)) {
        call->Write(buffer_of(request), &written);
        if (await(queue, context, &written, kUnaryDeadline)) {
            call->WritesDone(&closed);
            (void)await(queue, context, &closed, kUnaryDeadline);
        }
        grpc::ByteBuffer response;
        for (int reads = 0; reads < kMaxStreamReads; ++reads) {
            call->Read(&response, &read);
            if (!await(queue, context, &read, kStreamQuiet)) {
                break;
            }
        }
    }
    grpc::Status status;
    call->Finish(&status, &finished);
    (void)await(queue, context, &finished, kUnaryDeadline);
    drain(queue);
    return status;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Organisation* organisation = new Organisation();  // lives as long as the process
    if (size < 2) {
        return 0;
    }
    const auto& methods = fuzz::rpc_methods();
    const auto& method = methods[data[0] % methods.size()];
    Person* caller = organisation->caller(data[1]);
    std::string request(reinterpret_cast<const char*>(data) + 2, size - 2);
    for (auto at = request.find(kCasePlaceholder); at != std::string::npos;
         at = request.find(kCasePlaceholder, at + kCasePlaceholder.size())) {
        request.replace(at, kCasePlaceholder.size(), organisation->case_id);
    }

    const bool streaming =
        method.descriptor->client_streaming() || method.descriptor->server_streaming();
    const grpc::Status status =
        streaming ? streaming_call(organisation->server, method.path, request, caller)
                  : unary_call(organisation->server, method.path, request, caller);
    const auto code = status.error_code();
    // WEERBAAR_FUZZ_TRACE=1: one line per request, to see how far inputs get.
    static const bool trace = std::getenv("WEERBAAR_FUZZ_TRACE") != nullptr;
    if (trace) {
        std::fprintf(stderr, "%s as %s: %d %s\n", method.path.c_str(),
                     caller == nullptr ? "nobody" : caller->user.c_str(), static_cast<int>(code),
                     status.error_message().c_str());
    }
    if (code == grpc::StatusCode::UNKNOWN || code == grpc::StatusCode::INTERNAL ||
        code == grpc::StatusCode::UNIMPLEMENTED || code == grpc::StatusCode::DATA_LOSS) {
        std::fprintf(stderr, "weerbaar fuzz: %s answered %d: %s\n", method.path.c_str(),
                     static_cast<int>(code), status.error_message().c_str());
        fuzz::require(false, "the server answered bad bytes with an error no client can act on");
    }
    // A logout that took keeps the fuzzer's member logged out: log them in again.
    if (status.ok() && caller != nullptr && method.descriptor->name() == "Logout") {
        organisation->server.login(*caller);
    }
    return 0;
}
