#include "weerbaar/client/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace weerbaar::client {
namespace {

class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;

    [[nodiscard]] int get() const { return fd_; }
    [[nodiscard]] bool valid() const { return fd_ >= 0; }
    // close() can report a write error that write() did not.
    [[nodiscard]] bool close() {
        const int fd = fd_;
        fd_ = -1;
        return ::close(fd) == 0;
    }

  private:
    int fd_;
};

// Removes the temporary file unless it was renamed into place.
class TemporaryFile {
  public:
    explicit TemporaryFile(std::filesystem::path path) : path_(std::move(path)) {}
    ~TemporaryFile() {
        if (!released_) {
            ::unlink(path_.c_str());
        }
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    void release() { released_ = true; }

  private:
    std::filesystem::path path_;
    bool released_ = false;
};

Error io_error(const std::string& what, const std::filesystem::path& path) {
    return Error(ErrorCode::internal, what + " '" + path.string() + "': " + std::strerror(errno));
}

Status write_all(int fd, crypto::ByteView content, const std::filesystem::path& path) {
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t written = ::write(fd, content.data() + done, content.size() - done);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return io_error("cannot write", path);
        }
        done += static_cast<std::size_t>(written);
    }
    return ok_status();
}

Status sync_directory(const std::filesystem::path& directory) {
    FileDescriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.valid() || ::fsync(dir.get()) != 0) {
        return io_error("cannot sync directory", directory);
    }
    return ok_status();
}

Status publish(const TemporaryFile& temporary, const std::filesystem::path& path,
               Overwrite overwrite) {
    if (overwrite == Overwrite::allowed) {
        if (::rename(temporary.path().c_str(), path.c_str()) != 0) {
            return io_error("cannot rename into", path);
        }
        return ok_status();
    }
    // link() fails if the name exists: the no-overwrite check and the publication
    // are one atomic step. The temporary name is removed by TemporaryFile.
    if (::link(temporary.path().c_str(), path.c_str()) != 0) {
        if (errno == EEXIST) {
            return Error(ErrorCode::already_exists, "'" + path.string() + "' exists already");
        }
        return io_error("cannot create", path);
    }
    return ok_status();
}

}  // namespace

Status write_file_atomically(const std::filesystem::path& path, crypto::ByteView content,
                             unsigned mode, Overwrite overwrite) {
    const std::filesystem::path directory =
        path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string pattern = (directory / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    FileDescriptor fd(::mkstemp(pattern.data()));
    if (!fd.valid()) {
        return io_error("cannot create a temporary file for", path);
    }
    TemporaryFile temporary{std::filesystem::path(pattern)};
    if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) {
        return io_error("cannot set permissions on", path);
    }
    WEERBAAR_TRY(write_all(fd.get(), content, path));
    if (::fsync(fd.get()) != 0 || !fd.close()) {
        return io_error("cannot sync", path);
    }
    WEERBAAR_TRY(publish(temporary, path, overwrite));
    if (overwrite == Overwrite::allowed) {
        temporary.release();
    }
    return sync_directory(directory);
}

Result<crypto::Bytes> read_whole_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error(ErrorCode::not_found, "cannot read '" + path.string() + "'");
    }
    crypto::Bytes content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        return Error(ErrorCode::internal, "cannot read '" + path.string() + "'");
    }
    return content;
}

}  // namespace weerbaar::client
