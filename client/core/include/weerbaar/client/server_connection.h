#pragma once
// The channel to the server: TLS with the pinned self-signed certificate as the only
// trusted root, so no other certificate (not even a CA-signed one) is accepted.

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <chrono>
#include <memory>
#include <string>

#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/protocol_limits.h"

namespace weerbaar::client {

// The name in the server's certificate, whatever address it is reached at.
inline constexpr const char* kServerCertificateName = protocol::kServerCertificateName;
inline constexpr int kMaxMessageBytes = protocol::kMaxMessageBytes;
inline constexpr std::chrono::seconds kCallDeadline{10};

struct ServerEndpoint {
    std::string address;          // host:port
    std::string certificate_pem;  // the pinned server certificate
};

[[nodiscard]] std::shared_ptr<grpc::Channel> open_channel(const ServerEndpoint& endpoint);

// Sets the deadline on `context`, and the bearer token when there is one.
void prepare_call(grpc::ClientContext& context, const crypto::SecretBuffer* bearer_token);
// The bearer token alone, no deadline: for long streams.
void prepare_stream_call(grpc::ClientContext& context, const crypto::SecretBuffer& bearer_token);

}  // namespace weerbaar::client
