// What the per-call log line says at info level: every call except health checks,
// which a load balancer makes every few seconds.

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>
#include <memory>
#include <sstream>

#include "server_fixture.h"

namespace weerbaar::server {
namespace {

using test::ServerFixture;

// Sends the default logger's output to a string at info level while in scope.
class CapturedLog {
  public:
    CapturedLog() : previous_(spdlog::default_logger()) {
        auto logger = std::make_shared<spdlog::logger>(
            "captured", std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_));
        logger->set_level(spdlog::level::info);
        spdlog::set_default_logger(std::move(logger));
    }
    ~CapturedLog() { spdlog::set_default_logger(previous_); }
    CapturedLog(const CapturedLog&) = delete;
    CapturedLog& operator=(const CapturedLog&) = delete;

    [[nodiscard]] std::string text() {
        spdlog::default_logger()->flush();
        return stream_.str();
    }

  private:
    std::shared_ptr<spdlog::logger> previous_;
    std::ostringstream stream_;
};

}  // namespace

TEST_CASE("health checks are not logged at info level, other calls are", "[services]") {
    // First, so that the server stops before the default logger is restored.
    CapturedLog log;
    ServerFixture server;
    REQUIRE(server.serving());
    v1::Organisation organisation;
    grpc::ClientContext context;
    (void)server.directory->GetOrganisation(&context, {}, &organisation);
    const std::string text = log.text();
    INFO(text);
    CHECK(text.find("GetOrganisation") != std::string::npos);
    CHECK(text.find("grpc.health.v1.Health") == std::string::npos);
}

}  // namespace weerbaar::server
