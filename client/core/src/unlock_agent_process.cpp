#include "weerbaar/client/unlock_agent_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <ctime>
#include <string>

#include "weerbaar/client/unlock_agent_protocol.h"
#include "weerbaar/client/unlock_agent_socket.h"
#include "weerbaar/crypto/keystore.h"

namespace weerbaar::client {
namespace {

namespace fs = std::filesystem;

constexpr int kListenBacklog = 16;
constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

Error setup_failed(std::string_view what) {
    return Error(ErrorCode::internal,
                 "de ontgrendelagent kan niet starten / the unlock agent "
                 "cannot start: " +
                     std::string(what));
}

// Nothing of this process may end up in a core file or be read by a debugger of the
// same uid. Both calls only fail on a kernel without them; the agent then runs
// without, which is no worse than the command that started it.
void harden_process() {
    (void)::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    const rlimit no_core{0, 0};
    (void)::setrlimit(RLIMIT_CORE, &no_core);
    ::umask(077);
    // Keeps no directory busy (a profile on a removable disk can be unmounted).
    (void)!::chdir("/");
}

// CLOCK_BOOTTIME keeps counting while the laptop sleeps: an unlock for 15 minutes
// must not last the whole night of a closed lid.
std::int64_t now_nanos() {
    timespec now{};
    ::clock_gettime(CLOCK_BOOTTIME, &now);
    return static_cast<std::int64_t>(now.tv_sec) * kNanosPerSecond + now.tv_nsec;
}

// Removes the socket when the agent stops, however it stops.
class SocketRemoval {
  public:
    explicit SocketRemoval(fs::path path) : path_(std::move(path)) {}
    ~SocketRemoval() { ::unlink(path_.c_str()); }
    SocketRemoval(const SocketRemoval&) = delete;
    SocketRemoval& operator=(const SocketRemoval&) = delete;

  private:
    fs::path path_;
};

// The keys and their time. Wiped when replaced and when the agent stops: the
// SecretBuffer zeroes its memory in its destructor.
struct HeldKeys {
    crypto::SecretBuffer contents;
    crypto::Bytes digest;
    std::int64_t deadline_nanos = 0;  // CLOCK_BOOTTIME

