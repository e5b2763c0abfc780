#include "case_fetch.h"

#include "session_rpc.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/rpc_error.h"

namespace weerbaar::client {
namespace {

Result<v1::GetCaseResponse> fetch_page(const Session& session, crypto::ByteView case_id,
                                       std::uint64_t after_sequence) {
    v1::GetCaseRequest request;
    request.set_case_id(case_id.data(), case_id.size());
    request.set_after_sequence(after_sequence);
    v1::GetCaseResponse response;
    const grpc::Status status = call_server(session, &SessionStubs::cases,
                                            &v1::CaseService::Stub::GetCase, request, &response);
    switch (status.error_code()) {
        case grpc::StatusCode::OK:
            return response;
        case grpc::StatusCode::NOT_FOUND:
            return unknown_case_error(ErrorCode::not_found, format_case_id(case_id));
        case grpc::StatusCode::PERMISSION_DENIED:
            return unknown_case_error(ErrorCode::permission_denied, format_case_id(case_id));
        default:
            return error_from_rpc(status, "fetch case " + short_case_id(case_id));
    }
}

}  // namespace

// The server pages records to stay under the message limit; the pages are joined
// here and checked as one sequence afterwards. `after`: only records newer than it.
Result<v1::GetCaseResponse> fetch_case(const Session& session, crypto::ByteView case_id,
                                       std::uint64_t after) {
    WEERBAAR_ASSIGN_OR_RETURN(v1::GetCaseResponse whole, fetch_page(session, case_id, after));
    while (whole.more()) {
        const std::uint64_t last =
            whole.records().empty() ? after : whole.records().rbegin()->sequence();
        WEERBAAR_ASSIGN_OR_RETURN(v1::GetCaseResponse page, fetch_page(session, case_id, last));
        // Every page must move forward, or a server could keep the client looping.
        if (page.records().empty() || page.records().begin()->sequence() <= last) {
            return Error(ErrorCode::integrity_failure,
                         "the server sent an inconsistent page of case " + short_case_id(case_id));
        }
        for (v1::StoredRecord& record : *page.mutable_records()) {
            *whole.add_records() = std::move(record);
        }
        whole.set_more(page.more());
    }
    return whole;
}

}  // namespace weerbaar::client
