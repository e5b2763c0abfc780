#include "call_statistics.h"

#include <utility>

namespace weerbaar::server {
namespace {

// gRPC's names for its status codes (grpc/impl/codegen/status.h), for the log.
std::string_view code_name(int code) {
    static constexpr std::string_view kNames[] = {"OK",
                                                  "CANCELLED",
                                                  "UNKNOWN",
                                                  "INVALID_ARGUMENT",
                                                  "DEADLINE_EXCEEDED",
                                                  "NOT_FOUND",
                                                  "ALREADY_EXISTS",
                                                  "PERMISSION_DENIED",
                                                  "RESOURCE_EXHAUSTED",
                                                  "FAILED_PRECONDITION",
                                                  "ABORTED",
                                                  "OUT_OF_RANGE",
                                                  "UNIMPLEMENTED",
                                                  "INTERNAL",
                                                  "UNAVAILABLE",
                                                  "DATA_LOSS",
                                                  "UNAUTHENTICATED"};
    if (code < 0 || static_cast<std::size_t>(code) >= std::size(kNames)) {
        return "?";
    }
    return kNames[code];
}

// "/weerbaar.v1.CaseService/AppendRecord" -> "CaseService/AppendRecord".
std::string_view short_name(std::string_view method) {
    const auto slash = method.rfind('/');
    if (slash == std::string_view::npos || slash == 0) {
        return method;
    }
    const auto dot = method.rfind('.', slash);
    return method.substr(dot == std::string_view::npos ? 1 : dot + 1);
}

}  // namespace

void CallStatistics::record(std::string_view method, grpc::StatusCode code,
                            std::chrono::microseconds elapsed) {
    std::lock_guard lock(mutex_);
    auto found = methods_.find(method);
    if (found == methods_.end()) {
        found = methods_.emplace(std::string(method), MethodCalls{}).first;
    }
    MethodCalls& calls = found->second;
    ++calls.calls;
    if (elapsed > calls.slowest) {
        calls.slowest = elapsed;
    }
    if (code != grpc::StatusCode::OK) {
        ++calls.failures[static_cast<int>(code)];
    }
}

std::optional<std::string> CallStatistics::take() {
    std::map<std::string, MethodCalls, std::less<>> taken;
    {
        std::lock_guard lock(mutex_);
        taken.swap(methods_);
    }
    if (taken.empty()) {
        return std::nullopt;
    }
    std::string line;
    for (const auto& [method, calls] : taken) {
        if (!line.empty()) {
            line += ", ";
        }
        line += std::string(short_name(method)) + " " + std::to_string(calls.calls) + " (max " +
                std::to_string(calls.slowest.count() / 1000) + " ms";
        for (const auto& [code, count] : calls.failures) {
            line += "; " + std::string(code_name(code)) + " " + std::to_string(count);
        }
        line += ")";
    }
    return line;
}

}  // namespace weerbaar::server
