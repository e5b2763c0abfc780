#pragma once
// TEST ONLY. Reaches the server past the core's checks, as a modified or hostile
// client would: tests use it to send what the real client never sends, and to end a
// session as the server would. It lives in its own library
// (weerbaar_client_core_testing) that only test binaries link; no front end may.
// The public core hands out no stub (session.h).

#include <grpcpp/support/status.h>

#include <string>

#include "weerbaar/client/session.h"
#include "weerbaar/v1/cases.grpc.pb.h"

namespace weerbaar::client::testing {

class SessionTestAccess {
  public:
    // The raw calls, with the session's token (renewed once if it ended), nothing checked.
    [[nodiscard]] static grpc::Status append_record_unchecked(
        const Session& session, const v1::AppendRecordRequest& request,
        v1::AppendRecordResponse* response);
    [[nodiscard]] static grpc::Status create_case_unchecked(const Session& session,
                                                            const v1::CreateCaseRequest& request,
                                                            v1::CreateCaseResponse* response);

    // One ListCases round trip and nothing else (the bench's baseline).
    [[nodiscard]] static grpc::Status list_cases_unchecked(const Session& session,
                                                           v1::ListCasesResponse* response);

    // The bearer token the session uses now, as text; "" when it has none (logged out).
    [[nodiscard]] static std::string token_text(const Session& session);
    // One ListCases round trip with `token` as the bearer token, on the session's
    // channel, never renewed: whether the server still takes that token.
    [[nodiscard]] static grpc::Status list_cases_with_token(const Session& session,
                                                            const std::string& token);

    // Replaces the bearer token by one the server never issued, so that the next
    // call is refused as after the session's end (the server answers an unknown and
    // an expired token alike).
    static void forget_token(const Session& session);
};

}  // namespace weerbaar::client::testing
