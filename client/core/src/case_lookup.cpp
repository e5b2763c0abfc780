#include "weerbaar/client/case_lookup.h"

#include <grpcpp/client_context.h>

#include "session_rpc.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/v1/cases.grpc.pb.h"

namespace weerbaar::client {

Result<crypto::Bytes> resolve_case_id(const Session& session, std::string_view text) {
    // Malformed text is refused before anything is sent.
    WEERBAAR_TRY(check_case_id_text(text));
    v1::ListCasesResponse response;
    WEERBAAR_TRY(
        check_rpc(call_server(session, &SessionStubs::cases, &v1::CaseService::Stub::ListCases,
                              v1::ListCasesRequest{}, &response),
                  "list cases"));
    std::vector<crypto::Bytes> known;
    known.reserve(static_cast<std::size_t>(response.cases_size()));
    for (const v1::CaseSummary& summary : response.cases()) {
        const auto id = crypto::as_bytes(summary.case_id());
        known.emplace_back(id.begin(), id.end());
    }
    return match_case_id(text, known);
}

}  // namespace weerbaar::client
