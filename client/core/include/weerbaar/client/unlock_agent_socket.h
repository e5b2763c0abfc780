#pragma once
// Where a profile's unlock agent listens, and the checks that keep it reachable by
// its own user only (docs/threat-model.md, "Unlock agent"):
//  - the socket lies in a directory of our own: $XDG_RUNTIME_DIR/weerbaar when
//    XDG_RUNTIME_DIR is set (an absolute path), else /tmp/weerbaar-<uid>. It must be a
//    real directory (no symlink), owned by our effective uid, with no group or other
//    permission bits (0700); a directory failing that is never used;
//  - the socket is 0600 and named after the profile directory, so two profiles never
//    reach each other's agent;
//  - both ends check the other's uid with SO_PEERCRED, so even a socket reached by
//    some other way answers only its own user, and a client only trusts an agent of
//    its own user.
// Blocking calls with timeouts; no shared state, safe from any thread.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>

#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

namespace weerbaar::client {

// How long one side waits for the other to send or take a frame.
inline constexpr std::chrono::milliseconds kAgentIoTimeout{2000};

struct AgentLocation {
    std::filesystem::path directory;  // the 0700 directory
    std::filesystem::path socket;     // agent-<name>.sock
    std::filesystem::path lock;       // agent-<name>.lock: held by the running agent
};

// Pure apart from reading XDG_RUNTIME_DIR and resolving `profile_directory` to an
// absolute, normalised path (symlinks followed where it exists), whose BLAKE2b hash
// names the socket. invalid_argument when the socket path would not fit a
// sockaddr_un. Creates nothing.
[[nodiscard]] Result<AgentLocation> agent_location(const std::filesystem::path& profile_directory);

// Ok when `directory` exists as a directory (not a symlink), owned by `owner`, with
// mode 0700 or stricter; permission_denied naming the directory otherwise
// (not_found when it does not exist).
[[nodiscard]] Status check_agent_directory(const std::filesystem::path& directory, uid_t owner);
// Creates the directory with mode 0700 when it is missing, then checks it as above.
[[nodiscard]] Status prepare_agent_directory(const std::filesystem::path& directory);

// The one rule for a connection, on either side: the peer runs as our own uid.
// Root gets no exception: root can read our memory anyway and needs no agent.
[[nodiscard]] bool peer_may_connect(uid_t peer_uid, uid_t own_uid);
// The uid at the other end of a connected Unix socket (SO_PEERCRED); internal error
// when the kernel does not say.
[[nodiscard]] Result<uid_t> peer_uid_of(int socket_fd);

// Owns a file descriptor; closes it once.
class FileDescriptor {
  public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor();
    FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}
    FileDescriptor& operator=(FileDescriptor&& other) noexcept;
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;

    [[nodiscard]] int get() const { return fd_; }
    [[nodiscard]] bool valid() const { return fd_ >= 0; }
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }

  private:
    int fd_ = -1;
};

// Connects to the agent at `location`: nothing when no agent listens there (no
// socket, or a stale one), which is the ordinary case without `unlock`.
// permission_denied when the directory fails check_agent_directory or the agent runs
// as another uid; unavailable for other socket errors. Send and receive time out
// after kAgentIoTimeout.
[[nodiscard]] Result<std::optional<FileDescriptor>> connect_to_agent(const AgentLocation& location);

// Applies kAgentIoTimeout to both directions of `socket_fd`.
[[nodiscard]] Status set_agent_io_timeouts(int socket_fd);
// Writes a whole frame (unlock_agent_protocol.h); unavailable when the other side
// goes away or is too slow.
[[nodiscard]] Status send_agent_frame(int socket_fd, const crypto::SecretBuffer& frame);
// Reads one frame and returns its body, straight into secure memory; invalid_argument
// for a bad length, unavailable when the other side goes away or is too slow.
[[nodiscard]] Result<crypto::SecretBuffer> receive_agent_frame(int socket_fd);

}  // namespace weerbaar::client
