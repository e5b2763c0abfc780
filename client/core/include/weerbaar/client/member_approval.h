#pragma once
// A coordinator approves a pending enrolment by signing the member's certificate,
// but only after the fingerprint the member read out matches the requested keys.

#include <optional>
#include <string>

#include "weerbaar/client/member_directory.h"

namespace weerbaar::client {

struct Approval {
    VerifiedMember member;
    // The key this client knew for the name before (a member who enrolled again
    // after a revocation), when the approver confirmed replacing it.
    std::optional<std::string> replaced_fingerprint;
};

// Coordinators are certified by the root key (only whoever holds it may approve
// them); every other role by the approving coordinator's own key.
// When this client knew another key under the same name (trust.json), approving
// needs `confirm_new_key`; without it: invalid_argument naming the old and the new
// fingerprint, nothing signed.
[[nodiscard]] Result<Approval> approve_member(const Session& session, MemberDirectory& directory,
                                              const std::string& user, std::string_view role_name,
                                              std::string_view fingerprint, bool confirm_new_key);

}  // namespace weerbaar::client
