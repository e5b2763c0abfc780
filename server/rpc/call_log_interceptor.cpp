#include "call_log_interceptor.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <string_view>

namespace weerbaar::server {
namespace {

class CallLogInterceptor final : public grpc::experimental::Interceptor {
  public:
    // `method` is gRPC's registered name, which lives as long as the server: it is
    // kept as a view, not copied, on every call.
    CallLogInterceptor(const char* method, CallStatistics& statistics)
        : method_(method != nullptr ? method : "?"),
          statistics_(statistics),
          started_(std::chrono::steady_clock::now()) {}

    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
        if (methods->QueryInterceptionHookPoint(
                grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
            const grpc::Status status = methods->GetSendStatus();
            const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started_);
            statistics_.record(method_, status.error_code(), elapsed);
            spdlog::debug("{} -> {} in {} us", method_, static_cast<int>(status.error_code()),
                          elapsed.count());
        }
        methods->Proceed();
    }

  private:
    const std::string_view method_;
    CallStatistics& statistics_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace

grpc::experimental::Interceptor* CallLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
    return new CallLogInterceptor(info->method(), statistics_);
}

}  // namespace weerbaar::server
