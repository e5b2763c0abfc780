#pragma once
// Retention: the server deletes a closed case a fixed period after it was closed.
// It cannot read a case, so "closed" is what the client says in cleartext when it
// appends the record that closes it (RETENTION_START) or reopens it
// (RETENTION_CLEAR); the deadline is the only workflow fact the server keeps.
//
// The purge deletes the case's records, key wraps, member rows and attachments
// (rows, then files), and appends one audit entry (`deletion`, no actor, the case
// id) in the same transaction. Earlier audit entries that name the case stay:
// the chain cannot lose links, and they hold no content.

#include <chrono>
#include <cstdint>

#include "attachment_store.h"
#include "audit_trail.h"
#include "group_commit_writer.h"
#include "server_limits.h"

namespace weerbaar::server {

// What an appended record does to its case's retention deadline.
enum class RetentionChange {
    unchanged,
    start,  // the record closes the case: deadline = now + the policy's period
    clear,  // the record reopens the case: no deadline
};

struct RetentionPolicy {
    std::chrono::seconds period{std::chrono::hours(24) * kDefaultRetentionDays};

    // The deadline for a case closed at `now`.
    [[nodiscard]] std::int64_t deadline_from(std::int64_t now) const {
        return now + period.count();
    }
};

class CaseRetention {
  public:
    CaseRetention(GroupCommitWriter& writer, AuditTrail& audit, AttachmentStore& store);

    // Deletes every case whose deadline is at or before `now`; returns how many.
    // Waits for the writer: not for the writer's thread or a gRPC thread.
    [[nodiscard]] Result<std::uint64_t> purge_expired(std::int64_t now);

  private:
    GroupCommitWriter& writer_;
    AuditTrail& audit_;
    AttachmentStore& store_;
};

}  // namespace weerbaar::server
