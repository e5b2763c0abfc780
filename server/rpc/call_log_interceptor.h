#pragma once
// Logs every call's method, status code and duration, and nothing else: no
// metadata, no peer address, no message contents.

#include <grpcpp/support/server_interceptor.h>

namespace weerbaar::server {

class CallLogInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
  public:
    grpc::experimental::Interceptor* CreateServerInterceptor(
        grpc::experimental::ServerRpcInfo* info) override;
};

}  // namespace weerbaar::server
