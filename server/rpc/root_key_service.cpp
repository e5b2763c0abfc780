#include "root_key_service.h"

#include "bearer_token.h"
#include "proto_bytes.h"
#include "unary_completion.h"

namespace weerbaar::server {

grpc::ServerUnaryReactor* RootKeyService::SplitRootKey(grpc::CallbackServerContext* context,
                                                       const v1::SplitRootKeyRequest* request,
                                                       v1::SplitRootKeyResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    RootKeySplitRequest split{bytes_of(request->split_id()), request->threshold(),
                              request->created(), bytes_of(request->root_signature()),
                              bytes_of(request->shares())};
    registry_.split(caller.value(), split, finish_when_done(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* RootKeyService::GetRootKeySplit(grpc::CallbackServerContext* context,
                                                          const v1::GetRootKeySplitRequest*,
                                                          v1::GetRootKeySplitResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    return finish(reactor, registry_.current_split(caller.value()),
                  [response](const RootKeySplitView& view) {
                      response->set_split_id(view.split_id.data(), view.split_id.size());
                      response->set_threshold(view.threshold);
                      response->set_splitter(view.splitter);
                      response->set_created(view.created);
                      for (const auto& share : view.shares) {
                          response->add_shares(share.data(), share.size());
                      }
                  });
}

grpc::ServerUnaryReactor* RootKeyService::ReleaseRootKeyShare(
    grpc::CallbackServerContext* context, const v1::ReleaseRootKeyShareRequest* request,
    v1::ReleaseRootKeyShareResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.release(caller.value(), bytes_of(request->release()), finish_when_done(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* RootKeyService::CollectRootKeyReleases(
    grpc::CallbackServerContext* context, const v1::CollectRootKeyReleasesRequest*,
    v1::CollectRootKeyReleasesResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.collect(caller.value(),
                      finish_when_done<std::vector<crypto::Bytes>>(
                          reactor, [response](const std::vector<crypto::Bytes>& releases) {
                              for (const auto& release : releases) {
                                  response->add_releases(release.data(), release.size());
                              }
                          }));
    return reactor;
}

}  // namespace weerbaar::server
