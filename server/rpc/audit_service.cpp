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
    auto page = audit_.log(caller.value(), request->after_sequence());
    if (!page.ok()) {
        return finish(reactor, page.error());
    }
    for (const auto& entry : page.value().entries) {
        response->add_entries(entry.data(), entry.size());
    }
    for (const auto& checkpoint : page.value().checkpoints) {
        response->add_checkpoints(checkpoint.data(), checkpoint.size());
    }
    response->set_more(page.value().more);
    // The page may show read entries not yet on disk (AuditTrail::record_read).
    audit_.when_durable(finish_when_done(reactor));
    return reactor;
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
    auto entries = audit_.case_access_log(caller.value(), case_id);
    if (!entries.ok()) {
        return finish(reactor, entries.error());
    }
    for (const auto& entry : entries.value()) {
        response->add_entries(entry.data(), entry.size());
    }
    audit_.when_durable(finish_when_done(reactor));
    return reactor;
}

}  // namespace weerbaar::server
