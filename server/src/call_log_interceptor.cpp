#include "call_log_interceptor.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <string>

namespace weerbaar::server {
namespace {

class CallLogInterceptor final : public grpc::experimental::Interceptor {
  public:
    explicit CallLogInterceptor(const char* method)
        : method_(method != nullptr ? method : "?"), started_(std::chrono::steady_clock::now()) {}

    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
        if (methods->QueryInterceptionHookPoint(
                grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
            const grpc::Status status = methods->GetSendStatus();
            const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started_);
            spdlog::info("{} -> {} in {} us", method_, static_cast<int>(status.error_code()),
                         elapsed.count());
        }
        methods->Proceed();
    }

  private:
    std::string method_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace

grpc::experimental::Interceptor* CallLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
    return new CallLogInterceptor(info->method());
}

}  // namespace weerbaar::server
