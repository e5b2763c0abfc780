// The checks of a root key split that need no server (root_key_shares.h): what the CLI
// runs before it asks for the passphrase, and the core again before it splits.

#include "weerbaar/client/root_key_shares.h"

#include <catch2/catch.hpp>

namespace weerbaar::client {
namespace {

bool refused_at(const RootKeySplitRequest& request, const std::string& field) {
    const Status status = check_root_key_split_request(request);
    return !status.ok() && status.error().code() == ErrorCode::invalid_argument &&
           status.error().field() == field;
}

TEST_CASE("a split request needs 2 <= threshold <= shares <= 255", "[root_key]") {
    CHECK(check_root_key_split_request({3, 2, {}}).ok());
    CHECK(check_root_key_split_request({2, 2, {}}).ok());
    CHECK(check_root_key_split_request({255, 255, {}}).ok());
    CHECK(refused_at({3, 1, {}}, "threshold"));  // one share would be the whole key
    CHECK(refused_at({3, 0, {}}, "threshold"));
    CHECK(refused_at({3, 4, {}}, "threshold"));
    CHECK(refused_at({256, 2, {}}, "threshold"));
    CHECK(refused_at({1, 1, {}}, "threshold"));
}

TEST_CASE("a split request naming its holders has one share for each", "[root_key]") {
    CHECK(check_root_key_split_request({2, 2, {"anne", "bram"}}).ok());
    CHECK(refused_at({3, 2, {"anne", "bram"}}, "shares"));
    CHECK(refused_at({2, 2, {"anne", "bram", "carla"}}, "shares"));
    const Status status = check_root_key_split_request({3, 2, {"anne"}});
    REQUIRE_FALSE(status.ok());
    CHECK_THAT(status.error().message(), Catch::StartsWith("het aantal delen (3)"));
}

}  // namespace
}  // namespace weerbaar::client
