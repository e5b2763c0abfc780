#pragma once
// The organisation and its members: the root key, the founding coordinator,
// enrolment requests and the certificates coordinators issue. The server checks
// every certificate chain as well (defence in depth); clients check them again
// against the root key they pinned.

#include <functional>
#include <string>
#include <vector>

#include "audit_trail.h"
#include "caller.h"
#include "case_retention.h"
#include "group_commit_writer.h"
#include "rate_limiter.h"
#include "session_cache.h"
#include "storage_reader.h"

namespace weerbaar::server {

class Directory {
  public:
    using Done = std::function<void(Status)>;

    // `on_organisation_created` runs once the organisation is durable (main uses
    // it to delete the bootstrap-code file).

    // What a revocation did: cases that now need a new key epoch, and of those the
    // ones nobody else holds a key for (orphaned: given a retention deadline).
    struct RevokeCounts {
        std::uint32_t cases_to_rotate = 0;
        std::uint32_t orphaned = 0;
    };
    using RevokeDone = std::function<void(Result<RevokeCounts>)>;

    // One page of pending enrolments, in arrival order; `next_position` is where the
    // next page starts (EnrolmentQuery::after_position), 0 after the last page.
    struct EnrolmentPage {
        std::vector<EnrolmentRow> enrolments;
        std::int64_t next_position = 0;
    };

    // `sessions` (if not null) forgets a member's cached sessions when their
    // revocation or approval commits (session_cache.h).
    Directory(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit,
              std::function<void()> on_organisation_created, RetentionPolicy retention = {},
              SessionCache* sessions = nullptr);

    [[nodiscard]] Result<crypto::Bytes> root_sign_pk();
    [[nodiscard]] const crypto::Bytes& audit_sign_pk() const { return audit_.public_key(); }
    // Every restore from backup this server went through, oldest first
    // (AuditTrail::announce_restore; clients check them with crypto::verify_restore_notice).
    [[nodiscard]] Result<std::vector<RestoreNoticeRow>> restore_notices();
    // `address` (peer_address) keys the limit on wrong bootstrap codes.
    void create_organisation(const std::string& bootstrap_code, const crypto::Bytes& root_sign_pk,
                             const crypto::Bytes& coordinator_certificate,
                             const std::string& address, Done done);
    // Unauthenticated. Refused (invalid_argument) for a reserved or malformed name
    // (crypto::validate_new_user_name), weak keys, a bad signature, or keys a member
    // holds or held; resource_exhausted past kMaxEnrolmentRequestsPerAddressPerHour
    // from `address`, or when kMaxPendingEnrolmentsPerName / kMaxPendingEnrolments
    // wait already. The answer does not depend on whether the name is a member's:
    // a request under an active member's name is stored like any other (approving
    // it is refused). The same keys sent again replace their earlier request.
    void request_enrolment(EnrolmentRow enrolment, const std::string& address, Done done);
    // Coordinators only: requests younger than kEnrolmentLifetime, of `user` only
    // when not empty, from after `after_position`; page_size 0 means the default,
    // more than kMaxEnrolmentPageSize is cut to it.
    [[nodiscard]] Result<EnrolmentPage> enrolments(const Caller& caller, const std::string& user,
                                                   std::size_t page_size,
                                                   std::int64_t after_position);
    // Stores the certificate for the pending request with the certificate's name and
    // keys: the one whose fingerprint the coordinator checked. The name's other
    // requests are dropped with it.
    void approve_member(const Caller& caller, const crypto::Bytes& certificate, Done done);
    [[nodiscard]] Result<std::vector<MemberRow>> members(const Caller& caller);
    [[nodiscard]] Result<MemberRow> member(const Caller& caller, const std::string& user);
    // Coordinators only. A case where the member is the only active member of the
    // current epoch would be left with nobody who can read it: without
    // `confirm_orphans` the revocation is refused (failed_precondition counting them,
    // nothing stored); with it, each such case gets the retention deadline of a case
    // closed now (unless an earlier one is set), so it is deleted, not kept for ever.
    void revoke_member(const Caller& caller, const crypto::Bytes& revocation, bool confirm_orphans,
                       RevokeDone done);
    [[nodiscard]] Result<std::vector<crypto::Bytes>> revocations(const Caller& caller);

  private:
    // The step that forgets `user`'s cached sessions after a commit; none without a cache.
    [[nodiscard]] GroupCommitWriter::AfterCommit forget_sessions_of(const std::string& user);

    StorageReader& reader_;
    GroupCommitWriter& writer_;
    AuditTrail& audit_;
    std::function<void()> on_organisation_created_;
    RateLimiter failed_bootstraps_;
    SessionCache* sessions_;
    RateLimiter enrolment_requests_;
    const RetentionPolicy retention_;
};

}  // namespace weerbaar::server
