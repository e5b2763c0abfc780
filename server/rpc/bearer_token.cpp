#include "bearer_token.h"

#include <string_view>

namespace weerbaar::server {

std::string bearer_token(const grpc::CallbackServerContext& context) {
    static constexpr std::string_view kScheme = "Bearer ";
    const auto& metadata = context.client_metadata();
    const auto found = metadata.find("authorization");
    if (found == metadata.end()) {
        return {};
    }
    const std::string_view value(found->second.data(), found->second.size());
    if (value.substr(0, kScheme.size()) != kScheme) {
        return {};
    }
    return std::string(value.substr(kScheme.size()));
}

}  // namespace weerbaar::server
