#include "attachment_registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "case_membership.h"
#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/case_key.h"

namespace weerbaar::server {
namespace {

Status check_ids(crypto::ByteView case_id, crypto::ByteView attachment_id) {
    WEERBAAR_TRY(check_case_id(case_id));
    return check_attachment_id(attachment_id);
}

Error no_such_attachment() {
    return Error(ErrorCode::not_found,
                 "no attachment with this id is bound to a record of the case");
}

}  // namespace

Status check_attachment_id(crypto::ByteView attachment_id) {
    if (attachment_id.size() != crypto::kAttachmentIdSize) {
        return Error(ErrorCode::invalid_argument, "an attachment id is 16 bytes");
    }
    return ok_status();
}

Status bind_pending_attachment(Storage& storage, crypto::ByteView case_id,
                               crypto::ByteView attachment_id, const std::string& uploader,
                               std::uint64_t sequence) {
    WEERBAAR_ASSIGN_OR_RETURN(auto row, storage.attachment(case_id, attachment_id));
    // Another member's blob is as unknown as none at all: a record binds only what
    // its own author uploaded.
    if (!row.has_value() || row->uploader != uploader) {
        return Error(ErrorCode::not_found,
                     "no pending attachment with this id, uploaded by the caller to this case");
    }
    if (row->sequence.has_value()) {
        return Error(
            ErrorCode::failed_precondition,
            "the attachment is bound to record " + std::to_string(*row->sequence) + " already");
    }
    return storage.bind_attachment(case_id, attachment_id, sequence);
}

AttachmentUpload::~AttachmentUpload() { registry_.unreserve(uploader_, size_); }

Status AttachmentUpload::append(crypto::ByteView chunk) {
    if (chunk.size() > kMaxAttachmentChunkBytes) {
        return Error(ErrorCode::invalid_argument, "an attachment chunk is at most 2 MiB");
    }
    if (chunk.size() > size_ - blob_.size()) {
        return Error(ErrorCode::invalid_argument,
                     "the upload sent more bytes than the size it announced (" +
                         std::to_string(size_) + ")");
    }
    return blob_.append(chunk);
}

void AttachmentUpload::finish(Done done) {
    // A failed upload's file goes before the caller hears of the failure.
    if (blob_.size() != size_) {
        blob_.discard();
        return done(Error(ErrorCode::invalid_argument,
                          "the upload ended after " + std::to_string(blob_.size()) + " of the " +
                              std::to_string(size_) + " bytes it announced"));
    }
    auto hash = blob_.complete();
    if (!hash.ok()) {
        blob_.discard();
        return done(hash.error());
    }
    AttachmentRow row{case_id_, attachment_id_, size_, hash.value(), uploader_, unix_now(), {}};
    auto write = [this, row = std::move(row)](Storage& storage) -> Result<std::uint64_t> {
        // Membership may have changed while the bytes arrived.
        WEERBAAR_TRY(current_case_of(storage, row.case_id, row.uploader));
        WEERBAAR_ASSIGN_OR_RETURN(auto existing,
                                  storage.attachment(row.case_id, row.attachment_id));
        if (existing.has_value()) {
            return Error(ErrorCode::already_exists,
                         "an attachment with this id exists in the case");
        }
        // Records the uploader appended while the bytes arrived count too.
        if (registry_.space_ != nullptr) {
            WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t stored,
                                      storage.stored_bytes_of(row.uploader));
            WEERBAAR_TRY(registry_.space_->check_quota(stored, row.size));
        }
        WEERBAAR_TRY(storage.insert_attachment(row));
        WEERBAAR_TRY(registry_.audit_.append(
            storage,
            AuditEvent{crypto::AuditEvent::attachment_uploaded, row.uploader, {}, row.case_id}));
        return std::uint64_t{0};
    };
    registry_.writer_.submit(std::move(write),
                             [this, hash = std::move(hash).value(),
                              done = std::move(done)](const Result<std::uint64_t>& stored) {
                                 if (!stored.ok()) {
                                     blob_.discard();
                                     return done(stored.error());
                                 }
                                 blob_.keep();
                                 done(hash);
                             });
}

AttachmentRegistry::AttachmentRegistry(StorageReader& reader, GroupCommitWriter& writer,
                                       AuditTrail& audit, AttachmentStore& store,
                                       StorageSpace* space)
    : reader_(reader), writer_(writer), audit_(audit), store_(store), space_(space) {}

