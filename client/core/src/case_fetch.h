#pragma once
// Fetching a case's sealed records and grants from the server (GetCase), page by
// page: shared by the reader (case_reader.h), which verifies what comes back, and
// healing (case_healing.h). Nothing here checks a record.

#include <cstdint>

#include "weerbaar/client/session.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/v1/cases.pb.h"

namespace weerbaar::client {

// The records after `after` (0: all), every page joined into one response. Errors:
// not_found / permission_denied for a case the caller cannot see (Dutch first,
// naming the case), integrity_failure for a page that does not move forward, the
// RPC's otherwise.
[[nodiscard]] Result<v1::GetCaseResponse> fetch_case(const Session& session,
                                                     crypto::ByteView case_id, std::uint64_t after);

}  // namespace weerbaar::client
