#include "private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "weerbaar/durable_file.h"

namespace weerbaar::server {
namespace {

Error file_error(const std::filesystem::path& path, std::string_view what) {
    return Error(ErrorCode::internal,
                 std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

struct FileDescriptor {
    int fd;
    ~FileDescriptor() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

}  // namespace

Status write_private_file(const std::filesystem::path& path, std::string_view content) {
    // Unnamed until whole: a crash while the key is written leaves no file at all,
    // where a half-written one would stop the next start (or outlive its key).
    WEERBAAR_ASSIGN_OR_RETURN(durable_file::StagedFile file,
                              durable_file::StagedFile::create_unnamed(path, 0600));
    WEERBAAR_TRY(file.write(crypto::as_bytes(content)));
    return file.commit(durable_file::Overwrite::refused);
}

namespace {

// Reads the checked file into memory that `allocate(size)` gives (a string, or a
// SecretBuffer for a key, so that no unwiped copy is ever made).
template <typename Allocate>
auto read_checked(const std::filesystem::path& path, std::size_t max_size, Allocate allocate)
    -> Result<decltype(allocate(std::size_t{0}))> {
    FileDescriptor file{::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
    if (file.fd < 0) {
        return file_error(path, "cannot open");
    }
    struct stat info {};
    if (::fstat(file.fd, &info) != 0) {
        return file_error(path, "cannot inspect");
    }
    if (!S_ISREG(info.st_mode)) {
        return Error(ErrorCode::failed_precondition, path.string() + " is not a regular file");
    }
    if ((info.st_mode & 077) != 0) {
        return Error(ErrorCode::failed_precondition,
                     path.string() + " is readable by others; it must have mode 0600 (chmod 600)");
    }
    if (static_cast<std::size_t>(info.st_size) > max_size) {
        return Error(ErrorCode::failed_precondition, path.string() + " is too large");
    }
    auto content = allocate(static_cast<std::size_t>(info.st_size));
    auto* bytes = reinterpret_cast<std::uint8_t*>(content.data());
    std::size_t read = 0;
    while (read < content.size()) {
        const ssize_t n = ::read(file.fd, bytes + read, content.size() - read);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return file_error(path, "cannot read");
        }
        read += static_cast<std::size_t>(n);
    }
    return content;
}

// A SecretBuffer as read_checked wants it: data() and size().
struct SecretContent {
    crypto::SecretBuffer buffer;
    std::uint8_t* data() { return buffer.expose_secret().data(); }
    [[nodiscard]] std::size_t size() const { return buffer.size(); }
};

}  // namespace

Result<std::string> read_private_file(const std::filesystem::path& path, std::size_t max_size) {
    return read_checked(path, max_size, [](std::size_t size) { return std::string(size, '\0'); });
}

Result<crypto::SecretBuffer> read_private_secret(const std::filesystem::path& path,
                                                 std::size_t max_size) {
    WEERBAAR_ASSIGN_OR_RETURN(SecretContent content,
                              read_checked(path, max_size, [](std::size_t size) {
                                  return SecretContent{crypto::SecretBuffer(size)};
                              }));
    return std::move(content.buffer);
}

}  // namespace weerbaar::server
