#include "case_service.h"

#include "bearer_token.h"
#include "proto_bytes.h"
#include "unary_completion.h"

namespace weerbaar::server {
namespace {

void fill_summary(const CaseRow& row, v1::CaseSummary& summary) {
    summary.set_case_id(row.case_id.data(), row.case_id.size());
    summary.set_epoch(row.epoch);
    summary.set_record_count(row.record_count);
    summary.set_created_unix(row.created);
    summary.set_updated_unix(row.updated);
    summary.set_rotation_required(row.rotation_required);
    summary.set_retention_until_unix(row.retention_until);
}

Result<RetentionChange> retention_change_of(v1::RetentionChange change) {
    switch (change) {
        case v1::RETENTION_UNCHANGED:
            return RetentionChange::unchanged;
        case v1::RETENTION_START:
            return RetentionChange::start;
        case v1::RETENTION_CLEAR:
            return RetentionChange::clear;
        default:
            break;
    }
    return Error(ErrorCode::invalid_argument, "unknown retention change");
}

}  // namespace

grpc::ServerUnaryReactor* CaseService::CreateCase(grpc::CallbackServerContext* context,
                                                  const v1::CreateCaseRequest* request,
                                                  v1::CreateCaseResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.create_case(
        caller.value(), bytes_of(request->case_id()), bytes_of(request->case_id_nonce()),
        bytes_of(request->creator_wrap()), bytes_of(request->first_record()),
        request->handed_back(),
        finish_when_done<std::uint64_t>(
            reactor, [response](std::uint64_t sequence) { response->set_sequence(sequence); }));
    return reactor;
}

grpc::ServerUnaryReactor* CaseService::ListCases(grpc::CallbackServerContext* context,
                                                 const v1::ListCasesRequest*,
                                                 v1::ListCasesResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    return finish(reactor, registry_.cases(caller.value()),
                  [response](const std::vector<CaseRow>& cases) {
                      for (const auto& row : cases) {
                          fill_summary(row, *response->add_cases());
                      }
                  });
}

grpc::ServerUnaryReactor* CaseService::SyncCases(grpc::CallbackServerContext* context,
                                                 const v1::SyncCasesRequest* request,
                                                 v1::SyncCasesResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    // Metadata the member's ListCases shows too, so not audited either: only reads
    // of a case's content (GetCase) are.
    return finish(reactor,
                  registry_.sync(caller.value(), request->since_version(), sync_page_items_),
                  [response](const CaseSync& sync) {
                      for (const auto& row : sync.changed) {
                          fill_summary(row, *response->add_changed());
                      }
                      for (const auto& id : sync.removed) {
                          response->add_removed_case_ids(id.data(), id.size());
                      }
                      response->set_version(sync.version);
                      response->set_more(sync.more);
                      response->set_reset(sync.reset);
                  });
}

grpc::ServerUnaryReactor* CaseService::GetCase(grpc::CallbackServerContext* context,
                                               const v1::GetCaseRequest* request,
                                               v1::GetCaseResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.get_case(caller.value(), bytes_of(request->case_id()), request->after_sequence(),
                       finish_when_done<CaseView>(reactor, [response](const CaseView& view) {
                           fill_summary(view.summary, *response->mutable_summary());
                           for (const auto& wrap : view.my_wraps) {
                               response->add_my_wraps(wrap.data(), wrap.size());
                           }
                           for (const auto& row : view.records) {
                               auto* record = response->add_records();
                               record->set_sequence(row.sequence);
                               record->set_record(row.blob.data(), row.blob.size());
                               record->set_stored_unix(row.stored);
                           }
                           for (const auto& row : view.members) {
                               auto* member = response->add_members();
                               member->set_user(row.user);
                               member->set_epoch(row.epoch);
                               response->add_all_wraps(row.wrap.data(), row.wrap.size());
                           }
                           response->set_more(view.more);
                       }));
    return reactor;
}

grpc::ServerUnaryReactor* CaseService::AppendRecord(grpc::CallbackServerContext* context,
                                                    const v1::AppendRecordRequest* request,
                                                    v1::AppendRecordResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    auto retention = retention_change_of(request->retention());
    if (!retention.ok()) {
        return finish(reactor, retention.error());
    }
    const auto answer = [response](const AppendedRecord& appended) {
        response->set_sequence(appended.sequence);
        response->set_retention_until_unix(appended.retention_until);
    };
    if (request->handed_back()) {
        // A verbatim copy binds no new blob and changes no deadline: those were the
        // original append's to do (docs/adr/0009).
        if (!request->attachment_id().empty() || retention.value() != RetentionChange::unchanged) {
            return finish(reactor, Error(ErrorCode::invalid_argument,
                                         "a handed-back record carries no attachment or "
                                         "retention change"));
        }
        registry_.hand_back_record(caller.value(), bytes_of(request->case_id()),
                                   bytes_of(request->record()),
                                   finish_when_done<AppendedRecord>(reactor, answer));
        return reactor;
    }
    registry_.append_record(caller.value(), bytes_of(request->case_id()),
                            bytes_of(request->record()),
                            AppendOptions{bytes_of(request->attachment_id()), retention.value()},
                            finish_when_done<AppendedRecord>(reactor, answer));
    return reactor;
}

grpc::ServerUnaryReactor* CaseService::ShareCase(grpc::CallbackServerContext* context,
                                                 const v1::ShareCaseRequest* request,
                                                 v1::ShareCaseResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.share_case(caller.value(), bytes_of(request->case_id()), bytes_of(request->wrap()),
                         bytes_of(request->history_wraps()), finish_when_done(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* CaseService::UnshareCase(grpc::CallbackServerContext* context,
                                                   const v1::UnshareCaseRequest* request,
                                                   v1::UnshareCaseResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.unshare_case(caller.value(), bytes_of(request->case_id()), request->user(),
                           request->new_epoch(), bytes_of(request->wraps()),
                           finish_when_done(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* CaseService::RotateCaseKey(grpc::CallbackServerContext* context,
                                                     const v1::RotateCaseKeyRequest* request,
                                                     v1::RotateCaseKeyResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    registry_.rotate_case_key(caller.value(), bytes_of(request->case_id()), request->new_epoch(),
                              bytes_of(request->wraps()), finish_when_done(reactor));
    return reactor;
}

}  // namespace weerbaar::server
