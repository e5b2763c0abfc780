#include "auth_service.h"

#include "bearer_token.h"
#include "peer_address.h"
#include "unary_completion.h"

namespace weerbaar::server {

grpc::ServerUnaryReactor* AuthService::GetChallenge(grpc::CallbackServerContext* context,
                                                    const v1::GetChallengeRequest* request,
                                                    v1::GetChallengeResponse* response) {
    auto* reactor = context->DefaultReactor();
    return finish(reactor, authenticator_.challenge(request->user()),
                  [response](const crypto::Bytes& challenge) {
                      response->set_challenge(challenge.data(), challenge.size());
                  });
}

grpc::ServerUnaryReactor* AuthService::Login(grpc::CallbackServerContext* context,
                                             const v1::LoginRequest* request,
                                             v1::LoginResponse* response) {
    auto* reactor = context->DefaultReactor();
    authenticator_.login(
        request->user(), crypto::Bytes(request->challenge().begin(), request->challenge().end()),
        crypto::Bytes(request->signature().begin(), request->signature().end()),
        peer_address(*context),
        finish_when_done<SessionGrant>(reactor, [response](const SessionGrant& grant) {
            response->set_token(grant.token);
            response->set_expires_unix(grant.expires_unix);
        }));
    return reactor;
}

grpc::ServerUnaryReactor* AuthService::Logout(grpc::CallbackServerContext* context,
                                              const v1::LogoutRequest* /*request*/,
                                              v1::LogoutResponse* /*response*/) {
    auto* reactor = context->DefaultReactor();
    authenticator_.logout(bearer_token(*context), finish_when_done(reactor));
    return reactor;
}

}  // namespace weerbaar::server
