#pragma once

#include <string>

#include "storage.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/certificate.h"

namespace weerbaar::server {

// The authenticated member behind a call, as their stored certificate says.
struct Caller {
    std::string user;
    crypto::Role role = crypto::Role::peer;
    crypto::Bytes sign_pk;
    crypto::Bytes enc_pk;
};

// The member as their stored row and certificate describe them.
[[nodiscard]] Result<Caller> caller_from(const MemberRow& member);

// Re-reads `user`'s member row on `storage`: permission_denied unless they are
// still an active member. Authenticator checks this on the read connection before
// a write is queued, and a revocation may commit in between; a write that acts
// for a caller calls this inside itself, so it sees the writer's own view.
[[nodiscard]] Status require_active_member(Storage& storage, const std::string& user);

}  // namespace weerbaar::server
