#include "weerbaar/client/audit_log.h"

#include "session_rpc.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/restore_notices.h"
#include "weerbaar/client/rpc_error.h"

namespace weerbaar::client {
namespace {

// The pinned audit key; a profile from before audit keys pins the server's now
// (trust on first use), after checking that the server still presents our root.
Result<crypto::Bytes> pinned_audit_key(const Session& session, bool& pinned_now) {
    const crypto::Bytes& pinned = session.settings().audit_sign_pk;
    if (!pinned.empty()) {
        return pinned;
    }
    v1::Organisation organisation;
    WEERBAAR_TRY(check_rpc(
        call_server(session, &SessionStubs::directory, &v1::DirectoryService::Stub::GetOrganisation,
                    v1::GetOrganisationRequest{}, &organisation),
        "fetch the audit key"));
    if (crypto::as_bytes(organisation.root_sign_pk()).size() != crypto::kSignPublicKeySize ||
        crypto::Bytes(organisation.root_sign_pk().begin(), organisation.root_sign_pk().end()) !=
            session.settings().root_sign_pk) {
        return Error(ErrorCode::integrity_failure,
                     "the server presents another organisation key than the one you pinned");
    }
    crypto::Bytes audit(organisation.audit_sign_pk().begin(), organisation.audit_sign_pk().end());
    if (audit.size() != crypto::kSignPublicKeySize) {
        return Error(ErrorCode::integrity_failure, "the server has no valid audit key");
    }
    WEERBAAR_TRY(session.profile().pin_audit_key(audit));
    pinned_now = true;
    return audit;
}

Result<v1::GetAuditLogResponse> fetch_audit_page(const Session& session,
                                                 std::uint64_t after_sequence) {
    v1::GetAuditLogRequest request;
    request.set_after_sequence(after_sequence);
    v1::GetAuditLogResponse response;
    WEERBAAR_TRY(check_rpc(call_server(session, &SessionStubs::audit,
                                       &v1::AuditService::Stub::GetAuditLog, request, &response),
                           "fetch the audit log"));
    return response;
}

struct FetchedChain {
    std::vector<crypto::AuditEntry> entries;
    std::vector<crypto::AuditCheckpoint> checkpoints;
};

Result<FetchedChain> fetch_audit_chain(const Session& session) {
    FetchedChain chain;
    std::uint64_t after = 0;
    while (true) {
        WEERBAAR_ASSIGN_OR_RETURN(const v1::GetAuditLogResponse page,
                                  fetch_audit_page(session, after));
        for (const std::string& encoded : page.entries()) {
            auto entry = crypto::AuditEntry::decode(crypto::as_bytes(encoded));
            if (!entry.ok()) {
                return Error(
                    ErrorCode::integrity_failure,
                    "audit entry " + std::to_string(chain.entries.size() + 1) + ": malformed");
            }
            chain.entries.push_back(std::move(entry).value());
        }
        for (const std::string& encoded : page.checkpoints()) {
            auto checkpoint = crypto::AuditCheckpoint::decode(crypto::as_bytes(encoded));
            if (!checkpoint.ok()) {
                return Error(ErrorCode::integrity_failure,
                             "the server sent a malformed audit checkpoint");
            }
            chain.checkpoints.push_back(std::move(checkpoint).value());
        }
        if (!page.more()) {
            return chain;
        }
        // Every page must move forward, or a server could keep the client looping.
        const std::uint64_t last = chain.entries.empty() ? 0 : chain.entries.back().body().sequence;
        if (page.entries().empty() || last <= after) {
            return Error(ErrorCode::integrity_failure,
                         "the server sent an inconsistent page of the audit log");
        }
        after = last;
    }
}

// A chain that fails against the remembered anchor may be a restored server's: the
// anchor lies beyond the backup the newest verified restore notice names, the chain
// verifies whole from entry 1 without the anchor, and that notice's entry is in it.
// Then the anchor moves to the restored chain's head, once per notice
// (TrustStore::move_audit_anchor_past_restore). nullopt when the failure is not of
// that shape: the first verdict stands.
Result<std::optional<crypto::AuditAnchor>> anchor_after_restore(const Session& session,
                                                                TrustStore& trust,
                                                                const FetchedChain& chain,
                                                                crypto::ByteView audit_key,
                                                                std::uint64_t& notice_sequence) {
    const std::optional<crypto::AuditAnchor>& remembered = trust.state().audit_anchor;
    auto fresh =
        crypto::verify_audit_chain(chain.entries, chain.checkpoints, audit_key, std::nullopt);
    if (!remembered || !fresh.ok()) {
        return std::optional<crypto::AuditAnchor>{};
    }
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<crypto::RestoreNotice> notices,
                              fetch_restore_notices(session, audit_key));
    if (notices.empty() || notices.back().backup_sequence >= remembered->sequence ||
        notices.back().sequence > chain.entries.size() ||
        chain.entries[notices.back().sequence - 1].body().event !=
            crypto::AuditEvent::server_restored) {
        return std::optional<crypto::AuditAnchor>{};
    }
    notice_sequence = notices.back().sequence;
    WEERBAAR_TRY(trust.move_audit_anchor_past_restore(fresh.value(), notice_sequence));
    return std::optional<crypto::AuditAnchor>{fresh.value()};
}

}  // namespace

