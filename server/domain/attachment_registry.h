#pragma once
// Attachments as the server sees them: ciphertext blobs it cannot read (the key
// travels inside a sealed record), stored by AttachmentStore, described by an
// AttachmentRow. A member of the case's current epoch uploads a blob; it stays
// pending until a record of the case binds it (AppendRecord, in the record's own
// transaction: bind_pending_attachment), and only then can the case's current
// members download it. Pending blobs older than kPendingAttachmentLifetime are
// deleted by the sweep, so an upload nobody refers to leaves nothing behind.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "attachment_store.h"
#include "audit_trail.h"
#include "caller.h"
#include "group_commit_writer.h"
#include "storage_reader.h"
#include "storage_space.h"

namespace weerbaar::server {

class AttachmentRegistry;

// One upload in progress: its blob file and its share of the uploader's quota.
// Destroyed before finish() succeeded, it leaves no file and no row.
class AttachmentUpload {
  public:
    using Done = std::function<void(Result<crypto::Bytes>)>;

    ~AttachmentUpload();
    AttachmentUpload(const AttachmentUpload&) = delete;
    AttachmentUpload& operator=(const AttachmentUpload&) = delete;

    // The next bytes of the blob. invalid_argument if the chunk is over
    // kMaxAttachmentChunkBytes or the blob would exceed its announced size.
    [[nodiscard]] Status append(crypto::ByteView chunk);
    // The stream has ended: invalid_argument unless exactly the announced size
    // arrived. Otherwise flushes the file to disk (blocking: not for a gRPC
    // thread), then stores the pending row and its audit entry; `done` gets the
    // blob's BLAKE2b-256 once they have committed. The upload must outlive `done`.
    void finish(Done done);

  private:
    friend class AttachmentRegistry;
    AttachmentUpload(AttachmentRegistry& registry, std::string uploader, crypto::Bytes case_id,
                     crypto::Bytes attachment_id, std::uint64_t size, BlobWriter blob)
        : registry_(registry),
          uploader_(std::move(uploader)),
          case_id_(std::move(case_id)),
          attachment_id_(std::move(attachment_id)),
          size_(size),
          blob_(std::move(blob)) {}

    AttachmentRegistry& registry_;
    const std::string uploader_;
    const crypto::Bytes case_id_;
    const crypto::Bytes attachment_id_;
    const std::uint64_t size_;
    BlobWriter blob_;
};

// What a sweep removed.
struct AttachmentSweep {
    std::uint64_t pending_rows = 0;  // pending blobs past their lifetime (rows and files)
    std::uint64_t files = 0;         // files without a row, and abandoned .part files
};

class AttachmentRegistry {
  public:
    // The open blob, and the caller's download slot: both held until the call ends.
    struct OpenDownload {
        std::shared_ptr<BlobReader> blob;
        std::shared_ptr<void> slot;
    };
    using DownloadDone = std::function<void(Result<OpenDownload>)>;

    // `space` (if not null) holds uploads to the free-space reserve and the
    // uploader's storage quota (storage_space.h).
    AttachmentRegistry(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit,
                       AttachmentStore& store, StorageSpace* space = nullptr);

    // Checks the ids, the size, the caller's membership of the case's current
    // epoch, that the id is new in the case, the uploader's quota of pending
    // bytes and their storage quota (what they stored, the uploads they have in
    // progress and this size), and that the disk keeps its reserve free once this
    // and every upload in progress are written; then starts the blob's file. The
    // storage quota is checked again in the write that stores the row.
    [[nodiscard]] Result<std::unique_ptr<AttachmentUpload>> begin_upload(
        const Caller& caller, const crypto::Bytes& case_id, const crypto::Bytes& attachment_id,
        std::uint64_t size);

    // A bound blob of a case whose current epoch the caller is in. The download is
    // audited: `done` runs once its entry is durable. At most
    // kMaxDownloadsInProgressPerMember at once per member (RESOURCE_EXHAUSTED).
    void open_download(const Caller& caller, const crypto::Bytes& case_id,
                       const crypto::Bytes& attachment_id, DownloadDone done);

    // Deletes the pending blobs created before `now` - kPendingAttachmentLifetime
    // and every .part file no upload holds. Waits for the writer: not for the
    // writer's thread or a gRPC thread.
    [[nodiscard]] Result<AttachmentSweep> sweep_pending(std::int64_t now);
    // At start, before any upload can run: also every blob file without a row
    // (a crash between a file and its row).
    [[nodiscard]] Result<AttachmentSweep> sweep_at_start(std::int64_t now);

  private:
    friend class AttachmentUpload;

    // Holds `size` bytes of `uploader`'s quotas and one of their uploads in
    // progress; resource_exhausted if any is used up. `pending` and `stored` are
    // what the database holds of theirs (unbound blobs; everything they stored).
    [[nodiscard]] Status reserve(const std::string& uploader, std::uint64_t pending,
                                 std::uint64_t stored, std::uint64_t size);
    void unreserve(const std::string& uploader, std::uint64_t size);

    struct Reservation {
        std::uint64_t bytes = 0;
        std::size_t uploads = 0;
    };

    StorageReader& reader_;
    GroupCommitWriter& writer_;
    AuditTrail& audit_;
    AttachmentStore& store_;
    StorageSpace* space_;
    // Released when the returned slot goes.
    [[nodiscard]] Result<std::shared_ptr<void>> take_download_slot(const std::string& user);

    std::mutex downloads_mutex_;
    std::map<std::string, std::size_t> downloads_;  // downloads in progress, per member
    std::mutex reserved_mutex_;
    std::map<std::string, Reservation> reserved_;  // uploads in progress, per uploader
    std::uint64_t reserved_bytes_ = 0;             // of every upload in progress
};

// Inside AppendRecord's write, after the record is stored as `sequence`: binds the
// pending blob `attachment_id` that `uploader` uploaded to this case. not_found if
// there is none (another member's blob, another case's, or an id never uploaded
// or already swept), failed_precondition if it is bound already.
[[nodiscard]] Status bind_pending_attachment(Storage& storage, crypto::ByteView case_id,
                                             crypto::ByteView attachment_id,
                                             const std::string& uploader, std::uint64_t sequence);

// invalid_argument unless `attachment_id` has kAttachmentIdSize bytes.
[[nodiscard]] Status check_attachment_id(crypto::ByteView attachment_id);

}  // namespace weerbaar::server
