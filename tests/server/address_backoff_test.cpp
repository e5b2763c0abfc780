// Back-off per address, on a clock the test moves: when it starts, how it grows,
// when it ends, and that its memory stays bounded.

#include "address_backoff.h"

#include <catch2/catch.hpp>
#include <string>

namespace weerbaar::server {
namespace {

using Clock = AddressBackoff::Clock;
using std::chrono::seconds;

AddressBackoff::Settings small_settings(std::size_t max_addresses = 100) {
    return AddressBackoff::Settings{3,          seconds(60),  seconds(1),
                                    seconds(8), seconds(600), max_addresses};
}

}  // namespace

TEST_CASE("back-off starts at the nth failure within the window and refuses until it ends",
          "[login][backoff]") {
    AddressBackoff backoff(small_settings());
    const auto t0 = Clock::now();
    CHECK(backoff.record_failure("192.0.2.7", t0) == seconds(0));
    CHECK(backoff.record_failure("192.0.2.7", t0) == seconds(0));
    CHECK(backoff.remaining("192.0.2.7", t0) == seconds(0));
    // The third failure starts a back-off of 1 s; it is not itself refused.
    CHECK(backoff.record_failure("192.0.2.7", t0) == seconds(0));
    CHECK(backoff.remaining("192.0.2.7", t0) == seconds(1));
    // During it, failures are refused and do not lengthen it.
    CHECK(backoff.record_failure("192.0.2.7", t0 + std::chrono::milliseconds(100)) == seconds(1));
    CHECK(backoff.record_failure("192.0.2.7", t0 + std::chrono::milliseconds(900)) == seconds(1));
    CHECK(backoff.remaining("192.0.2.7", t0 + seconds(1)) == seconds(0));
    // Another address is not touched.
    CHECK(backoff.remaining("192.0.2.8", t0) == seconds(0));
    CHECK(backoff.record_failure("192.0.2.8", t0) == seconds(0));
}

TEST_CASE("failures spread wider than the window start no back-off", "[login][backoff]") {
    AddressBackoff backoff(small_settings());
    auto now = Clock::now();
    for (int i = 0; i < 10; ++i) {
        CHECK(backoff.record_failure("192.0.2.7", now) == seconds(0));
        CHECK(backoff.record_failure("192.0.2.7", now) == seconds(0));
        now += seconds(61);
    }
    CHECK(backoff.remaining("192.0.2.7", now) == seconds(0));
}

TEST_CASE("back-off doubles while failures go on, up to the cap, and a quiet period ends it",
          "[login][backoff]") {
    AddressBackoff backoff(small_settings());
    auto now = Clock::now();
    for (int i = 0; i < 3; ++i) {
        (void)backoff.record_failure("192.0.2.7", now);
    }
    CHECK(backoff.remaining("192.0.2.7", now) == seconds(1));
    for (const int expected : {2, 4, 8, 8, 8}) {
        now += backoff.remaining("192.0.2.7", now);  // the back-off runs out
        CHECK(backoff.record_failure("192.0.2.7", now) == seconds(0));
        CHECK(backoff.remaining("192.0.2.7", now) == seconds(expected));
    }
    // Ten quiet minutes: the address starts afresh, three failures to the next back-off.
    now += seconds(600);
    CHECK(backoff.record_failure("192.0.2.7", now) == seconds(0));
    CHECK(backoff.remaining("192.0.2.7", now) == seconds(0));
    CHECK(backoff.record_failure("192.0.2.7", now) == seconds(0));
    CHECK(backoff.record_failure("192.0.2.7", now) == seconds(0));
    CHECK(backoff.remaining("192.0.2.7", now) == seconds(1));
}

TEST_CASE("an IPv6 address counts by its /64", "[login][backoff]") {
    CHECK(AddressBackoff::key_of("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64");
    CHECK(AddressBackoff::key_of("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64");
    CHECK(AddressBackoff::key_of("192.0.2.7") == "192.0.2.7");
    CHECK(AddressBackoff::key_of("unix:/run/x") == "unix:/run/x");

    AddressBackoff backoff(small_settings());
    const auto now = Clock::now();
    (void)backoff.record_failure("2001:db8:1:2::1", now);
    (void)backoff.record_failure("2001:db8:1:2::2", now);
    (void)backoff.record_failure("2001:db8:1:2::3", now);
    CHECK(backoff.remaining("2001:db8:1:2::ffff", now) == seconds(1));
    CHECK(backoff.remaining("2001:db8:1:3::1", now) == seconds(0));
}

TEST_CASE("no more addresses are tracked than the limit, under a stream of new ones",
          "[login][backoff]") {
    AddressBackoff backoff(small_settings(64));
    auto now = Clock::now();
    for (int i = 0; i < 5000; ++i) {
        (void)backoff.record_failure(
            "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256), now);
        now += std::chrono::milliseconds(1);
        REQUIRE(backoff.tracked() <= 64);
    }
    // The newest stay: the last address is still counted.
    (void)backoff.record_failure("10.0.19.135", now);
    (void)backoff.record_failure("10.0.19.135", now);
    CHECK(backoff.remaining("10.0.19.135", now) == seconds(1));
}

}  // namespace weerbaar::server
