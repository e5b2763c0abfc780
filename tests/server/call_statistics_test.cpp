// The per-interval call summary (call_statistics.h): counts, failures by code, the
// slowest call, and nothing carried over from one summary to the next.

#include "call_statistics.h"

#include <catch2/catch.hpp>

namespace weerbaar::server {

TEST_CASE("the call summary counts calls and failures per method", "[services][call-log]") {
    CallStatistics statistics;
    CHECK_FALSE(statistics.take().has_value());
    using std::chrono::microseconds;
    statistics.record("/weerbaar.v1.CaseService/AppendRecord", grpc::StatusCode::OK,
                      microseconds(900));
    statistics.record("/weerbaar.v1.CaseService/AppendRecord", grpc::StatusCode::OK,
                      microseconds(4200));
    statistics.record("/weerbaar.v1.CaseService/AppendRecord", grpc::StatusCode::INVALID_ARGUMENT,
                      microseconds(100));
    statistics.record("/weerbaar.v1.AuthService/Login", grpc::StatusCode::UNAUTHENTICATED,
                      microseconds(50));
    const auto summary = statistics.take();
    REQUIRE(summary.has_value());
    CHECK(*summary ==
          "AuthService/Login 1 (max 0 ms; UNAUTHENTICATED 1), "
          "CaseService/AppendRecord 3 (max 4 ms; INVALID_ARGUMENT 1)");
    CHECK_FALSE(statistics.take().has_value());
}

}  // namespace weerbaar::server
