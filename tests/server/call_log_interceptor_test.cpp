// What the call log says at info level: no line per call, a summary per interval
// (call_statistics.h) that counts each method's calls and failures by status code.

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

TEST_CASE("calls get no line each at info level, and the summary counts them", "[services]") {
    // First, so that the server stops before the default logger is restored.
    CapturedLog log;
    ServerFixture server;
    REQUIRE(server.serving());
    for (int i = 0; i < 3; ++i) {
        v1::Organisation organisation;
        grpc::ClientContext context;
        (void)server.directory->GetOrganisation(&context, {}, &organisation);
    }
    v1::ListCasesResponse cases;
    grpc::ClientContext context;
    const grpc::Status refused = server.cases->ListCases(&context, {}, &cases);  // no token
    REQUIRE(refused.error_code() == grpc::StatusCode::UNAUTHENTICATED);

    const std::string before_summary = log.text();
    INFO(before_summary);
    CHECK(before_summary.find("GetOrganisation") == std::string::npos);
    CHECK(before_summary.find("ListCases") == std::string::npos);

    server.instance().log_call_summary();
    const std::string text = log.text();
    INFO(text);
    CHECK(text.find("DirectoryService/GetOrganisation 3 (max ") != std::string::npos);
    CHECK(text.find("CaseService/ListCases 1 (max ") != std::string::npos);
    CHECK(text.find("UNAUTHENTICATED 1") != std::string::npos);

    // Counting starts afresh: a summary with no calls since says nothing.
    const std::size_t length = text.size();
    server.instance().log_call_summary();
    CHECK(log.text().size() == length);
}

}  // namespace weerbaar::server
