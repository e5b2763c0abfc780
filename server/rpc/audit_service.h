#pragma once

#include "audit_trail.h"
#include "authenticator.h"
#include "weerbaar/v1/audit.grpc.pb.h"

namespace weerbaar::server {

class AuditService final : public v1::AuditService::CallbackService {
  public:
    AuditService(Authenticator& authenticator, AuditTrail& audit)
        : authenticator_(authenticator), audit_(audit) {}

    grpc::ServerUnaryReactor* GetAuditLog(grpc::CallbackServerContext* context,
                                          const v1::GetAuditLogRequest* request,
                                          v1::GetAuditLogResponse* response) override;
    grpc::ServerUnaryReactor* GetCaseAccessLog(grpc::CallbackServerContext* context,
                                               const v1::GetCaseAccessLogRequest* request,
                                               v1::GetCaseAccessLogResponse* response) override;

  private:
    Authenticator& authenticator_;
    AuditTrail& audit_;
};

}  // namespace weerbaar::server
