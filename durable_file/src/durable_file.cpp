#include "weerbaar/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

namespace weerbaar::durable_file {
namespace {

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
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return io_error("cannot sync directory", directory);
    }
    if (::fsync(fd) != 0) {
        Error error = io_error("cannot sync directory", directory);
        ::close(fd);
        return error;
    }
    ::close(fd);
    return ok_status();
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
    return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

}  // namespace

Result<StagedFile> StagedFile::create(const std::filesystem::path& path, unsigned mode) {
    std::string pattern =
        (directory_of(path) / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
        return io_error("cannot create a temporary file for", path);
    }
    StagedFile staged(path, std::filesystem::path(pattern), fd);
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
        return io_error("cannot set permissions on", path);
    }
    return staged;
}

Result<StagedFile> StagedFile::create_unnamed(const std::filesystem::path& path, unsigned mode) {
    const int fd = ::open(directory_of(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC,
                          static_cast<mode_t>(mode));
    if (fd < 0) {
        return create(path, mode);  // a file system without O_TMPFILE: a named one
    }
    StagedFile staged(path, std::filesystem::path(), fd);
    staged.temporary_exists_ = false;  // nothing on disk has a name until commit()
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
        return io_error("cannot set permissions on", path);
    }
    return staged;
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : path_(std::move(other.path_)),
      temporary_(std::move(other.temporary_)),
      fd_(other.fd_),
      temporary_exists_(other.temporary_exists_) {
    other.fd_ = -1;
    other.temporary_exists_ = false;
}

StagedFile::~StagedFile() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
    if (temporary_exists_) {
        ::unlink(temporary_.c_str());
    }
}

Status StagedFile::write(crypto::ByteView content) {
    if (fd_ < 0) {
        return Error(ErrorCode::internal, "write to a staged file after commit");
    }
    return write_all(fd_, content, path_);
}

Status StagedFile::commit(Overwrite overwrite) {
    if (fd_ < 0) {
        return Error(ErrorCode::internal, "staged file committed twice");
    }
    if (temporary_.empty()) {
        return commit_unnamed(overwrite);
    }
    const int fd = fd_;
    fd_ = -1;
    // close() can report a write error that write() did not.
    if (::fsync(fd) != 0) {
        Error error = io_error("cannot sync", path_);
        ::close(fd);
        return error;
    }
    if (::close(fd) != 0) {
        return io_error("cannot sync", path_);
    }
    if (overwrite == Overwrite::allowed) {
        if (::rename(temporary_.c_str(), path_.c_str()) != 0) {
            return io_error("cannot rename into", path_);
        }
    } else {
        // link() fails if the name exists: the no-overwrite check and the publication
        // are one atomic step.
        if (::link(temporary_.c_str(), path_.c_str()) != 0) {
            if (errno == EEXIST) {
                return Error(ErrorCode::already_exists, "'" + path_.string() + "' exists already");
            }
            return io_error("cannot create", path_);
        }
        ::unlink(temporary_.c_str());
    }
    temporary_exists_ = false;
    return sync_directory(directory_of(path_));
}

// An O_TMPFILE file gets its one name through /proc/self/fd (linkat with
// AT_EMPTY_PATH would need CAP_DAC_READ_SEARCH); link semantics refuse an existing
// name, so only Overwrite::refused is possible.
Status StagedFile::commit_unnamed(Overwrite overwrite) {
    const int fd = std::exchange(fd_, -1);
    if (overwrite == Overwrite::allowed) {
        ::close(fd);
        return Error(ErrorCode::internal, "an unnamed staged file cannot replace a file");
    }
    if (::fsync(fd) != 0) {
        Error error = io_error("cannot sync", path_);
        ::close(fd);
        return error;
    }
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path_.c_str(), AT_SYMLINK_FOLLOW) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EEXIST) {
            return Error(ErrorCode::already_exists, "'" + path_.string() + "' exists already");
        }
        return io_error("cannot create", path_);
    }
    if (::close(fd) != 0) {
        return io_error("cannot sync", path_);
    }
    return sync_directory(directory_of(path_));
}

Status write_file_atomically(const std::filesystem::path& path, crypto::ByteView content,
                             unsigned mode, Overwrite overwrite) {
    WEERBAAR_ASSIGN_OR_RETURN(StagedFile staged, StagedFile::create(path, mode));
    WEERBAAR_TRY(staged.write(content));
    return staged.commit(overwrite);
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

}  // namespace weerbaar::durable_file
