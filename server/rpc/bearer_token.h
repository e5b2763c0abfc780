#pragma once

#include <grpcpp/server_context.h>

#include <string>

namespace weerbaar::server {

// The token of the "authorization: Bearer <token>" metadata, or empty.
[[nodiscard]] std::string bearer_token(const grpc::CallbackServerContext& context);

}  // namespace weerbaar::server
