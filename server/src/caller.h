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

}  // namespace weerbaar::server
