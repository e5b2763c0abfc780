#pragma once
// One error type for the whole project. Codes follow gRPC's so that exactly one
// function (server/src/status_mapping.cpp) turns an Error into a grpc::Status and
// one (client/cli/exit_code.cpp) turns it into a CLI exit code. Exceptions never
// cross a module boundary: fallible work returns Result<T>, and the result must be used.
//
// An Error is structured so that any front end can present it without parsing text:
//  - code: the class of failure (what a program branches on);
//  - message: what happened, one line, for a person (Dutch first where it has Dutch);
//  - field: which input is wrong, as a path into the input ("incident.date",
//    "contact.note", "outcome"); empty when no single input is to blame. A form marks it;
//  - hint: what the person can do about it, Dutch first, English after " / "; empty
//    when the message already says it. Never names a front end's controls (no CLI
//    flags, no buttons): each front end maps code and field to its own words.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace weerbaar {

enum class ErrorCode {
    invalid_argument,     // the caller's input is malformed or out of range
    not_found,            // a named thing does not exist
    already_exists,       // a thing that must be new exists already
    permission_denied,    // authenticated, but not allowed (not a member, wrong role, revoked)
    unauthenticated,      // no valid session
    failed_precondition,  // the system is not in a state for this call (e.g. no organisation yet)
    resource_exhausted,   // a size limit or quota is hit
    integrity_failure,    // a signature, MAC, chain or fingerprint does not verify
    unavailable,          // the server cannot be reached
    internal,             // a bug or an environment failure (disk, database)
    cancelled,            // the caller asked to stop (a std::stop_token); nothing was kept
};

class Error {
  public:
    Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
    Error(ErrorCode code, std::string message, std::string field, std::string hint = {})
        : code_(code),
          message_(std::move(message)),
          field_(std::move(field)),
          hint_(std::move(hint)) {}

    [[nodiscard]] ErrorCode code() const { return code_; }
    [[nodiscard]] const std::string& message() const { return message_; }
    // Empty when no single input is to blame.
    [[nodiscard]] const std::string& field() const { return field_; }
    // Empty when there is no advice beyond the message.
    [[nodiscard]] const std::string& hint() const { return hint_; }

  private:
    ErrorCode code_;
    std::string message_;
    std::string field_;
    std::string hint_;
};

// Result<T>: either a T or an Error. Result<void> carries only success or an Error.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] T& value() & {
        assert(ok());
        return std::get<T>(state_);
    }
    [[nodiscard]] const T& value() const& {
        assert(ok());
        return std::get<T>(state_);
    }
    [[nodiscard]] T&& value() && {
        assert(ok());
        return std::get<T>(std::move(state_));
    }
    [[nodiscard]] const Error& error() const {
        assert(!ok());
        return std::get<Error>(state_);
    }

  private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

    [[nodiscard]] bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const Error& error() const {
        assert(failed_);
        return error_;
    }

  private:
    Error error_{ErrorCode::internal, ""};
    bool failed_ = false;
};

using Status = Result<void>;

[[nodiscard]] inline Status ok_status() { return {}; }

}  // namespace weerbaar

// Propagate an error from an expression returning Status or Result<T>.
#define WEERBAAR_TRY(expr)                       \
    do {                                         \
        auto weerbaar_try_result_ = (expr);      \
        if (!weerbaar_try_result_.ok()) {        \
            return weerbaar_try_result_.error(); \
        }                                        \
    } while (false)

// Assign the value of a Result<T> to `lhs`, or return its error.
#define WEERBAAR_ASSIGN_OR_RETURN(lhs, expr) \
    WEERBAAR_ASSIGN_OR_RETURN_IMPL_(WEERBAAR_CONCAT_(weerbaar_r_, __LINE__), lhs, expr)
#define WEERBAAR_CONCAT_INNER_(a, b) a##b
#define WEERBAAR_CONCAT_(a, b) WEERBAAR_CONCAT_INNER_(a, b)
#define WEERBAAR_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)         \
    auto tmp = (expr); /* NOLINT(bugprone-macro-parentheses) */ \
    if (!(tmp).ok()) {                                          \
        return (tmp).error();                                   \
    }                                                           \
    lhs = std::move(tmp).value()  // NOLINT(bugprone-macro-parentheses): lhs may be a declaration
