#include "weerbaar/client/server_connection.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

namespace weerbaar::client {

std::shared_ptr<grpc::Channel> open_channel(const ServerEndpoint& endpoint) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = endpoint.certificate_pem;
    grpc::ChannelArguments arguments;
    arguments.SetSslTargetNameOverride(kServerCertificateName);
    arguments.SetMaxReceiveMessageSize(kMaxMessageBytes);
    arguments.SetMaxSendMessageSize(kMaxMessageBytes);
    return grpc::CreateCustomChannel(endpoint.address, grpc::SslCredentials(tls), arguments);
}

void prepare_call(grpc::ClientContext& context, const crypto::SecretBuffer* bearer_token) {
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    if (bearer_token != nullptr) {
        prepare_stream_call(context, *bearer_token);
    }
}

void prepare_stream_call(grpc::ClientContext& context, const crypto::SecretBuffer& bearer_token) {
    const auto token = bearer_token.expose_secret();
    context.AddMetadata("authorization", "Bearer " + std::string(token.begin(), token.end()));
}

}  // namespace weerbaar::client
