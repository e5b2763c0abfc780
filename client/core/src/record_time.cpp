#include "weerbaar/client/record_time.h"

#include <limits>

namespace weerbaar::client {

std::int64_t shown_time(const CaseRecord& record) {
    if (record.stored_unix != 0) {
        return record.stored_unix;
    }
    // A created time past int64 is nonsense from the author's clock; clamp it.
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(record.created > kMax ? kMax : record.created);
}

bool time_differs(const CaseRecord& record) {
    if (record.stored_unix == 0) {
        return false;
    }
    const auto stored = static_cast<std::uint64_t>(record.stored_unix < 0 ? 0 : record.stored_unix);
    const std::uint64_t distance =
        record.created > stored ? record.created - stored : stored - record.created;
    return distance > static_cast<std::uint64_t>(kRecordClockSkewSeconds);
}

}  // namespace weerbaar::client
