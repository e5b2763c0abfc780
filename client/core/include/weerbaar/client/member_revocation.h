#pragma once
// A coordinator revokes a member: signs a crypto::Revocation of the member's current
// certificate, has the server store it, remembers it locally (so a server that later
// forgets it is caught), and then gives every case the caller is a current member of
// that waits for a new epoch its fresh key at once.

#include <cstdint>
#include <optional>
#include <string>

#include "weerbaar/client/member_directory.h"

namespace weerbaar::client {

struct RevocationOutcome {
    std::uint32_t rotated = 0;  // cases this call gave a new epoch
    std::uint32_t waiting = 0;  // cases of the member still waiting for someone else
    // Cases nobody but the member could read: the server gave them a retention
    // deadline (they count among `waiting`, and nobody will rotate them).
    std::uint32_t orphaned = 0;
    // The first case that could not be rotated; the revocation itself stands.
    std::optional<Error> rotation_failure;
};

// When the member is the only active member of some case, the server refuses
// (failed_precondition, nothing revoked) unless `confirm_orphans`.
[[nodiscard]] Result<RevocationOutcome> revoke_member(const Session& session,
                                                      MemberDirectory& directory,
                                                      const std::string& user,
                                                      bool confirm_orphans);

}  // namespace weerbaar::client
