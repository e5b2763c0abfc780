#pragma once

#include "authenticator.h"
#include "root_key_registry.h"
#include "weerbaar/v1/root_key.grpc.pb.h"

namespace weerbaar::server {

// The root key shares' RPCs (proto/weerbaar/v1/root_key.proto): each handler
// authenticates, hands the bytes to RootKeyRegistry, whose rules they are, and maps
// the outcome.
class RootKeyService final : public v1::RootKeyService::CallbackService {
  public:
    RootKeyService(Authenticator& authenticator, RootKeyRegistry& registry)
        : authenticator_(authenticator), registry_(registry) {}

    grpc::ServerUnaryReactor* SplitRootKey(grpc::CallbackServerContext* context,
                                           const v1::SplitRootKeyRequest* request,
                                           v1::SplitRootKeyResponse* response) override;
    grpc::ServerUnaryReactor* GetRootKeySplit(grpc::CallbackServerContext* context,
                                              const v1::GetRootKeySplitRequest* request,
                                              v1::GetRootKeySplitResponse* response) override;
    grpc::ServerUnaryReactor* ReleaseRootKeyShare(
        grpc::CallbackServerContext* context, const v1::ReleaseRootKeyShareRequest* request,
        v1::ReleaseRootKeyShareResponse* response) override;
    grpc::ServerUnaryReactor* CollectRootKeyReleases(
        grpc::CallbackServerContext* context, const v1::CollectRootKeyReleasesRequest* request,
        v1::CollectRootKeyReleasesResponse* response) override;

  private:
    Authenticator& authenticator_;
    RootKeyRegistry& registry_;
};

}  // namespace weerbaar::server
