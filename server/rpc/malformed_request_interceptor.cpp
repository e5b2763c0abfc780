#include "malformed_request_interceptor.h"

#include <spdlog/spdlog.h>

#include <string>

namespace weerbaar::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

class MalformedRequestInterceptor final : public grpc::experimental::Interceptor {
  public:
    explicit MalformedRequestInterceptor(const char* method)
        : method_(method != nullptr ? method : "?") {}

    void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
        if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
            methods->GetRecvMessage() == nullptr) {
            malformed_ = true;
            spdlog::debug("{}: request does not parse", method_);
        }
        if (malformed_ &&
            methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
            methods->ModifySendStatus(
                grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                             "het verzoek is onleesbaar / the request does not parse"));
        }
        methods->Proceed();
    }

  private:
    const std::string method_;
    bool malformed_ = false;  // one interceptor per call; gRPC runs its hooks in turn
};

}  // namespace

grpc::experimental::Interceptor* MalformedRequestInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
    using Type = grpc::experimental::ServerRpcInfo::Type;
    if (info->type() != Type::UNARY && info->type() != Type::SERVER_STREAMING) {
        return nullptr;  // gRPC skips a factory that returns no interceptor
    }
    return new MalformedRequestInterceptor(info->method());
}

}  // namespace weerbaar::server
