#pragma once
// The one mapping from a grpc::Status to our Error. `action` says what was being
// attempted ("list cases"), so the message tells the user what failed and why. A
// RESOURCE_EXHAUSTED refusal the server words Dutch first ("nl / en": a full disk,
// a storage quota, a back-off) keeps its Dutch half first and its English after
// the action: "nl / action: en".

#include <grpcpp/support/status.h>

#include <string_view>

#include "weerbaar/result.h"

namespace weerbaar::client {

[[nodiscard]] ErrorCode error_code_for(grpc::StatusCode code);
[[nodiscard]] Error error_from_rpc(const grpc::Status& status, std::string_view action);
// ok_status() for an OK status, else error_from_rpc.
[[nodiscard]] Status check_rpc(const grpc::Status& status, std::string_view action);
// A refused login (AuthService.Login, not OK) as a person reads it. UNAUTHENTICATED
// names the usual reasons, as the server says none on purpose. The back-off
// refusal (RESOURCE_EXHAUSTED, worded by the server Dutch first) is shown as
// error_from_rpc shows it, so the wait shows in both languages.
[[nodiscard]] Error login_error(const grpc::Status& status, std::string_view action);

}  // namespace weerbaar::client
