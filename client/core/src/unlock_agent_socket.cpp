#include "weerbaar/client/unlock_agent_socket.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <string>
#include <system_error>

#include "weerbaar/client/unlock_agent_protocol.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::client {
namespace {

namespace fs = std::filesystem;

// 16 bytes of hash: names never collide by chance, and the path stays short enough
// for sun_path (108 bytes) under any usual runtime directory.
constexpr std::size_t kNameHashSize = 16;
constexpr std::string_view kNameDomain = "weerbaar unlock agent socket name v1";

fs::path runtime_base() {
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR");
        runtime != nullptr && runtime[0] == '/') {
        return fs::path(runtime) / "weerbaar";
    }
    // /tmp is shared by every user: the uid in the name keeps users apart, and the
    // owner check refuses a directory someone else made first under our name.
    return fs::path("/tmp") / ("weerbaar-" + std::to_string(::geteuid()));
}

Error unsafe_directory(const fs::path& directory, std::string_view why_dutch,
                       std::string_view why_english) {
    return Error(ErrorCode::permission_denied,
                 "onveilige map voor de ontgrendelagent '" + directory.string() +
                     "': " + std::string(why_dutch) +
                     "; verwijder of herstel haar / unsafe unlock agent "
                     "directory '" +
                     directory.string() + "': " + std::string(why_english) +
                     "; remove or repair it");
}

// `error` is the errno of a call that failed, 0 when the other side closed.
Status wait_result(int error, std::string_view what) {
    if (error == EAGAIN || error == EWOULDBLOCK) {
        return Error(ErrorCode::unavailable,
                     "de ontgrendelagent reageerde niet op tijd / the "
                     "unlock agent did not answer in time (" +
                         std::string(what) + ")");
    }
    return Error(ErrorCode::unavailable,
                 "verbinding met de ontgrendelagent verbroken / connection to the unlock agent "
                 "lost (" +
                     std::string(what) + ")");
}

Status read_exact(int fd, std::span<std::uint8_t> into) {
    std::size_t done = 0;
    while (done < into.size()) {
        const ssize_t got = ::recv(fd, into.data() + done, into.size() - done, 0);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return wait_result(got < 0 ? errno : 0, "receive");
        }
        done += static_cast<std::size_t>(got);
    }
    return ok_status();
}

}  // namespace

Result<AgentLocation> agent_location(const fs::path& profile_directory) {
    std::error_code error;
    fs::path absolute = fs::absolute(profile_directory, error);
    if (error) {
        return Error(ErrorCode::invalid_argument,
                     "profielmap onbekend / cannot resolve the profile directory '" +
                         profile_directory.string() + "'");
    }
    // The same profile reached by another spelling ("./p", "p/", a symlink) must find
    // the same agent.
    fs::path canonical = fs::weakly_canonical(absolute, error);
    if (error) {
        canonical = absolute.lexically_normal();
    }
    const std::string name =
        "agent-" + crypto::to_hex(crypto::hash(kNameDomain, crypto::as_bytes(canonical.string()),
                                               kNameHashSize));
    const fs::path directory = runtime_base();
    AgentLocation location{directory, directory / (name + ".sock"), directory / (name + ".lock")};
    if (location.socket.string().size() >= sizeof(sockaddr_un::sun_path)) {
        return Error(ErrorCode::invalid_argument,
                     "het pad voor de ontgrendelagent is te lang; kies een kortere "
                     "XDG_RUNTIME_DIR / the unlock agent socket path is too long: '" +
                         location.socket.string() + "'");
    }
    return location;
}

