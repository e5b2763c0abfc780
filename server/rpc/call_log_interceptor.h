#pragma once
// Counts every call's method, status code and duration into CallStatistics (one
// summary line per interval at info level), and logs each call as a line at debug
// level; nothing else: no metadata, no peer address, no message contents.

#include <grpcpp/support/server_interceptor.h>

#include "call_statistics.h"

namespace weerbaar::server {

class CallLogInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
  public:
    // `statistics` must outlive the server the factory is given to.
    explicit CallLogInterceptorFactory(CallStatistics& statistics) : statistics_(statistics) {}

    grpc::experimental::Interceptor* CreateServerInterceptor(
        grpc::experimental::ServerRpcInfo* info) override;

  private:
    CallStatistics& statistics_;
};

}  // namespace weerbaar::server
