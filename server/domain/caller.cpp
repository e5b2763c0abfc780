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

Status require_coordinator(const Caller& caller, std::string_view what) {
    if (caller.role != crypto::Role::coordinator) {
        return Error(ErrorCode::permission_denied, "only a coordinator may " + std::string(what));
    }
    return ok_status();
}

Status check_coordinator_recipient(Storage& storage, const std::string& recipient,
                                   crypto::ByteView recipient_enc_pk, std::string_view what) {
    WEERBAAR_ASSIGN_OR_RETURN(auto member, storage.member(recipient));
    if (!member.has_value() || !member->active) {
        return Error(ErrorCode::failed_precondition, std::string(what) +
                                                         " can only go to an active coordinator, "
                                                         "not to " +
                                                         recipient);
    }
    WEERBAAR_ASSIGN_OR_RETURN(const Caller certified, caller_from(*member));
    if (certified.role != crypto::Role::coordinator) {
        return Error(ErrorCode::permission_denied, "only coordinators hold " + std::string(what) +
                                                       ", and " + recipient + " is not one");
    }
    if (!std::equal(certified.enc_pk.begin(), certified.enc_pk.end(), recipient_enc_pk.begin(),
                    recipient_enc_pk.end())) {
        return Error(ErrorCode::invalid_argument, std::string(what) + " for " + recipient +
                                                      " is not sealed to their certified key");
    }
    return ok_status();
}

}  // namespace weerbaar::server
