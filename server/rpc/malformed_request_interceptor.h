#pragma once
// Answers INVALID_ARGUMENT, not UNIMPLEMENTED, to a request whose message does not
// parse. gRPC's callback API (grpcpp/impl/codegen/server_callback_handlers.h,
// gRPC 1.51) fails such a call with UNIMPLEMENTED and an empty message, which tells
// a client the method is missing rather than that it sent bad bytes. This
// interceptor sees the failed parse (POST_RECV_MESSAGE with no message) and
// rewrites the status before it is sent (PRE_SEND_STATUS), and logs one debug
// line with the method name only: no bytes, no address.
//
// Only unary and server-streaming calls: there the one request message must be
// present. On client-streaming calls an empty receive also marks the end of the
// stream, so the handlers judge those themselves.
//
// Register it before CallLogInterceptorFactory, so that the call log shows the
// status the client gets.

#include <grpcpp/support/server_interceptor.h>

namespace weerbaar::server {

class MalformedRequestInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
  public:
    // Thread-safe: gRPC calls it for every call, from any thread.
    grpc::experimental::Interceptor* CreateServerInterceptor(
        grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace weerbaar::server
