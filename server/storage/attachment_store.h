#pragma once
// Attachment blobs on disk, outside the database: <data>/attachments/ (0700), one
// file per blob (0600) named <case id hex>-<attachment id hex>. The database is
// kept small and its transactions short; the blobs are ciphertext the server
// cannot read, so they need no encryption at rest of their own.
//
// An upload writes <name>.part and links it to <name> only once every byte is on
// disk (a durable_file::StagedFile with that temporary name), so a crash never
// leaves a short file under a blob's name. Which blobs
// exist is the database's word (AttachmentRow): a file is created before its row
// and removed after it, so a crash in between leaves a file without a row, which
// the start-up sweep removes.
//
// A name is claimed by one upload from its first byte until its row has committed
// or the upload failed. Nothing else removes a claimed name, so a sweep racing an
// upload of the same ids cannot delete the new file.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "weerbaar/crypto/attachment_stream.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/durable_file.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

class AttachmentStore;

// The file of one upload in progress, written in order and hashed on the way.
// Removed on destruction unless kept.
class BlobWriter {
  public:
    ~BlobWriter();
    BlobWriter(BlobWriter&& other) noexcept;
    BlobWriter& operator=(BlobWriter&&) = delete;
    BlobWriter(const BlobWriter&) = delete;
    BlobWriter& operator=(const BlobWriter&) = delete;

    [[nodiscard]] Status append(crypto::ByteView bytes);
    [[nodiscard]] std::uint64_t size() const { return size_; }
    // Flushes the file to disk, gives it the blob's name (already_exists if that
    // name is taken: a blob is never replaced) and returns the BLAKE2b-256 of its
    // bytes. Blocks for the flushes of the file and the directory.
    [[nodiscard]] Result<crypto::Bytes> complete();
    // The blob's row has committed: the file stays, and the name is released.
    void keep() noexcept;
    // The upload failed: the file goes now, and the name is released.
    void discard() noexcept;

  private:
    friend class AttachmentStore;
    BlobWriter(AttachmentStore& store, std::string name, durable_file::StagedFile file)
        : store_(&store), name_(std::move(name)), file_(std::move(file)) {}

    AttachmentStore* store_;  // null once moved from
    std::string name_;
    std::optional<durable_file::StagedFile> file_;  // empty once completed or discarded
    std::uint64_t size_ = 0;
    crypto::AttachmentHasher hasher_;
    bool completed_ = false;  // the file has the blob's name
};

// A stored blob opened for reading, front to back.
class BlobReader {
  public:
    ~BlobReader();
    BlobReader(BlobReader&& other) noexcept;
    BlobReader& operator=(BlobReader&&) = delete;
    BlobReader(const BlobReader&) = delete;
    BlobReader& operator=(const BlobReader&) = delete;

    [[nodiscard]] std::uint64_t size() const { return size_; }
    // Replaces `into` with up to `max` next bytes; empty at the end of the blob.
    [[nodiscard]] Status read(std::string& into, std::size_t max);

  private:
    friend class AttachmentStore;
    BlobReader(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
    int fd_;
    std::uint64_t size_;
};

// The (case id, attachment id) of a stored blob file.
using BlobIds = std::pair<crypto::Bytes, crypto::Bytes>;

class AttachmentStore {
  public:
    // Creates the directory (0700) if it is missing.
    [[nodiscard]] static Result<std::unique_ptr<AttachmentStore>> open(
        std::filesystem::path directory);

    [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }

    // Starts the file of a new blob; already_exists while another upload holds the
    // same ids.
    [[nodiscard]] Result<BlobWriter> create(crypto::ByteView case_id,
                                            crypto::ByteView attachment_id);
    // A stored blob; internal (and a warning) if it is missing or not `size` bytes.
    [[nodiscard]] Result<BlobReader> open_blob(crypto::ByteView case_id,
                                               crypto::ByteView attachment_id,
                                               std::uint64_t size) const;
    // Removes a blob whose row is gone. A name an upload holds is left to it.
    void remove(crypto::ByteView case_id, crypto::ByteView attachment_id);
    // Removes every .part file no upload holds; returns how many.
    std::size_t remove_abandoned_parts();
    // The blob files present (not .part files, not names an upload holds).
    [[nodiscard]] std::vector<BlobIds> unclaimed_blobs();

  private:
    friend class BlobWriter;
    explicit AttachmentStore(std::filesystem::path directory) : directory_(std::move(directory)) {}

    [[nodiscard]] std::filesystem::path path_of(const std::string& name) const {
        return directory_ / name;
    }
    [[nodiscard]] std::filesystem::path part_path_of(const std::string& name) const {
        return directory_ / (name + ".part");
    }
    void release(const std::string& name);

    const std::filesystem::path directory_;
    std::mutex mutex_;
    std::set<std::string> claimed_;
};

}  // namespace weerbaar::server
