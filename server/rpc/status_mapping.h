#pragma once
// The one place where a weerbaar::Error becomes a grpc::Status.

#include <grpcpp/support/status.h>

#include "weerbaar/result.h"

namespace weerbaar::server {

[[nodiscard]] grpc::Status to_grpc_status(const Error& error);
[[nodiscard]] grpc::Status to_grpc_status(const Status& status);

}  // namespace weerbaar::server