Status check_agent_directory(const fs::path& directory, uid_t owner) {
    struct stat info {};
    if (::lstat(directory.c_str(), &info) != 0) {
        if (errno == ENOENT) {
            return Error(ErrorCode::not_found,
                         "geen map voor de ontgrendelagent / no unlock "
                         "agent directory '" +
                             directory.string() + "'");
        }
        return unsafe_directory(directory, "niet te lezen", "cannot be examined");
    }
    if (!S_ISDIR(info.st_mode)) {
        return unsafe_directory(directory, "geen gewone map", "not a plain directory");
    }
    if (info.st_uid != owner) {
        return unsafe_directory(directory, "van een andere gebruiker", "owned by another user");
    }
    if ((info.st_mode & 077U) != 0) {
        return unsafe_directory(directory, "ook voor anderen toegankelijk (moet 0700 zijn)",
                                "open to others (must be 0700)");
    }
    // A parent that others may write to without the sticky bit would let them swap
    // the directory for their own after this check.
    struct stat parent {};
    if (::stat(directory.parent_path().c_str(), &parent) != 0 ||
        ((parent.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (parent.st_mode & S_ISVTX) == 0)) {
        return unsafe_directory(directory, "de bovenliggende map is voor anderen beschrijfbaar",
                                "its parent is writable by others");
    }
    return ok_status();
}

Status prepare_agent_directory(const fs::path& directory) {
    if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
        return Error(ErrorCode::internal,
                     "kan de map voor de ontgrendelagent niet maken / cannot "
                     "create the unlock agent directory '" +
                         directory.string() + "'");
    }
    return check_agent_directory(directory, ::geteuid());
}

bool peer_may_connect(uid_t peer_uid, uid_t own_uid) { return peer_uid == own_uid; }

Result<uid_t> peer_uid_of(int socket_fd) {
    ucred credentials{};
    socklen_t size = sizeof credentials;
    if (::getsockopt(socket_fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0 ||
        size != sizeof credentials) {
        return Error(ErrorCode::internal, "cannot read the peer credentials of a socket");
    }
    return credentials.uid;
}

FileDescriptor::~FileDescriptor() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = other.release();
    }
    return *this;
}

Status set_agent_io_timeouts(int socket_fd) {
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(kAgentIoTimeout).count();
    timeval timeout{};
    timeout.tv_sec = static_cast<time_t>(micros / 1'000'000);
    timeout.tv_usec = static_cast<suseconds_t>(micros % 1'000'000);
    if (::setsockopt(socket_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) != 0 ||
        ::setsockopt(socket_fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout) != 0) {
        return Error(ErrorCode::internal, "cannot set socket timeouts");
    }
    return ok_status();
}

Result<std::optional<FileDescriptor>> connect_to_agent(const AgentLocation& location) {
    if (const Status directory = check_agent_directory(location.directory, ::geteuid());
        !directory.ok()) {
        if (directory.error().code() == ErrorCode::not_found) {
            return std::optional<FileDescriptor>();
        }
        return directory.error();
    }
    FileDescriptor fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) {
        return Error(ErrorCode::internal, "cannot create a Unix socket");
    }
    // Before connect: on Linux a Unix connect waits on a full backlog for as long as
    // the send timeout allows.
    WEERBAAR_TRY(set_agent_io_timeouts(fd.get()));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string path = location.socket.string();
    path.copy(address.sun_path, sizeof address.sun_path - 1);
    int rc = 0;
    do {
        rc = ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        if (errno == ENOENT || errno == ECONNREFUSED) {
            return std::optional<FileDescriptor>();
        }
        return wait_result(errno, "connect").error();
    }
    WEERBAAR_ASSIGN_OR_RETURN(const uid_t agent_uid, peer_uid_of(fd.get()));
    if (!peer_may_connect(agent_uid, ::geteuid())) {
        return Error(ErrorCode::permission_denied,
                     "de ontgrendelagent draait als een andere gebruiker; niet gebruikt / the "
                     "unlock agent runs as another user; not used");
    }
    return std::optional<FileDescriptor>(std::move(fd));
}

Status send_agent_frame(int socket_fd, const crypto::SecretBuffer& frame) {
    const auto bytes = frame.expose_secret();
    std::size_t done = 0;
    while (done < bytes.size()) {
        // MSG_NOSIGNAL: a peer that hangs up must not kill us with SIGPIPE.
        const ssize_t sent =
            ::send(socket_fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) {
            continue;
        }
        if (sent <= 0) {
            return wait_result(sent < 0 ? errno : 0, "send");
        }
        done += static_cast<std::size_t>(sent);
    }
    return ok_status();
}

Result<crypto::SecretBuffer> receive_agent_frame(int socket_fd) {
    std::array<std::uint8_t, kAgentFrameHeaderSize> header{};
    WEERBAAR_TRY(read_exact(socket_fd, header));
    WEERBAAR_ASSIGN_OR_RETURN(const std::size_t size, agent_frame_body_size(header));
    crypto::SecretBuffer body(size);
    WEERBAAR_TRY(read_exact(socket_fd, body.expose_secret()));
    return body;
}

}  // namespace weerbaar::client
