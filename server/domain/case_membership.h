#pragma once
// Who may see a case: the members of its current epoch, i.e. the users holding a
// key wrap for the epoch the case is at. A member removed by UnshareCase, or left
// out of a rotation, holds wraps of earlier epochs only and has no access.

#include <string>

#include "storage.h"

namespace weerbaar::server {

// invalid_argument unless `case_id` has crypto::kCaseIdSize (16) bytes.
[[nodiscard]] Status check_case_id(ByteView case_id);

// The same answer for an unknown case and a case the caller is not in, so that
// the answer does not tell whether the case exists.
[[nodiscard]] Error not_a_member();

// The case, if `user` is an active member (re-read here: see require_active_member)
// and a member of its current epoch; permission_denied if not (or if there is no
// such case).
[[nodiscard]] Result<CaseRow> current_case_of(Storage& storage, ByteView case_id,
                                              const std::string& user);

}  // namespace weerbaar::server
