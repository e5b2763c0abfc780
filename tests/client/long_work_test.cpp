#include "weerbaar/client/long_work.h"

#include <catch2/catch.hpp>
#include <utility>
#include <vector>

namespace weerbaar::client {

TEST_CASE("a default LongWork reports nothing and never stops", "[long_work]") {
    const LongWork work;
    work.report(1, 2);  // no callback: nothing happens
    CHECK_FALSE(work.stop_requested());
    CHECK(work.check_stop("list cases").ok());
}

TEST_CASE("a requested stop is the cancelled error, in Dutch and English", "[long_work]") {
    std::stop_source stop;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
    const LongWork work{
        [&](std::uint64_t done, std::uint64_t total) { seen.emplace_back(done, total); },
        stop.get_token()};
    work.report(3, 10);
    CHECK(seen == std::vector<std::pair<std::uint64_t, std::uint64_t>>{{3, 10}});
    CHECK(work.check_stop("upload the attachment").ok());
    stop.request_stop();
    const Status stopped = work.check_stop("upload the attachment");
    REQUIRE_FALSE(stopped.ok());
    CHECK(stopped.error().code() == ErrorCode::cancelled);
    CHECK(stopped.error().message() ==
          "gestopt op verzoek; er is niets bewaard / stopped on request: upload the attachment; "
          "nothing was kept");
}

}  // namespace weerbaar::client
