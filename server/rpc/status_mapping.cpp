#include "status_mapping.h"

#include <spdlog/spdlog.h>

#include "storage_space.h"
#include "weerbaar/disk_full.h"

namespace weerbaar::server {

namespace {

// A full disk fails every write that meets it, perhaps thousands a second.
ThrottledWarning disk_full_warning{std::chrono::seconds(10)};

}  // namespace

grpc::Status to_grpc_status(const Error& error) {
    // What failed (a file, a statement) stays in the server's log; the member
    // learns that the server's disk is full and that nothing was stored.
    if (is_disk_full(error)) {
        disk_full_warning.warn("storage: a write failed, the disk is full: " + error.message());
        const Error refusal = disk_full_refusal();
        return {grpc::StatusCode::RESOURCE_EXHAUSTED, refusal.message()};
    }
    switch (error.code()) {
        case ErrorCode::invalid_argument:
            return {grpc::StatusCode::INVALID_ARGUMENT, error.message()};
        case ErrorCode::not_found:
            return {grpc::StatusCode::NOT_FOUND, error.message()};
        case ErrorCode::already_exists:
            return {grpc::StatusCode::ALREADY_EXISTS, error.message()};
        case ErrorCode::permission_denied:
            return {grpc::StatusCode::PERMISSION_DENIED, error.message()};
        case ErrorCode::unauthenticated:
            return {grpc::StatusCode::UNAUTHENTICATED, error.message()};
        case ErrorCode::failed_precondition:
            return {grpc::StatusCode::FAILED_PRECONDITION, error.message()};
        case ErrorCode::resource_exhausted:
            return {grpc::StatusCode::RESOURCE_EXHAUSTED, error.message()};
        case ErrorCode::integrity_failure:
            // For a server a signature that does not verify is bad input.
            return {grpc::StatusCode::INVALID_ARGUMENT, error.message()};
        case ErrorCode::unavailable:
            return {grpc::StatusCode::UNAVAILABLE, error.message()};
        case ErrorCode::cancelled:
            return {grpc::StatusCode::CANCELLED, error.message()};
        case ErrorCode::internal:
            break;
    }
    // Internal details (SQL errors, file names) stay in the server's log; the
    // client learns only the fact.
    spdlog::warn("internal error returned to a client: {}", error.message());
    return {grpc::StatusCode::INTERNAL, "internal server error"};
}

grpc::Status to_grpc_status(const Status& status) {
    if (status.ok()) {
        return grpc::Status::OK;
    }
    return to_grpc_status(status.error());
}

}  // namespace weerbaar::server
