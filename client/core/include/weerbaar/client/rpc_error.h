#pragma once
// The one mapping from a grpc::Status to our Error. `action` says what was being
// attempted ("list cases"), so the message tells the user what failed and why.

#include <grpcpp/support/status.h>

#include <string_view>

#include "weerbaar/result.h"

namespace weerbaar::client {

[[nodiscard]] ErrorCode error_code_for(grpc::StatusCode code);
[[nodiscard]] Error error_from_rpc(const grpc::Status& status, std::string_view action);
// Whether `error` is about reaching the server or the session, not about the
// request: unavailable (a deadline included), unauthenticated, cancelled. A walk
// over many cases stops on one of these; any other error belongs to one case.
[[nodiscard]] bool is_connection_error(const Error& error);
// ok_status() for an OK status, else error_from_rpc.
[[nodiscard]] Status check_rpc(const grpc::Status& status, std::string_view action);
// A refused login (AuthService.Login, not OK) as a person reads it. UNAUTHENTICATED
// names the usual reasons, as the server says none on purpose. The back-off
// refusal, and every RESOURCE_EXHAUSTED the server words Dutch first ("nl / en": a
// full disk, a quota), keeps its Dutch half first and its English after the action.
[[nodiscard]] Error login_error(const grpc::Status& status, std::string_view action);

}  // namespace weerbaar::client
