#include "auth_service.h"

#include "status_mapping.h"

namespace weerbaar::server {

grpc::ServerUnaryReactor* AuthService::GetChallenge(grpc::CallbackServerContext* context,
                                                    const v1::GetChallengeRequest* request,
                                                    v1::GetChallengeResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto challenge = authenticator_.challenge(request->user());
    if (!challenge.ok()) {
        reactor->Finish(to_grpc_status(challenge.error()));
        return reactor;
    }
    response->set_challenge(challenge.value().data(), challenge.value().size());
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

grpc::ServerUnaryReactor* AuthService::Login(grpc::CallbackServerContext* context,
                                             const v1::LoginRequest* request,
                                             v1::LoginResponse* response) {
    auto* reactor = context->DefaultReactor();
    authenticator_.login(request->user(),
                         crypto::Bytes(request->challenge().begin(), request->challenge().end()),
                         crypto::Bytes(request->signature().begin(), request->signature().end()),
                         [reactor, response](Result<SessionGrant> grant) {
                             if (!grant.ok()) {
                                 reactor->Finish(to_grpc_status(grant.error()));
                                 return;
                             }
                             response->set_token(grant.value().token);
                             response->set_expires_unix(grant.value().expires_unix);
                             reactor->Finish(grpc::Status::OK);
                         });
    return reactor;
}

}  // namespace weerbaar::server
