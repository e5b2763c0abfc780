#include "weerbaar/client/member_approval.h"

#include <ctime>

#include "session_rpc.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/crypto/fingerprint.h"
#include "weerbaar/crypto/proof_of_possession.h"

namespace weerbaar::client {
namespace {

// Every pending request (under `user` only, when it is not empty), page by page.
Result<std::vector<v1::EnrolmentRequest>> fetch_enrolments(const Session& session,
                                                           const std::string& user) {
    std::vector<v1::EnrolmentRequest> enrolments;
    v1::ListEnrolmentsRequest request;
    request.set_user(user);
    // The server keeps at most 1,000 requests (docs/server.md); the bound only
    // stops a server that keeps answering with a next page.
    for (int page = 0; page < 64; ++page) {
        v1::ListEnrolmentsResponse response;
        WEERBAAR_TRY(
            check_rpc(call_server(session, &SessionStubs::directory,
                                  &v1::DirectoryService::Stub::ListEnrolments, request, &response),
                      "list pending enrolments"));
        for (v1::EnrolmentRequest& enrolment : *response.mutable_enrolments()) {
            enrolments.push_back(std::move(enrolment));
        }
        if (response.next_page_token().empty()) {
            return enrolments;
        }
        request.set_page_token(response.next_page_token());
    }
    return Error(ErrorCode::internal, "the server keeps answering with more pending enrolments");
}

bool self_signed(const v1::EnrolmentRequest& enrolment) {
    return crypto::verify_enrolment(enrolment.user(), crypto::as_bytes(enrolment.sign_pk()),
                                    crypto::as_bytes(enrolment.enc_pk()),
                                    crypto::as_bytes(enrolment.signature()))
        .ok();
}

// Of the requests under `user` (a stranger may have sent some too), the one whose
// keys have the fingerprint the member read out by phone.
Result<v1::EnrolmentRequest> pending_enrolment(const Session& session, const std::string& user,
                                               std::string_view fingerprint) {
    WEERBAAR_ASSIGN_OR_RETURN(const auto enrolments, fetch_enrolments(session, user));
    std::size_t of_user = 0;
    for (const v1::EnrolmentRequest& enrolment : enrolments) {
        if (enrolment.user() != user) {
            continue;
        }
        ++of_user;
        const std::string requested = crypto::member_fingerprint(
            crypto::as_bytes(enrolment.sign_pk()), crypto::as_bytes(enrolment.enc_pk()));
        if (crypto::fingerprints_match(requested, fingerprint)) {
            return enrolment;
        }
    }
    if (of_user == 0) {
        return Error(ErrorCode::not_found, "no pending enrolment for '" + user + "'");
    }
    return Error(ErrorCode::integrity_failure,
                 "fingerprint mismatch for '" + user + "': none of the " + std::to_string(of_user) +
                     " pending request(s) has the keys the member read to you; nothing was "
                     "signed");
}

// The request must be signed by its own key (pending_enrolment matched the key
// the member read out).
Status check_enrolment(const v1::EnrolmentRequest& enrolment) {
    if (!self_signed(enrolment)) {
        return Error(ErrorCode::integrity_failure,
                     "enrolment of '" + enrolment.user() + "' is not signed by its own key");
    }
    return ok_status();
}

// A name whose earlier key this client knew is someone enrolling again (after a
// revocation) or someone taking over the name: the approver must say it is meant.
Result<std::optional<std::string>> check_known_key(const TrustStore& trust,
                                                   const v1::EnrolmentRequest& enrolment,
                                                   bool confirm_new_key) {
    const auto known = trust.state().keys.find(enrolment.user());
    const std::string requested = crypto::member_fingerprint(crypto::as_bytes(enrolment.sign_pk()),
                                                             crypto::as_bytes(enrolment.enc_pk()));
    if (known == trust.state().keys.end() ||
        crypto::fingerprints_match(known->second.fingerprint, requested)) {
        return std::optional<std::string>();
    }
    if (!confirm_new_key) {
        return Error(ErrorCode::invalid_argument,
                     "je kende een eerdere sleutel van '" + enrolment.user() + "' (" +
                         known->second.fingerprint +
                         "); er is niets ondertekend / you knew an earlier key of '" +
                         enrolment.user() + "'; nothing was signed",
                     "confirm_new_key",
                     "controleer telefonisch dat dit dezelfde persoon is en bevestig de nieuwe "
                     "sleutel / check by phone that this is the same person and confirm the new "
                     "key");
    }
    return std::optional<std::string>(known->second.fingerprint);
}

}  // namespace

Result<std::vector<PendingEnrolment>> list_enrolments(const Session& session) {
    WEERBAAR_ASSIGN_OR_RETURN(const auto enrolments, fetch_enrolments(session, {}));
    std::vector<PendingEnrolment> pending;
    pending.reserve(enrolments.size());
    for (const v1::EnrolmentRequest& enrolment : enrolments) {
        pending.push_back(
            PendingEnrolment{enrolment.user(), enrolment.requested(), self_signed(enrolment)});
    }
    return pending;
}

Result<Approval> approve_member(const Session& session, MemberDirectory& directory,
                                const std::string& user, std::string_view role_name,
                                std::string_view fingerprint, bool confirm_new_key) {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Role role, crypto::parse_role(role_name));
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    if (me.role() != crypto::Role::coordinator) {
        return Error(ErrorCode::permission_denied,
                     "not allowed: only a coordinator approves members");
    }
    const crypto::SigningKeyPair* issuer_key = &session.keys().identity.signing;
    std::string issuer = session.user();
    if (role == crypto::Role::coordinator) {
        const auto& root = session.keys().root;
        if (!root || root->public_key() != session.settings().root_sign_pk) {
            return Error(ErrorCode::permission_denied,
                         "not allowed: approving a coordinator needs the organisation's root key, "
                         "which is not in your keystore");
        }
        issuer_key = &*root;
        issuer = std::string(crypto::kRootIssuer);
    }
    WEERBAAR_ASSIGN_OR_RETURN(const v1::EnrolmentRequest enrolment,
                              pending_enrolment(session, user, fingerprint));
    WEERBAAR_TRY(check_enrolment(enrolment));
    WEERBAAR_ASSIGN_OR_RETURN(std::optional<std::string> replaced,
                              check_known_key(directory.trust(), enrolment, confirm_new_key));

