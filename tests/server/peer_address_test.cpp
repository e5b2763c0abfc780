#include "peer_address.h"

#include <catch2/catch.hpp>

namespace weerbaar::server {

TEST_CASE("peer_address keeps the host and drops the port", "[peer_address]") {
    CHECK(peer_address("ipv4:192.0.2.7:51234") == "192.0.2.7");
    CHECK(peer_address("ipv4:127.0.0.1:1") == "127.0.0.1");
    CHECK(peer_address("ipv6:[2001:db8::1]:51234") == "2001:db8::1");
    CHECK(peer_address("ipv6:[::1]:443") == "::1");
}

TEST_CASE("peer_address keeps an unknown shape whole, as a stable key", "[peer_address]") {
    CHECK(peer_address("unix:/run/weerbaar.sock") == "unix:/run/weerbaar.sock");
    CHECK(peer_address("") == "");
    CHECK(peer_address("ipv6:[::1") == "ipv6:[::1");
}

}  // namespace weerbaar::server
