#include "case_service.h"

#include "bearer_token.h"
#include "status_mapping.h"

namespace weerbaar::server {
namespace {

crypto::Bytes bytes_of(const std::string& field) {
    return crypto::Bytes(field.begin(), field.end());
}

void fill_summary(const CaseRow& row, v1::CaseSummary& summary) {
    summary.set_case_id(row.case_id.data(), row.case_id.size());
    summary.set_epoch(row.epoch);
    summary.set_record_count(row.record_count);
    summary.set_created_unix(row.created);
    summary.set_updated_unix(row.updated);
}

}  // namespace

grpc::ServerUnaryReactor* CaseService::CreateCase(grpc::CallbackServerContext* context,
                                                  const v1::CreateCaseRequest* request,
                                                  v1::CreateCaseResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        reactor->Finish(to_grpc_status(caller.error()));
        return reactor;
    }
    registry_.create_case(caller.value(), bytes_of(request->case_id()),
                          bytes_of(request->creator_wrap()), bytes_of(request->first_record()),
                          [reactor, response](Result<std::uint64_t> sequence) {
                              if (!sequence.ok()) {
                                  reactor->Finish(to_grpc_status(sequence.error()));
                                  return;
                              }
                              response->set_sequence(sequence.value());
                              reactor->Finish(grpc::Status::OK);
                          });
    return reactor;
}

grpc::ServerUnaryReactor* CaseService::ListCases(grpc::CallbackServerContext* context,
                                                 const v1::ListCasesRequest*,
                                                 v1::ListCasesResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        reactor->Finish(to_grpc_status(caller.error()));
        return reactor;
    }
    auto cases = registry_.cases(caller.value());
    if (!cases.ok()) {
        reactor->Finish(to_grpc_status(cases.error()));
        return reactor;
    }
    for (const auto& row : cases.value()) {
        fill_summary(row, *response->add_cases());
    }
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

grpc::ServerUnaryReactor* CaseService::GetCase(grpc::CallbackServerContext* context,
                                               const v1::GetCaseRequest* request,
                                               v1::GetCaseResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        reactor->Finish(to_grpc_status(caller.error()));
        return reactor;
    }
    auto view =
        registry_.get_case(caller.value(), bytes_of(request->case_id()), request->after_sequence());
    if (!view.ok()) {
        reactor->Finish(to_grpc_status(view.error()));
        return reactor;
    }
    fill_summary(view.value().summary, *response->mutable_summary());
    for (const auto& wrap : view.value().my_wraps) {
        response->add_my_wraps(wrap.data(), wrap.size());
    }
    for (const auto& row : view.value().records) {
        auto* record = response->add_records();
        record->set_sequence(row.sequence);
        record->set_record(row.blob.data(), row.blob.size());
        record->set_stored_unix(row.stored);
    }
    for (const auto& row : view.value().members) {
        auto* member = response->add_members();
        member->set_user(row.user);
        member->set_epoch(row.epoch);
    }
    response->set_more(view.value().more);
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

grpc::ServerUnaryReactor* CaseService::AppendRecord(grpc::CallbackServerContext* context,
                                                    const v1::AppendRecordRequest* request,
                                                    v1::AppendRecordResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        reactor->Finish(to_grpc_status(caller.error()));
        return reactor;
    }
    registry_.append_record(caller.value(), bytes_of(request->case_id()),
                            bytes_of(request->record()),
                            [reactor, response](Result<std::uint64_t> sequence) {
                                if (!sequence.ok()) {
                                    reactor->Finish(to_grpc_status(sequence.error()));
                                    return;
                                }
                                response->set_sequence(sequence.value());
                                reactor->Finish(grpc::Status::OK);
                            });
    return reactor;
}

grpc::ServerUnaryReactor* CaseService::ShareCase(grpc::CallbackServerContext* context,
                                                 const v1::ShareCaseRequest* request,
                                                 v1::ShareCaseResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        reactor->Finish(to_grpc_status(caller.error()));
        return reactor;
    }
    registry_.share_case(caller.value(), bytes_of(request->case_id()), bytes_of(request->wrap()),
                         [reactor](Status status) { reactor->Finish(to_grpc_status(status)); });
    return reactor;
}

}  // namespace weerbaar::server