    [[nodiscard]] bool present(std::int64_t now) const {
        return !contents.empty() && now < deadline_nanos;
    }
    [[nodiscard]] std::chrono::seconds remaining(std::int64_t now) const {
        const std::int64_t left = deadline_nanos - now;
        return std::chrono::seconds(left <= 0 ? 0 : (left + kNanosPerSecond - 1) / kNanosPerSecond);
    }
};

Status arm_timer(int timer_fd, std::int64_t deadline_nanos) {
    itimerspec when{};
    when.it_value.tv_sec = static_cast<time_t>(deadline_nanos / kNanosPerSecond);
    when.it_value.tv_nsec = static_cast<long>(deadline_nanos % kNanosPerSecond);
    if (::timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &when, nullptr) != 0) {
        return setup_failed("timer");
    }
    return ok_status();
}

Result<FileDescriptor> listen_on(const fs::path& path) {
    // Non-blocking, so that a client gone between poll and accept cannot stall the
    // loop; accepted connections are blocking with timeouts.
    FileDescriptor listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!listener.valid()) {
        return setup_failed("socket");
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string name = path.string();
    name.copy(address.sun_path, sizeof address.sun_path - 1);
    // The umask (077) makes the socket 0600 from the moment it exists; the chmod
    // says so explicitly and holds even if the umask was changed.
    if (::bind(listener.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        ::chmod(name.c_str(), 0600) != 0 || ::listen(listener.get(), kListenBacklog) != 0) {
        return setup_failed("bind");
    }
    return listener;
}

enum class Next { keep_serving, stop };

void reply(int connection, const AgentReply& answer) {
    const auto frame = encode_agent_reply(answer);
    if (frame.ok()) {
        // The client may be gone already; there is nobody to tell.
        (void)send_agent_frame(connection, frame.value());
    }
}

// Answers one connection. Errors on it concern that client only, never the agent.
Next serve(int listener, HeldKeys& held, int timer_fd) {
    const FileDescriptor connection(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
    if (!connection.valid()) {
        return Next::keep_serving;
    }
    const auto peer = peer_uid_of(connection.get());
    if (!peer.ok() || !peer_may_connect(peer.value(), ::geteuid())) {
        // Not a word to another user: the connection simply closes.
        return Next::keep_serving;
    }
    if (!set_agent_io_timeouts(connection.get()).ok()) {
        return Next::keep_serving;
    }
    const auto body = receive_agent_frame(connection.get());
    if (!body.ok()) {
        reply(connection.get(), AgentReply{AgentReplyKind::refused, {}, {}, {}});
        return Next::keep_serving;
    }
    auto request = decode_agent_request(body.value().expose_secret());
    if (!request.ok()) {
        reply(connection.get(), AgentReply{AgentReplyKind::refused, {}, {}, {}});
        return Next::keep_serving;
    }
    const std::int64_t now = now_nanos();
    switch (request.value().kind) {
        case AgentRequestKind::unlock: {
            // Only contents that decode as a keystore's are held: a confused client
            // cannot make the agent hand out garbage as keys.
            if (!crypto::decode_keystore_contents(request.value().contents.expose_secret()).ok()) {
                reply(connection.get(), AgentReply{AgentReplyKind::refused, {}, {}, {}});
                return Next::keep_serving;
            }
            held.contents = std::move(request.value().contents);
            held.digest = std::move(request.value().keystore_digest);
            held.deadline_nanos =
                now + static_cast<std::int64_t>(request.value().duration.count()) * kNanosPerSecond;
            if (!arm_timer(timer_fd, held.deadline_nanos).ok()) {
                return Next::stop;
            }
            reply(connection.get(), AgentReply{AgentReplyKind::done, held.remaining(now), {}, {}});
            return Next::keep_serving;
        }
        case AgentRequestKind::keys:
            if (!held.present(now)) {
                reply(connection.get(), AgentReply{AgentReplyKind::locked, {}, {}, {}});
                // Past the deadline the timer is due anyway; stop now rather than
                // after one more turn of the loop.
                return held.contents.empty() ? Next::keep_serving : Next::stop;
            }
            reply(connection.get(), AgentReply{AgentReplyKind::keys, held.remaining(now),
                                               held.digest, held.contents.clone()});
            return Next::keep_serving;
        case AgentRequestKind::lock:
            reply(connection.get(), AgentReply{AgentReplyKind::done, {}, {}, {}});
            return Next::stop;
    }
    return Next::keep_serving;
}

}  // namespace

Status run_unlock_agent(const fs::path& profile_directory) {
    harden_process();
    WEERBAAR_ASSIGN_OR_RETURN(const AgentLocation location, agent_location(profile_directory));
    WEERBAAR_TRY(prepare_agent_directory(location.directory));

    // One agent per profile: whoever holds this lock owns the socket path. The lock
    // file stays when the agent stops; removing it would let two agents each lock a
    // different file under the same name.
    const FileDescriptor lock(
        ::open(location.lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!lock.valid()) {
        return setup_failed("lock file");
    }
    if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            return ok_status();  // another agent serves this profile
        }
        return setup_failed("lock");
    }
    // A socket left by an agent that was killed: ours now, since we hold the lock.
    ::unlink(location.socket.c_str());
    WEERBAAR_ASSIGN_OR_RETURN(const FileDescriptor listener, listen_on(location.socket));
    const SocketRemoval removal(location.socket);

    (void)::signal(SIGPIPE, SIG_IGN);
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGHUP);
    if (::sigprocmask(SIG_BLOCK, &stop_signals, nullptr) != 0) {
        return setup_failed("signals");
    }
    const FileDescriptor signals(::signalfd(-1, &stop_signals, SFD_CLOEXEC));
    const FileDescriptor timer(::timerfd_create(CLOCK_BOOTTIME, TFD_CLOEXEC | TFD_NONBLOCK));
    if (!signals.valid() || !timer.valid()) {
        return setup_failed("signalfd or timerfd");
    }

    HeldKeys held;
    held.deadline_nanos = now_nanos() + kAgentFirstRequestWindow.count() * kNanosPerSecond;
    WEERBAAR_TRY(arm_timer(timer.get(), held.deadline_nanos));

    std::array<pollfd, 3> watched{
        {{listener.get(), POLLIN, 0}, {timer.get(), POLLIN, 0}, {signals.get(), POLLIN, 0}}};
    while (true) {
        if (::poll(watched.data(), watched.size(), -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (watched[2].revents != 0) {
            break;
        }
        if (watched[1].revents != 0) {
            std::uint64_t expirations = 0;
            (void)!::read(timer.get(), &expirations, sizeof expirations);
            // An unlock may have moved the deadline after the timer fired.
            if (now_nanos() >= held.deadline_nanos) {
                break;
            }
        }
        if (watched[0].revents != 0 && serve(listener.get(), held, timer.get()) == Next::stop) {
            break;
        }
    }
    // `held` wipes the keys as it goes out of scope; `removal` removes the socket.
    return ok_status();
}

}  // namespace weerbaar::client
