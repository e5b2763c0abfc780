#include "exit_code.h"

namespace weerbaar::cli {

ExitCode exit_code_for(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_argument:
        case ErrorCode::not_found:
        case ErrorCode::already_exists:
            return ExitCode::bad_input;
        case ErrorCode::permission_denied:
        case ErrorCode::unauthenticated:
            return ExitCode::denied;
        case ErrorCode::integrity_failure:
            return ExitCode::integrity;
        case ErrorCode::unavailable:
            return ExitCode::unreachable;
        case ErrorCode::cancelled:
            return ExitCode::stopped;
        case ErrorCode::failed_precondition:
        case ErrorCode::resource_exhausted:
        case ErrorCode::internal:
            return ExitCode::other;
    }
    return ExitCode::other;
}

}  // namespace weerbaar::cli
