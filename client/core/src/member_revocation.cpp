#include "weerbaar/client/member_revocation.h"

#include <algorithm>
#include <ctime>

#include "session_rpc.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/rpc_error.h"

namespace weerbaar::client {
namespace {

Result<crypto::Revocation> sign_revocation(const Session& session, const VerifiedMember& member) {
    crypto::RevocationBody body{member.user(), member.certificate.hash(),
                                static_cast<std::uint64_t>(std::time(nullptr)), session.user(),
                                session.keys().identity.signing.public_key()};
    return crypto::Revocation::issue(std::move(body), session.keys().identity.signing);
}

Result<v1::RevokeMemberResponse> store_revocation(const Session& session,
                                                  const crypto::Revocation& revocation,
                                                  bool confirm_orphans) {
    v1::RevokeMemberRequest request;
    const crypto::Bytes encoded = revocation.encode();
    request.set_revocation(encoded.data(), encoded.size());
    request.set_confirm_orphans(confirm_orphans);
    v1::RevokeMemberResponse response;
    WEERBAAR_TRY(
        check_rpc(call_server(session, &SessionStubs::directory,
                              &v1::DirectoryService::Stub::RevokeMember, request, &response),
                  "revoke '" + revocation.body().user + "'"));
    return response;
}

Result<std::vector<v1::CaseSummary>> cases_waiting_for_rotation(const Session& session) {
    v1::ListCasesResponse response;
    WEERBAAR_TRY(
        check_rpc(call_server(session, &SessionStubs::cases, &v1::CaseService::Stub::ListCases,
                              v1::ListCasesRequest{}, &response),
                  "list cases"));
    std::vector<v1::CaseSummary> waiting;
    for (const v1::CaseSummary& summary : response.cases()) {
        if (summary.rotation_required()) {
            waiting.push_back(summary);
        }
    }
    return waiting;
}

}  // namespace

Result<RevocationOutcome> revoke_member(const Session& session, MemberDirectory& directory,
                                        const std::string& user, bool confirm_orphans) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    if (me.role() != crypto::Role::coordinator) {
        return Error(ErrorCode::permission_denied,
                     "not allowed: only a coordinator revokes members");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember member, directory.member(user));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Revocation revocation,
                              sign_revocation(session, member));
    WEERBAAR_ASSIGN_OR_RETURN(const v1::RevokeMemberResponse stored,
                              store_revocation(session, revocation, confirm_orphans));
    const std::uint32_t cases_to_rotate = stored.cases_to_rotate();
    WEERBAAR_TRY(directory.remember_own_revocation(revocation));

    RevocationOutcome outcome;
    outcome.orphaned = stored.orphaned_cases();
    std::uint32_t rotated_of_member = 0;
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<v1::CaseSummary> waiting,
                              cases_waiting_for_rotation(session));
    for (const v1::CaseSummary& summary : waiting) {
        auto opened = open_case(session, directory, crypto::as_bytes(summary.case_id()));
        if (!opened.ok()) {
            // Not a current member (an earlier epoch only): someone else rotates it.
            if (opened.error().code() != ErrorCode::permission_denied &&
                !outcome.rotation_failure) {
                outcome.rotation_failure = opened.error();
            }
            continue;
        }
        const std::vector<std::string> current = opened.value().current_members();
        if (std::find(current.begin(), current.end(), session.user()) == current.end()) {
            continue;
        }
        const Status rotated = rotate_case_key(session, directory, opened.value());
        if (!rotated.ok()) {
            if (!outcome.rotation_failure) {
                outcome.rotation_failure = rotated.error();
            }
            continue;
        }
        ++outcome.rotated;
        if (std::find(current.begin(), current.end(), user) != current.end()) {
            ++rotated_of_member;
        }
    }
    outcome.waiting = cases_to_rotate > rotated_of_member ? cases_to_rotate - rotated_of_member : 0;
    return outcome;
}

}  // namespace weerbaar::client
