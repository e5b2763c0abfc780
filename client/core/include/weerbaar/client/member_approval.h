#pragma once
// A coordinator approves a pending enrolment by signing the member's certificate,
// but only after the fingerprint the member read out matches the requested keys.

#include <string>

#include "weerbaar/client/member_directory.h"

namespace weerbaar::client {

// Coordinators are certified by the root key (only whoever holds it may approve
// them); every other role by the approving coordinator's own key.
[[nodiscard]] Result<VerifiedMember> approve_member(const Session& session,
                                                    MemberDirectory& directory,
                                                    const std::string& user,
                                                    std::string_view role_name,
                                                    std::string_view fingerprint);

}  // namespace weerbaar::client
