#pragma once

#include "authenticator.h"
#include "weerbaar/v1/auth.grpc.pb.h"

namespace weerbaar::server {

class AuthService final : public v1::AuthService::CallbackService {
  public:
    explicit AuthService(Authenticator& authenticator) : authenticator_(authenticator) {}

    grpc::ServerUnaryReactor* GetChallenge(grpc::CallbackServerContext* context,
                                           const v1::GetChallengeRequest* request,
                                           v1::GetChallengeResponse* response) override;
    grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* context,
                                    const v1::LoginRequest* request,
                                    v1::LoginResponse* response) override;
    grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* context,
                                     const v1::LogoutRequest* request,
                                     v1::LogoutResponse* response) override;

  private:
    Authenticator& authenticator_;
};

}  // namespace weerbaar::server