Result<AuditVerification> verify_audit_log(const Session& session, TrustStore& trust) {
    AuditVerification verification;
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes audit_key,
                              pinned_audit_key(session, verification.key_pinned_now));
    WEERBAAR_ASSIGN_OR_RETURN(const FetchedChain chain, fetch_audit_chain(session));
    auto anchor = crypto::verify_audit_chain(chain.entries, chain.checkpoints, audit_key,
                                             trust.state().audit_anchor);
    if (!anchor.ok()) {
        WEERBAAR_ASSIGN_OR_RETURN(
            const std::optional<crypto::AuditAnchor> restored,
            anchor_after_restore(session, trust, chain, audit_key, verification.restored_at));
        if (!restored) {
            return Error(ErrorCode::integrity_failure, anchor.error().message());
        }
        anchor = *restored;
    }
    verification.entries = chain.entries.size();
    verification.audit_sign_pk = audit_key;
    verification.anchor = std::move(anchor).value();
    WEERBAAR_TRY(trust.set_audit_anchor(verification.anchor));
    return verification;
}

Result<std::vector<AccessLogEntry>> case_access_log(const Session& session,
                                                    crypto::ByteView case_id) {
    v1::GetCaseAccessLogRequest request;
    request.set_case_id(case_id.data(), case_id.size());
    v1::GetCaseAccessLogResponse response;
    const grpc::Status status =
        call_server(session, &SessionStubs::audit, &v1::AuditService::Stub::GetCaseAccessLog,
                    request, &response);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
        return Error(ErrorCode::not_found,
                     "no case " + format_case_id(case_id) + " (or it is not shared with you)");
    }
    WEERBAAR_TRY(check_rpc(status, "fetch the access log of case " + format_case_id(case_id)));
    std::vector<AccessLogEntry> entries;
    for (const std::string& encoded : response.entries()) {
        auto decoded = crypto::AuditEntry::decode(crypto::as_bytes(encoded));
        if (!decoded.ok()) {
            return Error(ErrorCode::integrity_failure, "the server sent a malformed audit entry");
        }
        const crypto::AuditEntryBody& body = decoded.value().body();
        if (body.case_id != crypto::Bytes(case_id.begin(), case_id.end())) {
            return Error(
                ErrorCode::integrity_failure,
                "audit entry " + std::to_string(body.sequence) + ": it is about another case");
        }
        entries.push_back({body.sequence, body.time,
                           std::string(crypto::audit_event_name(body.event)), body.actor,
                           body.subject});
    }
    return entries;
}

}  // namespace weerbaar::client
