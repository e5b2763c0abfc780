#pragma once

#include "authenticator.h"
#include "research_registry.h"
#include "weerbaar/v1/research.grpc.pb.h"

namespace weerbaar::server {

// The research compartment's RPCs (proto/weerbaar/v1/research.proto): each handler
// authenticates, hands the bytes to ResearchRegistry, whose rules they are, and maps
// the outcome.
class ResearchService final : public v1::ResearchService::CallbackService {
  public:
    ResearchService(Authenticator& authenticator, ResearchRegistry& registry)
        : authenticator_(authenticator), registry_(registry) {}

    grpc::ServerUnaryReactor* PutResearchKey(grpc::CallbackServerContext* context,
                                             const v1::PutResearchKeyRequest* request,
                                             v1::PutResearchKeyResponse* response) override;
    grpc::ServerUnaryReactor* GrantResearchKey(grpc::CallbackServerContext* context,
                                               const v1::GrantResearchKeyRequest* request,
                                               v1::GrantResearchKeyResponse* response) override;
    grpc::ServerUnaryReactor* GetResearchKey(grpc::CallbackServerContext* context,
                                             const v1::GetResearchKeyRequest* request,
                                             v1::GetResearchKeyResponse* response) override;
    grpc::ServerUnaryReactor* PutResearchRecord(grpc::CallbackServerContext* context,
                                                const v1::PutResearchRecordRequest* request,
                                                v1::PutResearchRecordResponse* response) override;
    grpc::ServerUnaryReactor* ListResearchRecords(
        grpc::CallbackServerContext* context, const v1::ListResearchRecordsRequest* request,
        v1::ListResearchRecordsResponse* response) override;
    grpc::ServerUnaryReactor* AppendPrivacyLedger(
        grpc::CallbackServerContext* context, const v1::AppendPrivacyLedgerRequest* request,
        v1::AppendPrivacyLedgerResponse* response) override;
    grpc::ServerUnaryReactor* GetPrivacyLedger(grpc::CallbackServerContext* context,
                                               const v1::GetPrivacyLedgerRequest* request,
                                               v1::GetPrivacyLedgerResponse* response) override;

  private:
    Authenticator& authenticator_;
    ResearchRegistry& registry_;
};

}  // namespace weerbaar::server
