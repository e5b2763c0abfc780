#include "call_log_interceptor.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <string>
#include <string_view>

namespace weerbaar::server {
namespace {

class CallLogInterceptor final : public grpc::experimental::Interceptor {
  public:
    explicit CallLogInterceptor(const char* method)
        : method_(method != nullptr ? method : "?"),
          // Health checks come every few seconds from whatever watches the server;
          // at info they would drown the calls people make.
          level_(method_.rfind(kHealthPrefix, 0) == 0 ? spdlog::level::debug : spdlog::level::info),
          started_(std::chrono::steady_clock::now()) {}

    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
        if (methods->QueryInterceptionHookPoint(
                grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
            const grpc::Status status = methods->GetSendStatus();
            const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started_);
            spdlog::log(level_, "{} -> {} in {} us", method_, static_cast<int>(status.error_code()),
                        elapsed.count());
        }
        methods->Proceed();
    }

  private:
    static constexpr std::string_view kHealthPrefix = "/grpc.health.v1.Health/";

    const std::string method_;
    const spdlog::level::level_enum level_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace

grpc::experimental::Interceptor* CallLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
    return new CallLogInterceptor(info->method());
}

}  // namespace weerbaar::server