Result<std::unique_ptr<AttachmentUpload>> AttachmentRegistry::begin_upload(
    const Caller& caller, const crypto::Bytes& case_id, const crypto::Bytes& attachment_id,
    std::uint64_t size) {
    WEERBAAR_TRY(check_ids(case_id, attachment_id));
    if (size == 0) {
        return Error(ErrorCode::invalid_argument, "an attachment's size must be given (> 0)");
    }
    if (size > kMaxAttachmentBytes) {
        return Error(ErrorCode::resource_exhausted, "an attachment is at most 256 MiB (" +
                                                        std::to_string(kMaxAttachmentBytes) +
                                                        " bytes of ciphertext)");
    }
    struct Held {
        std::uint64_t pending = 0;
        std::uint64_t stored = 0;
    };
    WEERBAAR_ASSIGN_OR_RETURN(const Held held, reader_.read([&](Storage& storage) -> Result<Held> {
        WEERBAAR_TRY(current_case_of(storage, case_id, caller.user));
        WEERBAAR_ASSIGN_OR_RETURN(auto existing, storage.attachment(case_id, attachment_id));
        if (existing.has_value()) {
            return Error(ErrorCode::already_exists,
                         "an attachment with this id exists in the case");
        }
        Held of_caller;
        WEERBAAR_ASSIGN_OR_RETURN(of_caller.pending,
                                  storage.pending_attachment_bytes_of(caller.user));
        WEERBAAR_ASSIGN_OR_RETURN(of_caller.stored, storage.stored_bytes_of(caller.user));
        return of_caller;
    }));
    WEERBAAR_TRY(reserve(caller.user, held.pending, held.stored, size));
    auto blob = store_.create(case_id, attachment_id);
    if (!blob.ok()) {
        unreserve(caller.user, size);
        return blob.error();
    }
    return std::unique_ptr<AttachmentUpload>(new AttachmentUpload(
        *this, caller.user, case_id, attachment_id, size, std::move(blob).value()));
}

void AttachmentRegistry::open_download(const Caller& caller, const crypto::Bytes& case_id,
                                       const crypto::Bytes& attachment_id, DownloadDone done) {
    if (auto valid = check_ids(case_id, attachment_id); !valid.ok()) {
        return done(valid.error());
    }
    auto slot = take_download_slot(caller.user);
    if (!slot.ok()) {
        return done(slot.error());
    }
    auto found = reader_.read([&](Storage& storage) -> Result<AttachmentRow> {
        WEERBAAR_TRY(current_case_of(storage, case_id, caller.user));
        WEERBAAR_ASSIGN_OR_RETURN(auto row, storage.attachment(case_id, attachment_id));
        // A pending blob is no part of the case yet: nobody reads it, not even its uploader.
        if (!row.has_value() || !row->sequence.has_value()) {
            return no_such_attachment();
        }
        return *std::move(row);
    });
    if (!found.ok()) {
        return done(found.error());
    }
    auto blob = store_.open_blob(case_id, attachment_id, found.value().size);
    if (!blob.ok()) {
        return done(blob.error());
    }
    auto shared = std::make_shared<BlobReader>(std::move(blob).value());
    audit_.record(
        AuditEvent{crypto::AuditEvent::attachment_downloaded, caller.user, {}, case_id},
        [shared, slot = std::move(slot).value(), done = std::move(done)](const Status& recorded) {
            if (!recorded.ok()) {
                return done(recorded.error());
            }
            done(OpenDownload{shared, slot});
        });
}

Result<std::shared_ptr<void>> AttachmentRegistry::take_download_slot(const std::string& user) {
    std::lock_guard lock(downloads_mutex_);
    std::size_t& running = downloads_[user];
    if (running >= kMaxDownloadsInProgressPerMember) {
        return Error(ErrorCode::resource_exhausted,
                     "too many downloads at once (at most " +
                         std::to_string(kMaxDownloadsInProgressPerMember) + " per member)");
    }
    ++running;
    // The deleter gives the slot back; the registry outlives every call.
    return std::shared_ptr<void>(nullptr, [this, user](void*) {
        std::lock_guard release(downloads_mutex_);
        if (--downloads_[user] == 0) {
            downloads_.erase(user);
        }
    });
}

