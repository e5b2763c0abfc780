#pragma once

#include <string>
#include <string_view>

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

// As require_active_member, and `user`'s stored certificate must still certify
// `sign_pk`. A record's signature is verified before its write is queued, against
// the certificate the caller was authenticated by; a write that stores the record
// calls this, so a certificate replaced in between (a revoked member enrolled again
// with new keys) cannot carry a record signed by the old key into the case.
// invalid_argument if the key differs.
[[nodiscard]] Status require_current_key(Storage& storage, const std::string& user,
                                         crypto::ByteView sign_pk);

// permission_denied unless the caller is a coordinator: "only a coordinator may <what>".
[[nodiscard]] Status require_coordinator(const Caller& caller, std::string_view what);

// What a coordinator may seal to another (the research key, a root key share): the
// recipient is an active coordinator (failed_precondition, permission_denied) whose
// certified enc key is `recipient_enc_pk` (invalid_argument). `what` names the thing
// sealed in the messages ("the research key").
[[nodiscard]] Status check_coordinator_recipient(Storage& storage, const std::string& recipient,
                                                 crypto::ByteView recipient_enc_pk,
                                                 std::string_view what);

}  // namespace weerbaar::server
