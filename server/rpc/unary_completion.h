#pragma once
// How a unary call ends. Every handler finishes its reactor in one of three
// shapes: an error before the domain is reached, the outcome of a read it has at
// hand, or the outcome of a write that arrives later on the writer's thread.
// The Error -> grpc::Status mapping itself stays in status_mapping.cpp.

#include <grpcpp/server_context.h>

#include <utility>

#include "status_mapping.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

// Finishes the call with `error`; returns the reactor for the handler to return.
inline grpc::ServerUnaryReactor* finish(grpc::ServerUnaryReactor* reactor, const Error& error) {
    reactor->Finish(to_grpc_status(error));
    return reactor;
}

// Finishes the call with `result`: on success `fill` first writes its value into
// the response.
template <typename T, typename Fill>
grpc::ServerUnaryReactor* finish(grpc::ServerUnaryReactor* reactor, const Result<T>& result,
                                 Fill fill) {
    if (!result.ok()) {
        return finish(reactor, result.error());
    }
    fill(result.value());
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

// The completion for a write that yields nothing: finishes the call with its status.
inline auto finish_when_done(grpc::ServerUnaryReactor* reactor) {
    return [reactor](const Status& status) { reactor->Finish(to_grpc_status(status)); };
}

// The completion for a write that yields a T: as finish() above, once it arrives.
template <typename T, typename Fill>
auto finish_when_done(grpc::ServerUnaryReactor* reactor, Fill fill) {
    return [reactor, fill = std::move(fill)](Result<T> result) { finish(reactor, result, fill); };
}

}  // namespace weerbaar::server
