#include "case_membership.h"

#include <algorithm>

#include "caller.h"
#include "weerbaar/crypto/case_key.h"

namespace weerbaar::server {

Status check_case_id(ByteView case_id) {
    if (case_id.size() != crypto::kCaseIdSize) {
        return Error(ErrorCode::invalid_argument, "a case id is 16 bytes");
    }
    return ok_status();
}

Error not_a_member() { return Error(ErrorCode::permission_denied, "not a member of this case"); }

Result<CaseRow> current_case_of(Storage& storage, ByteView case_id, const std::string& user) {
    WEERBAAR_TRY(require_active_member(storage, user));
    WEERBAAR_ASSIGN_OR_RETURN(auto found, storage.find_case(case_id));
    if (!found.has_value()) {
        return not_a_member();
    }
    WEERBAAR_ASSIGN_OR_RETURN(auto members, storage.case_members(case_id));
    const bool current = std::any_of(members.begin(), members.end(), [&](const CaseMemberRow& m) {
        return m.user == user && m.epoch == found->epoch;
    });
    if (!current) {
        return not_a_member();
    }
    return *std::move(found);
}

}  // namespace weerbaar::server