Result<AttachmentSweep> AttachmentRegistry::sweep_pending(std::int64_t now) {
    AttachmentSweep swept;
    const std::int64_t created_before =
        now - std::chrono::duration_cast<std::chrono::seconds>(kPendingAttachmentLifetime).count();
    for (;;) {
        auto expired = std::make_shared<std::vector<AttachmentRow>>();
        auto write = [expired, created_before](Storage& storage) -> Result<std::uint64_t> {
            WEERBAAR_ASSIGN_OR_RETURN(*expired, storage.pending_attachments_before(
                                                    created_before, kMaxDeletionsPerSweepWrite));
            for (const auto& row : *expired) {
                WEERBAAR_TRY(storage.delete_attachment(row.case_id, row.attachment_id));
            }
            return static_cast<std::uint64_t>(expired->size());
        };
        // On the writer's thread, right after the commit and before any later write
        // can commit: an upload that reuses these ids holds its name until its own
        // row commits, so store_.remove cannot take its new file.
        auto remove_files = [this, expired] {
            for (const auto& row : *expired) {
                store_.remove(row.case_id, row.attachment_id);
            }
        };
        WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t removed,
                                  submit_and_wait(writer_, std::move(write), remove_files));
        swept.pending_rows += removed;
        if (removed < kMaxDeletionsPerSweepWrite) {
            break;
        }
    }
    swept.files += store_.remove_abandoned_parts();
    if (swept.pending_rows > 0 || swept.files > 0) {
        spdlog::info("attachment sweep: {} unbound blobs and {} abandoned files removed",
                     swept.pending_rows, swept.files);
    }
    return swept;
}

Result<AttachmentSweep> AttachmentRegistry::sweep_at_start(std::int64_t now) {
    WEERBAAR_ASSIGN_OR_RETURN(AttachmentSweep swept, sweep_pending(now));
    const auto blobs = store_.unclaimed_blobs();
    WEERBAAR_ASSIGN_OR_RETURN(
        const auto orphans, reader_.read([&](Storage& storage) -> Result<std::vector<BlobIds>> {
            std::vector<BlobIds> without_row;
            for (const auto& ids : blobs) {
                WEERBAAR_ASSIGN_OR_RETURN(auto row, storage.attachment(ids.first, ids.second));
                if (!row.has_value()) {
                    without_row.push_back(ids);
                }
            }
            return without_row;
        }));
    for (const auto& ids : orphans) {
        store_.remove(ids.first, ids.second);
    }
    if (!orphans.empty()) {
        spdlog::info("attachment sweep: {} files without a row removed", orphans.size());
    }
    swept.files += orphans.size();
    return swept;
}

Status AttachmentRegistry::reserve(const std::string& uploader, std::uint64_t pending,
                                   std::uint64_t stored, std::uint64_t size) {
    std::lock_guard lock(reserved_mutex_);
    const Reservation in_progress =
        reserved_.count(uploader) != 0 ? reserved_[uploader] : Reservation{};
    if (in_progress.uploads >= kMaxUploadsInProgressPerMember) {
        return Error(ErrorCode::resource_exhausted,
                     "too many uploads in progress (at most " +
                         std::to_string(kMaxUploadsInProgressPerMember) + " per member)");
    }
    if (pending + in_progress.bytes + size > kMaxPendingAttachmentBytesPerMember) {
        return Error(ErrorCode::resource_exhausted,
                     "too many unbound attachment bytes (at most 1 GiB per member): bind them "
                     "or let them expire first");
    }
    if (space_ != nullptr) {
        WEERBAAR_TRY(space_->check_quota(stored + in_progress.bytes, size));
        // Under the lock: two uploads starting at once cannot both take the last room.
        WEERBAAR_TRY(space_->check_reserve(reserved_bytes_ + size));
    }
    auto& reservation = reserved_[uploader];
    reservation.bytes += size;
    ++reservation.uploads;
    reserved_bytes_ += size;
    return ok_status();
}

void AttachmentRegistry::unreserve(const std::string& uploader, std::uint64_t size) {
    std::lock_guard lock(reserved_mutex_);
    const auto found = reserved_.find(uploader);
    if (found == reserved_.end()) {
        return;
    }
    found->second.bytes -= std::min(found->second.bytes, size);
    reserved_bytes_ -= std::min(reserved_bytes_, size);
    found->second.uploads -= std::min<std::size_t>(found->second.uploads, 1);
    if (found->second.uploads == 0) {
        reserved_.erase(found);
    }
}

}  // namespace weerbaar::server
