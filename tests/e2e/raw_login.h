#pragma once
// Logging in to the real server over raw gRPC, as a stranger's script does (any
// name, made-up challenges and signatures) or as a member's own key would: what the
// attack replays (server_attack_test.cpp) and the login benchmark send. Each
// RawLogin has a TCP connection of its own; one per thread.

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>

#include "test_server.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/v1/auth.grpc.pb.h"
#include "weerbaar/v1/cases.grpc.pb.h"

namespace weerbaar::e2e {

// A channel to `server` with TLS pinned to its certificate, on a TCP connection of
// its own (not one shared with every other channel in the process).
[[nodiscard]] std::shared_ptr<grpc::Channel> pinned_channel(const TestServer& server);

class RawLogin {
  public:
    // TLS pinned to the server's certificate; every call has a 30 s deadline.
    explicit RawLogin(const TestServer& server);

    // GetChallenge for `user`; the challenge into `challenge` if given.
    grpc::Status challenge(const std::string& user, crypto::Bytes* challenge = nullptr);
    // A Login with a random challenge and a random signature: what costs a stranger
    // nothing and always fails.
    grpc::Status made_up_login(const std::string& user);
    // A real challenge for `user`, then a Login with a random signature: fails after
    // the server's most expensive check (a database read and a signature check).
    grpc::Status forged_login(const std::string& user);
    // GetChallenge, then Login signed with `key`; the token into `token` on success.
    grpc::Status login(const std::string& user, const crypto::SigningKeyPair& key,
                       std::string* token = nullptr);
    grpc::Status logout(const std::string& token);
    // ListCases with `token`: whether the server takes the token.
    grpc::Status list_cases(const std::string& token);

  private:
    grpc::Status send_login(const std::string& user, const crypto::Bytes& challenge,
                            const crypto::Bytes& signature, std::string* token);

    std::shared_ptr<grpc::Channel> channel_;
    std::unique_ptr<v1::AuthService::Stub> auth_;
    std::unique_ptr<v1::CaseService::Stub> cases_;
};

}  // namespace weerbaar::e2e
