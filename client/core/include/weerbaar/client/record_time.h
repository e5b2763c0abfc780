#pragma once
// Which time a reader is shown for a record. The author's `created` is signed but
// comes from the author's clock, which a member can set to any date; the server's
// stored time cannot be set by a member (the server refuses records too far off its
// clock). So readers see the server's time, and a record whose two times differ by
// more than the allowed skew is marked ("tijd afwijkend").

#include <cstdint>

#include "weerbaar/client/case_reader.h"
#include "weerbaar/crypto/record.h"

namespace weerbaar::client {

// The skew the server allows between a record's `created` and its own clock
// (crypto::kMaxRecordClockSkew, one definition for both sides), in seconds.
inline constexpr std::int64_t kRecordClockSkewSeconds =
    std::chrono::seconds(crypto::kMaxRecordClockSkew).count();

// Unix seconds: the server's stored time, or the author's when the server gave none
// (stored_unix 0, a server from before it sent one).
[[nodiscard]] std::int64_t shown_time(const CaseRecord& record);

// True when both times are known and differ by more than kRecordClockSkewSeconds,
// either way (backdated or postdated).
[[nodiscard]] bool time_differs(const CaseRecord& record);

}  // namespace weerbaar::client
