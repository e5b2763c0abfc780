// Operators and tools (grpcurl and the like) discover the API through the standard
// reflection service; it must list every Weerbaar service and health checking.

#include <catch2/catch.hpp>

#include "server_fixture.h"

namespace weerbaar::server::test {

TEST_CASE("the reflection service lists every service of the server", "[services]") {
    ServerFixture server;
    const std::string listed = server.reflected_services();
    for (const char* service :
         {"weerbaar.v1.AuthService", "weerbaar.v1.DirectoryService", "weerbaar.v1.CaseService",
          "weerbaar.v1.AuditService", "weerbaar.v1.AttachmentService", "grpc.health.v1.Health"}) {
        INFO(service);
        CHECK(listed.find(service) != std::string::npos);
    }
}

}  // namespace weerbaar::server::test
