#include "weerbaar/client/restore_notices.h"

namespace weerbaar::client {

Result<std::vector<crypto::RestoreNotice>> verified_restore_notices(
    const v1::Organisation& organisation, crypto::ByteView pinned_audit_sign_pk) {
    std::vector<crypto::RestoreNotice> notices;
    for (const v1::RestoreNotice& published : organisation.restore_notices()) {
        WEERBAAR_ASSIGN_OR_RETURN(
            crypto::RestoreNotice notice,
            crypto::verify_restore_notice(crypto::as_bytes(published.audit_entry()),
                                          crypto::as_bytes(published.checkpoint()),
                                          pinned_audit_sign_pk));
        if (!notices.empty() && notice.sequence <= notices.back().sequence) {
            return Error(ErrorCode::integrity_failure, "decryption or verification failed");
        }
        notices.push_back(std::move(notice));
    }
    return notices;
}

}  // namespace weerbaar::client
