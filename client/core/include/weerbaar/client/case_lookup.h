#pragma once
// From what a person typed to a case id: the full id or a unique prefix of at least
// kMinCaseIdPrefix hex characters, among the cases the server lists for the caller.

#include <string_view>

#include "weerbaar/client/case_id.h"
#include "weerbaar/client/session.h"

namespace weerbaar::client {

// One SyncCases round trip into the profile's local store (sync_case_summaries,
// case_cache.h), then match_case_id (case_id.h) on the ids kept. Errors:
// invalid_argument for malformed, too short or ambiguous text; permission_denied
// ("onbekende zaak of niet met je gedeeld") for a case the caller cannot see, whether
// it does not exist or is not shared with them; the call's own error otherwise (e.g.
// unavailable). The ids are what the server lists; a case's content is verified when
// it is read, as before.
[[nodiscard]] Result<crypto::Bytes> resolve_case_id(const Session& session, std::string_view text);

}  // namespace weerbaar::client
