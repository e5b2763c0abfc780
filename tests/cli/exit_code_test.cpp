#include "exit_code.h"

#include <catch2/catch.hpp>

#include "weerbaar/client/rpc_error.h"

using weerbaar::Error;
using weerbaar::ErrorCode;
using weerbaar::cli::exit_code_for;
using weerbaar::cli::ExitCode;
using weerbaar::client::error_code_for;

TEST_CASE("bad input maps to exit code 2", "[exit_code]") {
    CHECK(exit_code_for(ErrorCode::invalid_argument) == ExitCode::bad_input);
    CHECK(exit_code_for(ErrorCode::not_found) == ExitCode::bad_input);
    CHECK(exit_code_for(ErrorCode::already_exists) == ExitCode::bad_input);
    CHECK(static_cast<int>(ExitCode::bad_input) == 2);
}

TEST_CASE("denial maps to exit code 3", "[exit_code]") {
    CHECK(exit_code_for(ErrorCode::permission_denied) == ExitCode::denied);
    CHECK(exit_code_for(ErrorCode::unauthenticated) == ExitCode::denied);
    CHECK(static_cast<int>(ExitCode::denied) == 3);
}

TEST_CASE("integrity failure maps to exit code 4", "[exit_code]") {
    CHECK(exit_code_for(Error(ErrorCode::integrity_failure, "x")) == ExitCode::integrity);
    CHECK(static_cast<int>(ExitCode::integrity) == 4);
}

TEST_CASE("an unreachable server maps to exit code 5", "[exit_code]") {
    CHECK(exit_code_for(ErrorCode::unavailable) == ExitCode::unreachable);
    CHECK(static_cast<int>(ExitCode::unreachable) == 5);
}

TEST_CASE("everything else maps to exit code 1", "[exit_code]") {
    CHECK(exit_code_for(ErrorCode::internal) == ExitCode::other);
    CHECK(exit_code_for(ErrorCode::failed_precondition) == ExitCode::other);
    CHECK(exit_code_for(ErrorCode::resource_exhausted) == ExitCode::other);
    CHECK(static_cast<int>(ExitCode::other) == 1);
}

TEST_CASE("grpc status codes map to our error codes", "[exit_code][rpc_error]") {
    CHECK(error_code_for(grpc::StatusCode::UNAVAILABLE) == ErrorCode::unavailable);
    CHECK(error_code_for(grpc::StatusCode::DEADLINE_EXCEEDED) == ErrorCode::unavailable);
    CHECK(error_code_for(grpc::StatusCode::PERMISSION_DENIED) == ErrorCode::permission_denied);
    CHECK(error_code_for(grpc::StatusCode::UNAUTHENTICATED) == ErrorCode::unauthenticated);
    CHECK(error_code_for(grpc::StatusCode::INVALID_ARGUMENT) == ErrorCode::invalid_argument);
    CHECK(error_code_for(grpc::StatusCode::NOT_FOUND) == ErrorCode::not_found);
    CHECK(error_code_for(grpc::StatusCode::ALREADY_EXISTS) == ErrorCode::already_exists);
    CHECK(error_code_for(grpc::StatusCode::RESOURCE_EXHAUSTED) == ErrorCode::resource_exhausted);
    CHECK(error_code_for(grpc::StatusCode::FAILED_PRECONDITION) == ErrorCode::failed_precondition);
    CHECK(error_code_for(grpc::StatusCode::INTERNAL) == ErrorCode::internal);
    CHECK(error_code_for(grpc::StatusCode::UNKNOWN) == ErrorCode::internal);
}

TEST_CASE("a refused rpc names the action and reaches the right exit code", "[rpc_error]") {
    const Error denied = weerbaar::client::error_from_rpc(
        grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "not a case member"), "add the note");
    CHECK(denied.message() == "not allowed: add the note (not a case member)");
    CHECK(exit_code_for(denied) == ExitCode::denied);

    const Error down = weerbaar::client::error_from_rpc(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, ""), "list cases");
    CHECK(down.message() == "list cases: server unreachable");
    CHECK(exit_code_for(down) == ExitCode::unreachable);
}

TEST_CASE("an ok rpc status is success", "[rpc_error]") {
    CHECK(weerbaar::client::check_rpc(grpc::Status::OK, "x").ok());
}

TEST_CASE("a stop asked for maps to exit code 6", "[exit_code]") {
    CHECK(exit_code_for(ErrorCode::cancelled) == ExitCode::stopped);
    CHECK(static_cast<int>(ExitCode::stopped) == 6);
}
