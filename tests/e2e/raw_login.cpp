#include "raw_login.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>

#include "child_process.h"
#include "weerbaar/crypto/proof_of_possession.h"
#include "weerbaar/protocol_limits.h"

namespace weerbaar::e2e {
namespace {

void set_deadline(grpc::ClientContext& context) {
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
}

}  // namespace

std::shared_ptr<grpc::Channel> pinned_channel(const TestServer& server) {
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = read_file(server.certificate());
    grpc::ChannelArguments arguments;
    arguments.SetSslTargetNameOverride(protocol::kServerCertificateName);
    // A connection of its own, not one shared with every other channel in the process.
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(server.address(), grpc::SslCredentials(tls), arguments);
}

RawLogin::RawLogin(const TestServer& server) : channel_(pinned_channel(server)) {
    auth_ = v1::AuthService::NewStub(channel_);
    cases_ = v1::CaseService::NewStub(channel_);
}

grpc::Status RawLogin::challenge(const std::string& user, crypto::Bytes* challenge) {
    v1::GetChallengeRequest request;
    request.set_user(user);
    v1::GetChallengeResponse response;
    grpc::ClientContext context;
    set_deadline(context);
    const grpc::Status status = auth_->GetChallenge(&context, request, &response);
    if (challenge != nullptr) {
        challenge->assign(response.challenge().begin(), response.challenge().end());
    }
    return status;
}

grpc::Status RawLogin::send_login(const std::string& user, const crypto::Bytes& challenge,
                                  const crypto::Bytes& signature, std::string* token) {
    v1::LoginRequest request;
    request.set_user(user);
    request.set_challenge(challenge.data(), challenge.size());
    request.set_signature(signature.data(), signature.size());
    v1::LoginResponse response;
    grpc::ClientContext context;
    set_deadline(context);
    const grpc::Status status = auth_->Login(&context, request, &response);
    if (token != nullptr) {
        *token = response.token();
    }
    return status;
}

grpc::Status RawLogin::made_up_login(const std::string& user) {
    return send_login(user, crypto::random_bytes(crypto::kChallengeSize),
                      crypto::random_bytes(crypto::kSignatureSize), nullptr);
}

grpc::Status RawLogin::forged_login(const std::string& user) {
    crypto::Bytes issued;
    if (const grpc::Status status = challenge(user, &issued); !status.ok()) {
        return status;
    }
    return send_login(user, issued, crypto::random_bytes(crypto::kSignatureSize), nullptr);
}

grpc::Status RawLogin::login(const std::string& user, const crypto::SigningKeyPair& key,
                             std::string* token) {
    crypto::Bytes issued;
    if (const grpc::Status status = challenge(user, &issued); !status.ok()) {
        return status;
    }
    return send_login(user, issued, crypto::sign_login(key, user, issued), token);
}

grpc::Status RawLogin::logout(const std::string& token) {
    grpc::ClientContext context;
    set_deadline(context);
    context.AddMetadata("authorization", "Bearer " + token);
    v1::LogoutResponse response;
    return auth_->Logout(&context, v1::LogoutRequest{}, &response);
}

grpc::Status RawLogin::list_cases(const std::string& token) {
    grpc::ClientContext context;
    set_deadline(context);
    context.AddMetadata("authorization", "Bearer " + token);
    v1::ListCasesResponse response;
    return cases_->ListCases(&context, v1::ListCasesRequest{}, &response);
}

}  // namespace weerbaar::e2e
