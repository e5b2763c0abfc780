#include "weerbaar/client/testing/session_test_access.h"

#include <chrono>

#include "session_rpc.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::client::testing {

grpc::Status SessionTestAccess::append_record_unchecked(const Session& session,
                                                        const v1::AppendRecordRequest& request,
                                                        v1::AppendRecordResponse* response) {
    return call_server(session, &SessionStubs::cases, &v1::CaseService::Stub::AppendRecord, request,
                       response);
}

grpc::Status SessionTestAccess::create_case_unchecked(const Session& session,
                                                      const v1::CreateCaseRequest& request,
                                                      v1::CreateCaseResponse* response) {
    return call_server(session, &SessionStubs::cases, &v1::CaseService::Stub::CreateCase, request,
                       response);
}

grpc::Status SessionTestAccess::list_cases_unchecked(const Session& session,
                                                     v1::ListCasesResponse* response) {
    return call_server(session, &SessionStubs::cases, &v1::CaseService::Stub::ListCases,
                       v1::ListCasesRequest{}, response);
}

std::string SessionTestAccess::token_text(const Session& session) {
    const SessionToken token = SessionRpc::current_token(session);
    if (!token) {
        return {};
    }
    const auto bytes = token->expose_secret();
    return std::string(bytes.begin(), bytes.end());
}

grpc::Status SessionTestAccess::list_cases_with_token(const Session& session,
                                                      const std::string& token) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    context.AddMetadata("authorization", "Bearer " + token);
    v1::ListCasesResponse response;
    return SessionRpc::stubs(session).cases->ListCases(&context, v1::ListCasesRequest{}, &response);
}

void SessionTestAccess::forget_token(const Session& session) {
    // The same shape as a real token (64 hex characters), so that it passes the
    // server's format check and is refused as unknown.
    const std::string hex = crypto::to_hex(crypto::random_bytes(32));
    SessionRpc::replace_token(session, crypto::SecretBuffer::copy_of(crypto::as_bytes(hex)));
}

}  // namespace weerbaar::client::testing
