#include "attachment_store.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>

#include "weerbaar/disk_full.h"

namespace weerbaar::server {
namespace {

constexpr std::string_view kPartSuffix = ".part";
constexpr std::size_t kIdHexChars = 32;  // 16-byte ids

// File names carry case ids, which the log never does: only what failed and why.
Error disk_error(std::string_view what) {
    spdlog::warn("attachment store: {}: {}", what, std::strerror(errno));
    return Error(ErrorCode::internal, "attachment storage failed");
}

std::string name_of(crypto::ByteView case_id, crypto::ByteView attachment_id) {
    return crypto::to_hex(case_id) + "-" + crypto::to_hex(attachment_id);
}

// The ids a blob's file name stands for, if it is one.
std::optional<BlobIds> ids_of(std::string_view name) {
    if (name.size() != 2 * kIdHexChars + 1 || name[kIdHexChars] != '-') {
        return std::nullopt;
    }
    auto case_id = crypto::from_hex(name.substr(0, kIdHexChars));
    auto attachment_id = crypto::from_hex(name.substr(kIdHexChars + 1));
    if (!case_id.ok() || !attachment_id.ok() ||
        name_of(case_id.value(), attachment_id.value()) != name) {
        return std::nullopt;  // upper-case hex is not a name we write
    }
    return BlobIds{std::move(case_id).value(), std::move(attachment_id).value()};
}

void close_quietly(int fd) {
    if (fd >= 0) {
        ::close(fd);
    }
}

// The durable-file layer names the file in its messages, and a blob's file name
// is its case id: logged with the name masked, so the system's reason (a full disk,
// say) still reaches the operator.
Error blob_error(std::string_view what, const Error& error, const std::string& name) {
    std::string reason = error.message();
    for (auto at = reason.find(name); at != std::string::npos; at = reason.find(name, at)) {
        reason.replace(at, name.size(), "<blob>");
    }
    // A full disk keeps its kind, so the caller hears that it is full (status_mapping).
    if (is_disk_full(error)) {
        return disk_full_error("attachment store: " + std::string(what) + ": " + reason);
    }
    spdlog::warn("attachment store: {}: {}", what, reason);
    return Error(ErrorCode::internal, "attachment storage failed");
}

}  // namespace

BlobWriter::~BlobWriter() { discard(); }

void BlobWriter::discard() noexcept {
    if (store_ == nullptr) {
        return;
    }
    file_.reset();  // closes and removes the .part file
    if (completed_) {
        std::error_code ignored;
        std::filesystem::remove(store_->path_of(name_), ignored);
    }
    store_->release(name_);
    store_ = nullptr;
}

BlobWriter::BlobWriter(BlobWriter&& other) noexcept
    : store_(std::exchange(other.store_, nullptr)),
      name_(std::move(other.name_)),
      file_(std::move(other.file_)),
      size_(other.size_),
      hasher_(std::move(other.hasher_)),
      completed_(other.completed_) {
    other.file_.reset();
}

Status BlobWriter::append(crypto::ByteView bytes) {
    if (store_ == nullptr || !file_.has_value()) {
        return Error(ErrorCode::internal, "the blob is no longer open for writing");
    }
    if (Status written = file_->write(bytes); !written.ok()) {
        return blob_error("cannot write a blob", written.error(), name_);
    }
    hasher_.update(bytes);
    size_ += bytes.size();
    return ok_status();
}

Result<crypto::Bytes> BlobWriter::complete() {
    if (store_ == nullptr || !file_.has_value()) {
        return Error(ErrorCode::internal, "the blob is no longer open for writing");
    }
    // Durable before it takes the blob's name, and the name durable before the row
    // that points at it commits. Overwrite::refused: replacing a blob another
    // upload of the same ids already committed would let discard() remove it.
    const Status committed = file_->commit(durable_file::Overwrite::refused);
    file_.reset();
    if (!committed.ok()) {
        if (committed.error().code() == ErrorCode::already_exists) {
            return Error(ErrorCode::already_exists, "an attachment with this id exists already");
        }
        return blob_error("cannot complete a blob", committed.error(), name_);
    }
    completed_ = true;
    return hasher_.finish();
}

void BlobWriter::keep() noexcept {
    if (store_ == nullptr) {
        return;
    }
    file_.reset();
    store_->release(name_);
    store_ = nullptr;
}

BlobReader::~BlobReader() { close_quietly(fd_); }

BlobReader::BlobReader(BlobReader&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}

Status BlobReader::read(std::string& into, std::size_t max) {
    into.resize(max);
    std::size_t filled = 0;
    while (filled < max) {
        const ssize_t n = ::read(fd_, into.data() + filled, max - filled);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            into.clear();
            return disk_error("cannot read a blob");
        }
        if (n == 0) {
            break;
        }
        filled += static_cast<std::size_t>(n);
    }
    into.resize(filled);
    return ok_status();
}

