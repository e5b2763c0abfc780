#include "research_service.h"

#include "bearer_token.h"
#include "proto_bytes.h"
#include "unary_completion.h"

namespace weerbaar::server {

grpc::ServerUnaryReactor* ResearchService::PutResearchKey(grpc::CallbackServerContext* context,
                                                          const v1::PutResearchKeyRequest* request,
                                                          v1::PutResearchKeyResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.put_research_key(caller.value(), bytes_of(request->certificate()),
                               bytes_of(request->wraps()), finish_when_done(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* ResearchService::GrantResearchKey(
    grpc::CallbackServerContext* context, const v1::GrantResearchKeyRequest* request,
    v1::GrantResearchKeyResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.grant_research_key(caller.value(), bytes_of(request->wrap()),
                                 finish_when_done(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* ResearchService::GetResearchKey(grpc::CallbackServerContext* context,
                                                          const v1::GetResearchKeyRequest*,
                                                          v1::GetResearchKeyResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    return finish(reactor, registry_.research_key(caller.value()),
                  [response](const ResearchKeyView& view) {
                      response->set_certificate(view.certificate.data(), view.certificate.size());
                      response->set_wrap(view.wrap.data(), view.wrap.size());
                      for (const auto& holder : view.holders) {
                          response->add_holders(holder);
                      }
                  });
}

grpc::ServerUnaryReactor* ResearchService::PutResearchRecord(
    grpc::CallbackServerContext* context, const v1::PutResearchRecordRequest* request,
    v1::PutResearchRecordResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.put_research_record(caller.value(), bytes_of(request->case_id()),
                                  bytes_of(request->record()), finish_when_done(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* ResearchService::ListResearchRecords(
    grpc::CallbackServerContext* context, const v1::ListResearchRecordsRequest* request,
    v1::ListResearchRecordsResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    return finish(reactor,
                  registry_.research_records(caller.value(), bytes_of(request->after_case_id()),
                                             request->limit()),
                  [response](const ResearchRecordPage& page) {
                      for (const auto& record : page.records) {
                          response->add_records(record.data(), record.size());
                      }
                      response->set_more(page.more);
                  });
}

grpc::ServerUnaryReactor* ResearchService::AppendPrivacyLedger(
    grpc::CallbackServerContext* context, const v1::AppendPrivacyLedgerRequest* request,
    v1::AppendPrivacyLedgerResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.append_privacy_ledger(
        caller.value(), bytes_of(request->entry()),
        finish_when_done<std::uint64_t>(
            reactor, [response](std::uint64_t sequence) { response->set_sequence(sequence); }));
    return reactor;
}

grpc::ServerUnaryReactor* ResearchService::GetPrivacyLedger(
    grpc::CallbackServerContext* context, const v1::GetPrivacyLedgerRequest*,
    v1::GetPrivacyLedgerResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    return finish(reactor, registry_.privacy_ledger(caller.value()),
                  [response](const PrivacyLedgerView& view) {
                      for (const auto& entry : view.entries) {
                          response->add_entries(entry.data(), entry.size());
                      }
                      response->set_budget_millis_per_quarter(view.budget_millis_per_quarter);
                  });
}

}  // namespace weerbaar::server
