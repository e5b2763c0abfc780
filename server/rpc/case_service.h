#pragma once

#include "authenticator.h"
#include "case_registry.h"
#include "server_limits.h"
#include "weerbaar/v1/cases.grpc.pb.h"

namespace weerbaar::server {

class CaseService final : public v1::CaseService::CallbackService {
  public:
    // `sync_page_items`: changed and removed cases in one SyncCases answer.
    CaseService(Authenticator& authenticator, CaseRegistry& registry,
                std::size_t sync_page_items = kMaxSyncPageItems)
        : authenticator_(authenticator), registry_(registry), sync_page_items_(sync_page_items) {}

    grpc::ServerUnaryReactor* CreateCase(grpc::CallbackServerContext* context,
                                         const v1::CreateCaseRequest* request,
                                         v1::CreateCaseResponse* response) override;
    grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* context,
                                        const v1::ListCasesRequest* request,
                                        v1::ListCasesResponse* response) override;
    grpc::ServerUnaryReactor* SyncCases(grpc::CallbackServerContext* context,
                                        const v1::SyncCasesRequest* request,
                                        v1::SyncCasesResponse* response) override;
    grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                      const v1::GetCaseRequest* request,
                                      v1::GetCaseResponse* response) override;
    grpc::ServerUnaryReactor* AppendRecord(grpc::CallbackServerContext* context,
                                           const v1::AppendRecordRequest* request,
                                           v1::AppendRecordResponse* response) override;
    grpc::ServerUnaryReactor* ShareCase(grpc::CallbackServerContext* context,
                                        const v1::ShareCaseRequest* request,
                                        v1::ShareCaseResponse* response) override;
    grpc::ServerUnaryReactor* UnshareCase(grpc::CallbackServerContext* context,
                                          const v1::UnshareCaseRequest* request,
                                          v1::UnshareCaseResponse* response) override;
    grpc::ServerUnaryReactor* RotateCaseKey(grpc::CallbackServerContext* context,
                                            const v1::RotateCaseKeyRequest* request,
                                            v1::RotateCaseKeyResponse* response) override;

  private:
    Authenticator& authenticator_;
    CaseRegistry& registry_;
    const std::size_t sync_page_items_;
};

}  // namespace weerbaar::server
