#pragma once
// A coordinator approves a pending enrolment by signing the member's certificate,
// but only after the fingerprint the member read out matches the requested keys.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/client/member_directory.h"

namespace weerbaar::client {

struct Approval {
    VerifiedMember member;
    // The key this client knew for the name before (a member who enrolled again
    // after a revocation), when the approver confirmed replacing it.
    std::optional<std::string> replaced_fingerprint;
};

// A request to join that waits for a coordinator. It carries no fingerprint on
// purpose: the coordinator types the one the member reads out by phone
// (approve_member compares it with the requested keys), so there is nothing on the
// screen to click through.
struct PendingEnrolment {
    std::string user;
    // When the server received the request: unix seconds by the server's clock, not
    // signed (a hint for the coordinator, not evidence); 0 when the server gave none.
    std::uint64_t requested = 0;
    // The request is signed by the keys it asks to certify (crypto::verify_enrolment).
    // A request that is not can never be approved; it is listed so that it is seen.
    bool self_signed = false;
};

// Coordinators only (the server refuses others: permission_denied). The pending
// requests in the server's order (arrival), every page; several may share a name
// (a stranger may ask under someone's name too: the fingerprint tells them apart); unavailable / unauthenticated as any call.
// Threading: as the Session (session.h).
[[nodiscard]] Result<std::vector<PendingEnrolment>> list_enrolments(const Session& session);

// Approves, of the requests under `user`, the one whose keys have `fingerprint`:
// not_found when none waits under the name, integrity_failure when none has that
// fingerprint (nothing signed).
// Coordinators are certified by the root key (only whoever holds it may approve
// them); every other role by the approving coordinator's own key.
// When this client knew another key under the same name (trust.json), approving
// needs `confirm_new_key`; without it: invalid_argument naming the old and the new
// fingerprint, nothing signed.
[[nodiscard]] Result<Approval> approve_member(const Session& session, MemberDirectory& directory,
                                              const std::string& user, std::string_view role_name,
                                              std::string_view fingerprint, bool confirm_new_key);

}  // namespace weerbaar::client
