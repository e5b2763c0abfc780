#pragma once
// What the server says about its calls at the default level: one summary line per
// interval instead of one line per call. A line per call cost the throughput run
// of issue 13 184 MB of log (and the formatting, on every RPC thread); the summary
// says as much as an operator reads: how many calls of each method, how many
// failed and with which status code, and the slowest. Each call still has its own
// line at debug level (CallLogInterceptorFactory).
//
// Like the per-call line it replaces, it names methods and status codes only: no
// metadata, no peer address, no message contents, no user name.

#include <grpcpp/support/status.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace weerbaar::server {

class CallStatistics {
  public:
    // Counts one finished call. `method` is gRPC's full method name
    // ("/weerbaar.v1.CaseService/AppendRecord"). Thread-safe; one short lock.
    void record(std::string_view method, grpc::StatusCode code, std::chrono::microseconds elapsed);

    // The calls counted since the last take(), as one line, and starts counting
    // afresh; nullopt when there were none. Methods in name order, each as
    // "Service/Method N (max M ms)" plus "; CODE K" per failing status code.
    // Thread-safe.
    [[nodiscard]] std::optional<std::string> take();

  private:
    struct MethodCalls {
        std::uint64_t calls = 0;
        std::chrono::microseconds slowest{0};
        std::map<int, std::uint64_t> failures;  // by grpc::StatusCode
    };

    std::mutex mutex_;
    std::map<std::string, MethodCalls, std::less<>> methods_;
};

}  // namespace weerbaar::server
