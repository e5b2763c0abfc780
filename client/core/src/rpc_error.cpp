#include "weerbaar/client/rpc_error.h"

#include <string>

namespace weerbaar::client {

ErrorCode error_code_for(grpc::StatusCode code) {
    switch (code) {
        case grpc::StatusCode::INVALID_ARGUMENT:
        case grpc::StatusCode::OUT_OF_RANGE:
            return ErrorCode::invalid_argument;
        case grpc::StatusCode::NOT_FOUND:
            return ErrorCode::not_found;
        case grpc::StatusCode::ALREADY_EXISTS:
            return ErrorCode::already_exists;
        case grpc::StatusCode::PERMISSION_DENIED:
            return ErrorCode::permission_denied;
        case grpc::StatusCode::UNAUTHENTICATED:
            return ErrorCode::unauthenticated;
        case grpc::StatusCode::FAILED_PRECONDITION:
        case grpc::StatusCode::ABORTED:
            return ErrorCode::failed_precondition;
        case grpc::StatusCode::RESOURCE_EXHAUSTED:
            return ErrorCode::resource_exhausted;
        case grpc::StatusCode::UNAVAILABLE:
        case grpc::StatusCode::DEADLINE_EXCEEDED:
            return ErrorCode::unavailable;
        default:
            return ErrorCode::internal;
    }
}

Error error_from_rpc(const grpc::Status& status, std::string_view action) {
    const ErrorCode code = error_code_for(status.error_code());
    // A refusal the server words Dutch first ("nl / en": a full disk, a quota, a
    // back-off) keeps its Dutch half first and its English after the action.
    constexpr std::string_view kSeparator = " / ";
    const std::string& said = status.error_message();
    if (const auto separator = said.find(kSeparator);
        code == ErrorCode::resource_exhausted && separator != std::string::npos) {
        return Error(code, said.substr(0, separator) + std::string(kSeparator) +
                               std::string(action) + ": " +
                               said.substr(separator + kSeparator.size()));
    }
    std::string message(action);
    switch (code) {
        case ErrorCode::permission_denied:
            message = "not allowed: " + message;
            break;
        case ErrorCode::unavailable:
            message += ": server unreachable";
            break;
        default:
            message += ": refused by the server";
            break;
    }
    // The server's message is ours (no user data); it says why.
    if (!status.error_message().empty()) {
        message += " (" + status.error_message() + ")";
    }
    return Error(code, message);
}

Status check_rpc(const grpc::Status& status, std::string_view action) {
    if (status.ok()) {
        return ok_status();
    }
    return error_from_rpc(status, action);
}

Error login_error(const grpc::Status& status, std::string_view action) {
    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
        return Error(
            ErrorCode::unauthenticated,
            std::string(action) + ": refused by the server (not approved yet, or revoked)");
    }
    return error_from_rpc(status, action);
}

bool is_connection_error(const Error& error) {
    return error.code() == ErrorCode::unavailable || error.code() == ErrorCode::unauthenticated ||
           error.code() == ErrorCode::cancelled;
}

}  // namespace weerbaar::client
