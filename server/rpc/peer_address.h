#pragma once
// The address a call came from, as the key for per-address limits
// (docs/server.md, "Limits"). Never logged: an address is personal data.

#include <grpcpp/server_context.h>

#include <string>
#include <string_view>

namespace weerbaar::server {

// The host part of gRPC's peer string, without the port: "ipv4:192.0.2.7:51234"
// gives "192.0.2.7", "ipv6:[2001:db8::1]:51234" gives "2001:db8::1". Any other
// shape (a Unix socket, an unknown scheme) gives the whole string, so that it is
// still a stable key. Thread-safe.
[[nodiscard]] std::string peer_address(std::string_view peer);
[[nodiscard]] std::string peer_address(const grpc::CallbackServerContext& context);

}  // namespace weerbaar::server
