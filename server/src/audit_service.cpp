#include "audit_service.h"

#include "bearer_token.h"
#include "unary_completion.h"

namespace weerbaar::server {

grpc::ServerUnaryReactor* AuditService::GetAuditLog(grpc::CallbackServerContext* context,
                                                    const v1::GetAuditLogRequest* request,
                                                    v1::GetAuditLogResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    return finish(reactor, audit_.log(caller.value(), request->after_sequence()),
                  [response](const AuditPage& page) {
                      for (const auto& entry : page.entries) {
                          response->add_entries(entry.data(), entry.size());
                      }
                      for (const auto& checkpoint : page.checkpoints) {
                          response->add_checkpoints(checkpoint.data(), checkpoint.size());
                      }
                      response->set_more(page.more);
                  });
}

grpc::ServerUnaryReactor* AuditService::GetCaseAccessLog(grpc::CallbackServerContext* context,
                                                         const v1::GetCaseAccessLogRequest* request,
                                                         v1::GetCaseAccessLogResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    const crypto::Bytes case_id(request->case_id().begin(), request->case_id().end());
    return finish(reactor, audit_.case_access_log(caller.value(), case_id),
                  [response](const std::vector<crypto::Bytes>& entries) {
                      for (const auto& entry : entries) {
                          response->add_entries(entry.data(), entry.size());
                      }
                  });
}

}  // namespace weerbaar::server
