// The failed-login tally: the detail line of the one audit entry per interval, and
// its bounds (names kept, bytes written).

#include "failed_login_tally.h"

#include <catch2/catch.hpp>
#include <string>

#include "weerbaar/crypto/audit.h"

namespace weerbaar::server {
namespace {

using Clock = FailedLoginTally::Clock;
using std::chrono::seconds;

bool printable_ascii(const std::string& text) {
    for (const char c : text) {
        if (c < 0x20 || c > 0x7e) {
            return false;
        }
    }
    return true;
}

}  // namespace

TEST_CASE("the tally sums up an interval in one line, the most tried names first",
          "[login][audit]") {
    const auto start = Clock::now();
    FailedLoginTally tally(100, start);
    CHECK_FALSE(tally.take(start + seconds(60)).has_value());  // nothing counted, nothing written

    for (int i = 0; i < 20; ++i) tally.record("alice");
    for (int i = 0; i < 5; ++i) tally.record("bob");
    for (const std::string name : {"carol", "dirk", "eva", "fenna", "gijs"}) tally.record(name);
    tally.record("Not A Name");
    tally.record(std::string(200, 'x'));
    const auto line = tally.take(start + seconds(120));
    REQUIRE(line.has_value());
    CHECK(*line ==
          "32 failed logins under 7 names, 2 under malformed names in 60 s; most: alice 20, bob 5, "
          "carol 1, dirk 1, eva 1");
    // The next interval starts empty.
    CHECK_FALSE(tally.take(start + seconds(180)).has_value());
    tally.record("alice");
    CHECK(tally.take(start + seconds(181)) == "1 failed login under 1 name in 1 s; most: alice 1");
}

TEST_CASE("past the names limit, further names are counted together and the line stays short",
          "[login][audit]") {
    const auto start = Clock::now();
    FailedLoginTally tally(10, start);
    for (int i = 0; i < 5000; ++i) {
        tally.record(std::string(60, 'a') + std::to_string(i % 1000));
    }
    const auto line = tally.take(start + seconds(60));
    REQUIRE(line.has_value());
    INFO(*line);
    CHECK(line->starts_with("5000 failed logins under more than 10 names in 60 s; most: "));
    CHECK(line->size() <= 512);
    CHECK(printable_ascii(*line));
    // It fits an audit entry as its detail.
    crypto::AuditEntryBody body;
    body.sequence = 1;
    body.event = crypto::AuditEvent::login_failed;
    body.detail = *line;
    body.previous_hash = crypto::Bytes(crypto::kAuditHashSize, 0);
    CHECK(crypto::AuditEntry::create(body).ok());
}

}  // namespace weerbaar::server
