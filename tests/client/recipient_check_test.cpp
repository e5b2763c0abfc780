#include "weerbaar/client/recipient_check.h"

#include <catch2/catch.hpp>

using weerbaar::client::names_one_edit_from;
using weerbaar::client::one_edit_apart;

TEST_CASE("names one replaced, inserted or deleted character apart are near misses",
          "[recipient]") {
    CHECK(one_edit_apart("carla", "carIa"));   // replaced
    CHECK(one_edit_apart("carla", "carlla"));  // inserted
    CHECK(one_edit_apart("carla", "cara"));    // deleted
    CHECK(one_edit_apart("carla", "xcarla"));  // inserted in front
    CHECK(one_edit_apart("carla", "carlax"));  // appended
    CHECK(one_edit_apart("a", ""));
}

TEST_CASE("equal names and names two edits apart are not near misses", "[recipient]") {
    CHECK_FALSE(one_edit_apart("carla", "carla"));
    CHECK_FALSE(one_edit_apart("", ""));
    CHECK_FALSE(one_edit_apart("carla", "karel"));
    CHECK_FALSE(one_edit_apart("carla", "acrla"));  // a transposition is two edits
    CHECK_FALSE(one_edit_apart("carla", "carlaxx"));
    CHECK_FALSE(one_edit_apart("bram", "anne"));
}

TEST_CASE("the near misses of a name among the members keep their order", "[recipient]") {
    const std::vector<std::string> members{"anne", "bram", "carla", "carl", "karla", "daan"};
    CHECK(names_one_edit_from(members, "carla") == std::vector<std::string>{"carl", "karla"});
    CHECK(names_one_edit_from(members, "piet").empty());
}
