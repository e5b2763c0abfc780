// The sessions Authenticator remembers (session_cache.h): a hit until the session
// expires or its member is forgotten, and a read begun before a forget_member()
// never put back.

#include "session_cache.h"

#include <catch2/catch.hpp>

namespace weerbaar::server {
namespace {

const crypto::Bytes kToken(32, 0x11);
const crypto::Bytes kOtherToken(32, 0x22);

Caller member(const std::string& user) { return Caller{user, crypto::Role::confidant, {1}, {2}}; }

}  // namespace

TEST_CASE("a remembered session is found until it expires", "[login][session-cache]") {
    SessionCache cache;
    CHECK_FALSE(cache.find(kToken, 100).has_value());
    cache.remember(kToken, member("bob"), 200, cache.generation());
    const auto found = cache.find(kToken, 100);
    REQUIRE(found.has_value());
    CHECK(found->user == "bob");
    CHECK(found->role == crypto::Role::confidant);
    CHECK_FALSE(cache.find(kToken, 200).has_value());  // expires at 200: over from then
    CHECK_FALSE(cache.find(kOtherToken, 100).has_value());
}

TEST_CASE("forgetting a member drops their sessions and no other's", "[login][session-cache]") {
    SessionCache cache;
    cache.remember(kToken, member("bob"), 200, cache.generation());
    cache.remember(kOtherToken, member("carol"), 200, cache.generation());
    cache.forget_member("bob");
    CHECK_FALSE(cache.find(kToken, 100).has_value());
    CHECK(cache.find(kOtherToken, 100).has_value());
}

TEST_CASE("a read begun before a member was forgotten is not remembered",
          "[login][session-cache]") {
    SessionCache cache;
    // The order of a racing authenticate() and a revocation's commit: the read
    // takes the generation, the revocation commits and forgets, the read finishes.
    const std::uint64_t before_read = cache.generation();
    cache.forget_member("bob");
    cache.remember(kToken, member("bob"), 200, before_read);
    CHECK_FALSE(cache.find(kToken, 100).has_value());
    // A read begun after it is.
    cache.remember(kToken, member("bob"), 200, cache.generation());
    CHECK(cache.find(kToken, 100).has_value());
}

TEST_CASE("a full cache starts again rather than grow", "[login][session-cache]") {
    SessionCache cache;
    for (std::size_t i = 0; i <= kMaxCachedSessions; ++i) {
        crypto::Bytes token(32, 0);
        for (std::size_t b = 0; b < sizeof(i); ++b) {
            token[b] = static_cast<std::uint8_t>(i >> (8 * b));
        }
        cache.remember(token, member("bob"), 200, cache.generation());
        CHECK(cache.size() <= kMaxCachedSessions);
    }
    CHECK(cache.size() == 1);  // the one remembered after the cache was emptied
}

}  // namespace weerbaar::server
