#include "caller.h"

#include <spdlog/spdlog.h>

namespace weerbaar::server {

Result<Caller> caller_from(const MemberRow& member) {
    auto certificate = crypto::Certificate::decode(member.certificate);
    if (!certificate.ok()) {
        // Only certificates that decoded were ever stored.
        spdlog::error("a stored member certificate does not decode");
        return Error(ErrorCode::internal, "a stored certificate does not decode");
    }
    const auto& body = certificate.value().body();
    return Caller{member.user, body.role, body.sign_pk, body.enc_pk};
}

}  // namespace weerbaar::server
