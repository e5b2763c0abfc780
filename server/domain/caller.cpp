#include "caller.h"

#include <spdlog/spdlog.h>

#include <algorithm>

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

Status require_current_key(Storage& storage, const std::string& user, crypto::ByteView sign_pk) {
    WEERBAAR_ASSIGN_OR_RETURN(auto member, storage.member(user));
    if (!member.has_value() || !member->active) {
        return Error(ErrorCode::permission_denied, "membership is no longer active");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const Caller current, caller_from(*member));
    if (!std::equal(current.sign_pk.begin(), current.sign_pk.end(), sign_pk.begin(),
                    sign_pk.end())) {
        return Error(ErrorCode::invalid_argument,
                     "record signature does not verify against the author's certificate: "
                     "it was replaced while the record was on its way");
    }
    return ok_status();
}

}  // namespace weerbaar::server
