#include "case_retention.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <vector>

#include "server_limits.h"

namespace weerbaar::server {

CaseRetention::CaseRetention(GroupCommitWriter& writer, AuditTrail& audit, AttachmentStore& store)
    : writer_(writer), audit_(audit), store_(store) {}

Result<std::uint64_t> CaseRetention::purge_expired(std::int64_t now) {
    std::uint64_t purged = 0;
    for (;;) {
        // The blobs of the cases this write deletes: their files go once it commits.
        auto blobs = std::make_shared<std::vector<BlobIds>>();
        auto write = [this, now, blobs](Storage& storage) -> Result<std::uint64_t> {
            blobs->clear();  // a write may run twice (GroupCommitWriter)
            WEERBAAR_ASSIGN_OR_RETURN(const auto expired,
                                      storage.cases_expired_at(now, kMaxDeletionsPerSweepWrite));
            for (const auto& case_id : expired) {
                WEERBAAR_ASSIGN_OR_RETURN(const auto attachments,
                                          storage.attachments_of_case(case_id));
                for (const auto& row : attachments) {
                    blobs->emplace_back(row.case_id, row.attachment_id);
                }
                WEERBAAR_TRY(storage.delete_case(case_id));
                WEERBAAR_TRY(audit_.append(
                    storage, AuditEvent{crypto::AuditEvent::deletion, {}, {}, case_id}));
            }
            return static_cast<std::uint64_t>(expired.size());
        };
        // On the writer's thread, right after the commit (see AttachmentStore on why
        // a file goes only after its row, and never under a name an upload holds).
        auto remove_files = [this, blobs] {
            for (const auto& ids : *blobs) {
                store_.remove(ids.first, ids.second);
            }
        };
        WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t removed,
                                  submit_and_wait(writer_, std::move(write), remove_files));
        purged += removed;
        if (removed < kMaxDeletionsPerSweepWrite) {
            break;
        }
    }
    if (purged > 0) {
        spdlog::info("retention sweep: {} cases past their retention deadline deleted", purged);
    }
    return purged;
}

}  // namespace weerbaar::server