    crypto::CertificateBody body{
        user,
        role,
        crypto::Bytes(enrolment.sign_pk().begin(), enrolment.sign_pk().end()),
        crypto::Bytes(enrolment.enc_pk().begin(), enrolment.enc_pk().end()),
        static_cast<std::uint64_t>(std::time(nullptr)),
        issuer,
        issuer_key->public_key()};
    WEERBAAR_ASSIGN_OR_RETURN(crypto::Certificate certificate,
                              crypto::Certificate::issue(std::move(body), *issuer_key));
    v1::ApproveMemberRequest request;
    const crypto::Bytes encoded = certificate.encode();
    request.set_certificate(encoded.data(), encoded.size());
    v1::ApproveMemberResponse response;
    WEERBAAR_TRY(
        check_rpc(call_server(session, &SessionStubs::directory,
                              &v1::DirectoryService::Stub::ApproveMember, request, &response),
                  "approve '" + user + "'"));
    // The approver compared this very key with the member by phone.
    const std::string approved_fingerprint = certificate.fingerprint();
    WEERBAAR_TRY(directory.trust().mark_key_verified(user, approved_fingerprint));
    VerifiedMember approved{std::move(certificate), true};
    approved.key_verified = true;
    approved.known_fingerprint = approved_fingerprint;
    return Approval{std::move(approved), std::move(replaced)};
}

}  // namespace weerbaar::client
