#include "weerbaar/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include "weerbaar/disk_full.h"

namespace weerbaar::durable_file {
namespace {

// Call first after the failing call: anything in between may change errno. A full
// disk or quota is resource_exhausted (disk_full_error), so that a caller can say so.
Error io_error(const std::string& what, const std::filesystem::path& path) {
    std::string message = what + " '" + path.string() + "': " + std::strerror(errno);
    if (errno == ENOSPC || errno == EDQUOT) {
        return disk_full_error(message);
    }
    return Error(ErrorCode::internal, std::move(message));
}

Error exists_error(const std::filesystem::path& path) {
    return Error(ErrorCode::already_exists, "'" + path.string() + "' exists already");
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

// fsync, then close: close() can report a write error that write() did not. The
// descriptor is closed whatever happens.
Status sync_and_close(int fd, const std::filesystem::path& path) {
    if (::fsync(fd) != 0) {
        Error error = io_error("cannot sync", path);
        ::close(fd);
        return error;
    }
    if (::close(fd) != 0) {
        return io_error("cannot sync", path);
    }
    return ok_status();
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
    return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

}  // namespace

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

Result<StagedFile> StagedFile::create(const std::filesystem::path& path, unsigned mode) {
    std::string pattern =
        (directory_of(path) / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (fd < 0) {
        return io_error("cannot create a temporary file for", path);
    }
    StagedFile staged(path, std::filesystem::path(pattern), fd);
    // mkostemp makes 0600 and the umask may narrow open()'s mode: set it exactly.
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
        return io_error("cannot set permissions on", path);
    }
    return staged;
}

Result<StagedFile> StagedFile::create_at(const std::filesystem::path& path,
                                         const std::filesystem::path& temporary, unsigned mode) {
    // Truncating a leftover would also empty a committed file that still shares its
    // inode (a crash between link() and unlink()): a fresh file instead.
    if (::unlink(temporary.c_str()) != 0 && errno != ENOENT) {
        return io_error("cannot remove the old temporary file for", path);
    }
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                          static_cast<mode_t>(mode));
    if (fd < 0) {
        return io_error("cannot create a temporary file for", path);
    }
    StagedFile staged(path, temporary, fd);
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
      fd_(std::exchange(other.fd_, -1)),
      temporary_exists_(std::exchange(other.temporary_exists_, false)) {}

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
    WEERBAAR_TRY(sync_and_close(std::exchange(fd_, -1), path_));
    if (overwrite == Overwrite::allowed) {
        return replace();
    }
    // link() fails if the name exists: the no-overwrite check and the publication
    // are one atomic step, where rename() would silently replace what is there.
    if (::link(temporary_.c_str(), path_.c_str()) != 0) {
        if (errno == EEXIST) {
            return exists_error(path_);
        }
        return io_error("cannot create", path_);
    }
    // The file is whole under its name now; a temporary name that cannot go is
    // tried again on destruction and is harmless meanwhile.
    temporary_exists_ = ::unlink(temporary_.c_str()) != 0;
    return sync_new_name();
}

// rename(), with the old file kept under a second name until the new name is
// durable, so that a failed directory sync can put it back: a caller told "failed"
// must find the old content, not new content it believes was never written (a
// passphrase change that reports an error must leave the old passphrase working;
// tests/fault_injection found it otherwise). Where the old file cannot be kept (no
// hard links on this file system), the replace goes ahead without that way back.
Status StagedFile::replace() {
    const std::filesystem::path kept = temporary_.string() + ".old";
    bool have_kept = ::link(path_.c_str(), kept.c_str()) == 0;
    const bool had_old = have_kept || errno != ENOENT;
    if (::rename(temporary_.c_str(), path_.c_str()) != 0) {
        Error error = io_error("cannot rename into", path_);
        if (have_kept) {
            ::unlink(kept.c_str());
        }
        return error;
    }
    temporary_exists_ = false;
    Status synced = sync_directory(directory_of(path_));
    if (!synced.ok()) {
        if (have_kept && ::rename(kept.c_str(), path_.c_str()) == 0) {
            have_kept = false;
            (void)sync_directory(directory_of(path_));  // the error is reported already
        } else if (!had_old) {
            ::unlink(path_.c_str());  // no file before: none after a failed commit
        }
    }
    if (have_kept) {
        ::unlink(kept.c_str());
    }
    return synced;
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
            return exists_error(path_);
        }
        errno = error;
        return io_error("cannot create", path_);
    }
    if (::close(fd) != 0) {
        Error error = io_error("cannot sync", path_);
        ::unlink(path_.c_str());
        return error;
    }
    return sync_new_name();
}

// A name this commit made by link() and could not make durable is taken back, so
// that a failed commit(Overwrite::refused) never leaves a file the caller would
// have to find and remove.
Status StagedFile::sync_new_name() {
    Status synced = sync_directory(directory_of(path_));
    if (!synced.ok()) {
        ::unlink(path_.c_str());
    }
    return synced;
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