Result<std::unique_ptr<AttachmentStore>> AttachmentStore::open(std::filesystem::path directory) {
    struct stat info {};
    if (::lstat(directory.c_str(), &info) == 0) {
        if (!S_ISDIR(info.st_mode)) {
            return Error(ErrorCode::failed_precondition,
                         directory.string() + " exists and is not a directory");
        }
    } else if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
        return Error(ErrorCode::internal,
                     "cannot create " + directory.string() + ": " + std::strerror(errno));
    }
    // chmod as well: mkdir's mode is narrowed by the umask, never widened, and an
    // existing directory may have been loosened by hand.
    if (::chmod(directory.c_str(), 0700) != 0) {
        return Error(ErrorCode::internal,
                     "cannot set the mode of " + directory.string() + ": " + std::strerror(errno));
    }
    return std::unique_ptr<AttachmentStore>(new AttachmentStore(std::move(directory)));
}

Result<BlobWriter> AttachmentStore::create(crypto::ByteView case_id,
                                           crypto::ByteView attachment_id) {
    std::string name = name_of(case_id, attachment_id);
    {
        std::lock_guard lock(mutex_);
        if (!claimed_.insert(name).second) {
            return Error(ErrorCode::already_exists,
                         "an upload of this attachment id is in progress");
        }
    }
    // The name is ours: a .part left by a crash is replaced. The .part name (not
    // an unnamed file) is what lets the start-up sweep find what a crash left.
    auto file = durable_file::StagedFile::create_at(path_of(name), part_path_of(name), 0600);
    if (!file.ok()) {
        release(name);
        return blob_error("cannot create a blob", file.error(), name);
    }
    return BlobWriter(*this, std::move(name), std::move(file).value());
}

Result<BlobReader> AttachmentStore::open_blob(crypto::ByteView case_id,
                                              crypto::ByteView attachment_id,
                                              std::uint64_t size) const {
    const int fd =
        ::open(path_of(name_of(case_id, attachment_id)).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return disk_error("cannot open a bound blob");
    }
    BlobReader reader(fd, size);
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        return disk_error("cannot inspect a blob");
    }
    if (!S_ISREG(info.st_mode) || static_cast<std::uint64_t>(info.st_size) != size) {
        spdlog::warn("attachment store: a bound blob is not the size its row says");
        return Error(ErrorCode::internal, "attachment storage failed");
    }
    return reader;
}

void AttachmentStore::remove(crypto::ByteView case_id, crypto::ByteView attachment_id) {
    const std::string name = name_of(case_id, attachment_id);
    std::lock_guard lock(mutex_);
    if (claimed_.count(name) != 0) {
        return;
    }
    std::error_code error;
    std::filesystem::remove(path_of(name), error);
    if (error) {
        spdlog::warn("attachment store: cannot remove a blob: {}", error.message());
    }
}

std::size_t AttachmentStore::remove_abandoned_parts() {
    std::size_t removed = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
        const std::string file = entry.path().filename().string();
        if (file.size() <= kPartSuffix.size() ||
            file.compare(file.size() - kPartSuffix.size(), kPartSuffix.size(), kPartSuffix) != 0) {
            continue;
        }
        const std::string name = file.substr(0, file.size() - kPartSuffix.size());
        std::lock_guard lock(mutex_);
        if (claimed_.count(name) != 0) {
            continue;
        }
        std::error_code ignored;
        if (std::filesystem::remove(entry.path(), ignored)) {
            ++removed;
        }
    }
    if (error) {
        spdlog::warn("attachment store: cannot list the directory: {}", error.message());
    }
    return removed;
}

std::vector<BlobIds> AttachmentStore::unclaimed_blobs() {
    std::vector<BlobIds> blobs;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
        const std::string name = entry.path().filename().string();
        auto ids = ids_of(name);
        if (!ids.has_value()) {
            continue;
        }
        std::lock_guard lock(mutex_);
        if (claimed_.count(name) == 0) {
            blobs.push_back(*std::move(ids));
        }
    }
    if (error) {
        spdlog::warn("attachment store: cannot list the directory: {}", error.message());
    }
    return blobs;
}

void AttachmentStore::release(const std::string& name) {
    std::lock_guard lock(mutex_);
    claimed_.erase(name);
}

}  // namespace weerbaar::server
