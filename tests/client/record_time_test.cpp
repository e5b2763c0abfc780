#include "weerbaar/client/record_time.h"

#include <catch2/catch.hpp>

using weerbaar::client::CaseRecord;
using weerbaar::client::kRecordClockSkewSeconds;
using weerbaar::client::shown_time;
using weerbaar::client::time_differs;

namespace {

CaseRecord record_at(std::uint64_t created, std::int64_t stored) {
    CaseRecord record;
    record.created = created;
    record.stored_unix = stored;
    return record;
}

constexpr std::int64_t kStored = 1'790'000'000;

}  // namespace

TEST_CASE("readers are shown the server's time", "[record_time]") {
    CHECK(shown_time(record_at(kStored - 5, kStored)) == kStored);
    CHECK(shown_time(record_at(1'000, kStored)) == kStored);
}

TEST_CASE("without a server time the author's time is shown, unmarked", "[record_time]") {
    CHECK(shown_time(record_at(1'000, 0)) == 1'000);
    CHECK_FALSE(time_differs(record_at(1'000, 0)));
}

TEST_CASE("a record more than the skew off the server clock is marked", "[record_time]") {
    const auto stored = static_cast<std::uint64_t>(kStored);
    const auto skew = static_cast<std::uint64_t>(kRecordClockSkewSeconds);
    CHECK_FALSE(time_differs(record_at(stored, kStored)));
    CHECK_FALSE(time_differs(record_at(stored - skew, kStored)));
    CHECK_FALSE(time_differs(record_at(stored + skew, kStored)));
    CHECK(time_differs(record_at(stored - skew - 1, kStored)));  // backdated
    CHECK(time_differs(record_at(stored + skew + 1, kStored)));  // postdated
    CHECK(time_differs(record_at(0, kStored)));
    CHECK(time_differs(record_at(UINT64_MAX, kStored)));
}
