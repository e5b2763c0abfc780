#include "peer_address.h"

namespace weerbaar::server {

std::string peer_address(std::string_view peer) {
    // gRPC's URI form (src/core/lib/address_utils/sockaddr_utils.cc): scheme,
    // colon, then host:port with IPv6 hosts in brackets.
    for (const std::string_view scheme : {std::string_view("ipv4:"), std::string_view("ipv6:")}) {
        if (peer.substr(0, scheme.size()) != scheme) {
            continue;
        }
        std::string_view host_port = peer.substr(scheme.size());
        if (!host_port.empty() && host_port.front() == '[') {
            const auto close = host_port.find(']');
            return std::string(close == std::string_view::npos ? peer
                                                               : host_port.substr(1, close - 1));
        }
        const auto colon = host_port.rfind(':');
        return std::string(colon == std::string_view::npos ? host_port
                                                           : host_port.substr(0, colon));
    }
    return std::string(peer);
}

std::string peer_address(const grpc::CallbackServerContext& context) {
    return peer_address(context.peer());
}

}  // namespace weerbaar::server
