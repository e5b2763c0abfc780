// The standard health service (grpc.health.v1) answers for the server as a whole and
// for each of its services by name, as monitoring and load balancers ask
// (docs/operations.md, "What to monitor").

#include <catch2/catch.hpp>

#include "server_fixture.h"

namespace weerbaar::server::test {

TEST_CASE("the health service answers SERVING for the server and each service by name",
          "[services][health]") {
    ServerFixture server;
    CHECK(server.serving());
    for (const char* service :
         {"weerbaar.v1.AuthService", "weerbaar.v1.DirectoryService", "weerbaar.v1.CaseService",
          "weerbaar.v1.AuditService", "weerbaar.v1.AttachmentService",
          "weerbaar.v1.NotificationService", "weerbaar.v1.ResearchService"}) {
        INFO(service);
        CHECK(server.serving(service));
    }
}

TEST_CASE("the health service does not know a service the server does not run",
          "[services][health]") {
    ServerFixture server;
    CHECK(server.health("weerbaar.v1.NoSuchService").first == grpc::StatusCode::NOT_FOUND);
    CHECK(server.health("weerbaar.v1.casesERVICE").first == grpc::StatusCode::NOT_FOUND);
}

}  // namespace weerbaar::server::test
