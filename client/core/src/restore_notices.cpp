#include "weerbaar/client/restore_notices.h"

#include "session_rpc.h"
#include "weerbaar/client/rpc_error.h"

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

Result<std::vector<crypto::RestoreNotice>> fetch_restore_notices(
    const Session& session, crypto::ByteView pinned_audit_sign_pk) {
    v1::Organisation organisation;
    WEERBAAR_TRY(check_rpc(
        call_server(session, &SessionStubs::directory, &v1::DirectoryService::Stub::GetOrganisation,
                    v1::GetOrganisationRequest{}, &organisation),
        "fetch the restore notices"));
    return verified_restore_notices(organisation, pinned_audit_sign_pk);
}

}  // namespace weerbaar::client
