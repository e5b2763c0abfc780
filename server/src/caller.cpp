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

Status require_active_member(Storage& storage, const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(auto member, storage.member(user));
    if (!member.has_value() || !member->active) {
        return Error(ErrorCode::permission_denied, "membership is no longer active");
    }
    return ok_status();
}

}  // namespace weerbaar::server
