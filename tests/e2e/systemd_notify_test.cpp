// The real weerbaar-server as a Type=notify systemd service sees it, without
// systemd: the test binds the notification socket itself (NOTIFY_SOCKET) and
// reads what the server sends (docs/operations.md, "The service").

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "child_process.h"

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

struct Notification {
    std::string text;
    pid_t sender = -1;  // from the kernel (SO_PASSCRED), not from the message
};

// The datagram socket systemd would listen on, bound to a path of the test's own.
class NotifySocket {
  public:
    explicit NotifySocket(const fs::path& path) : path_(path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        REQUIRE(path.string().size() < sizeof address.sun_path);
        path.string().copy(address.sun_path, sizeof address.sun_path - 1);
        REQUIRE(::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
        const int one = 1;
        REQUIRE(::setsockopt(fd_, SOL_SOCKET, SO_PASSCRED, &one, sizeof one) == 0);
    }
    ~NotifySocket() { ::close(fd_); }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    [[nodiscard]] std::string environment() const { return "NOTIFY_SOCKET=" + path_.string(); }

    // The next notification, or nothing if none came within `timeout`.
    std::optional<Notification> receive(milliseconds timeout) {
        pollfd ready{fd_, POLLIN, 0};
        if (::poll(&ready, 1, static_cast<int>(timeout.count())) <= 0) {
            return std::nullopt;
        }
        char text[4096];
        iovec part{text, sizeof text};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(ucred))];
        msghdr message{};
        message.msg_iov = &part;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        const ssize_t got = ::recvmsg(fd_, &message, 0);
        if (got < 0) {
            return std::nullopt;
        }
        Notification notification{std::string(text, static_cast<std::size_t>(got))};
        for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
             header = CMSG_NXTHDR(&message, header)) {
            if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_CREDENTIALS) {
                ucred credentials{};
                std::memcpy(&credentials, CMSG_DATA(header), sizeof credentials);
                notification.sender = credentials.pid;
            }
        }
        return notification;
    }

    // Every notification that arrives within `window`.
    std::vector<Notification> receive_for(milliseconds window) {
        std::vector<Notification> all;
        const auto end = steady_clock::now() + window;
        for (auto now = steady_clock::now(); now < end; now = steady_clock::now()) {
            if (auto next = receive(std::chrono::duration_cast<milliseconds>(end - now))) {
                all.push_back(std::move(*next));
            }
        }
        return all;
    }

  private:
    fs::path path_;
    int fd_ = -1;
};

// The server on a free loopback port and a settings file of its own (so that
// /etc/weerbaar/server.toml on the test machine plays no part).
std::vector<std::string> server_argv(const TempDir& dir) {
    const fs::path config = dir.path() / "server.toml";
    std::ofstream(config) << "data_directory = \"" << (dir.path() / "data").string()
                          << "\"\nlisten = \"127.0.0.1:0\"\n";
    return {WEERBAAR_SERVER_BIN, "--config", config.string()};
}

// WATCHDOG_PID must name the server's own process, which exists only once it is
// started: a shell sets it to its own pid and then becomes the server.
std::vector<std::string> with_watchdog_pid_of_itself(const std::vector<std::string>& argv) {
    std::vector<std::string> wrapped{"/bin/sh", "-c", "WATCHDOG_PID=$$ exec \"$0\" \"$@\""};
    wrapped.insert(wrapped.end(), argv.begin(), argv.end());
    return wrapped;
}

bool accepts_connections(int port) {
    const int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool connected =
        ::connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    ::close(probe);
    return connected;
}

std::size_t count(const std::vector<Notification>& all, const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        all.begin(), all.end(), [&](const Notification& n) { return n.text == text; }));
}

}  // namespace

TEST_CASE("under systemd the server sends READY=1 once it listens and STOPPING=1 on SIGTERM",
          "[e2e][systemd]") {
    TempDir dir;
    NotifySocket systemd(dir.path() / "notify");
    StreamingProcess server(server_argv(dir), {systemd.environment()});

    const auto ready = systemd.receive(std::chrono::seconds(60));
    REQUIRE(ready.has_value());
    CHECK(ready->text == "READY=1");
    CHECK(ready->sender == server.pid());
    // By the time READY=1 arrives, the `listening on` line has been written and
    // the port takes connections: nothing waits on a server that is not there.
    std::string listening;
    for (int i = 0; i < 5 && listening.empty(); ++i) {
        const auto line = server.next_line(milliseconds(200));
        REQUIRE(line.has_value());
        if (line->rfind("listening on 127.0.0.1:", 0) == 0) {
            listening = *line;
        }
    }
    REQUIRE_FALSE(listening.empty());
    CHECK(accepts_connections(std::stoi(listening.substr(listening.rfind(':') + 1))));
    // No watchdog was asked for: no pings.
    CHECK(count(systemd.receive_for(milliseconds(500)), "WATCHDOG=1") == 0);

    CHECK(server.stop() == 0);
    const auto stopping = systemd.receive(milliseconds(100));
    REQUIRE(stopping.has_value());
    CHECK(stopping->text == "STOPPING=1");
    CHECK(stopping->sender == server.pid());
}

TEST_CASE("with WatchdogSec= the server pings WATCHDOG=1 at half the interval", "[e2e][systemd]") {
    TempDir dir;
    NotifySocket systemd(dir.path() / "notify");
    // WatchdogSec=0.4s: a ping every 200 ms.
    StreamingProcess server(with_watchdog_pid_of_itself(server_argv(dir)),
                            {systemd.environment(), "WATCHDOG_USEC=400000"});
    std::optional<Notification> ready;
    while (auto next = systemd.receive(std::chrono::seconds(60))) {
        if (next->text == "READY=1") {
            ready = next;
            break;
        }
    }
    REQUIRE(ready.has_value());
    CHECK(ready->sender == server.pid());

    const auto pings = systemd.receive_for(milliseconds(2000));
    // 10 in 2 s on time; a ping may be late on a busy machine, never early.
    CHECK(count(pings, "WATCHDOG=1") >= 5);
    CHECK(count(pings, "WATCHDOG=1") <= 11);
    for (const auto& ping : pings) {
        CHECK(ping.sender == server.pid());
    }
    CHECK(server.stop() == 0);
}

TEST_CASE("a watchdog meant for another process (WATCHDOG_PID) gets no pings", "[e2e][systemd]") {
    TempDir dir;
    NotifySocket systemd(dir.path() / "notify");
    StreamingProcess server(server_argv(dir),
                            {systemd.environment(), "WATCHDOG_USEC=400000", "WATCHDOG_PID=1"});
    const auto ready = systemd.receive(std::chrono::seconds(60));
    REQUIRE(ready.has_value());
    CHECK(ready->text == "READY=1");
    CHECK(count(systemd.receive_for(milliseconds(1000)), "WATCHDOG=1") == 0);
    CHECK(server.stop() == 0);
}

TEST_CASE("under systemd the bootstrap code stays out of the journal", "[e2e][systemd]") {
    TempDir dir;
    // systemd names the journal stream it gives a service as JOURNAL_STREAM=DEVICE:INODE;
    // the shell sets it to its own stdout (the test's pipe) and then becomes the server.
    std::vector<std::string> argv{"/bin/sh", "-c",
                                  "JOURNAL_STREAM=$(stat -L -c '%d:%i' /proc/$$/fd/1) "
                                  "exec \"$0\" \"$@\""};
    const auto server_args = server_argv(dir);
    argv.insert(argv.end(), server_args.begin(), server_args.end());
    StreamingProcess server(argv, {});
    std::vector<std::string> lines;
    while (lines.empty() || lines.back().rfind("listening on", 0) != 0) {
        const auto line = server.next_line(std::chrono::seconds(60));
        REQUIRE(line.has_value());
        lines.push_back(*line);
    }
    const std::string code = read_file(dir.path() / "data" / "bootstrap-code");
    REQUIRE(code.size() > 10);
    const std::string code_line = code.substr(0, code.find('\n'));
    bool pointed = false;
    for (const std::string& line : lines) {
        INFO(line);
        CHECK(line.find(code_line) == std::string::npos);
        pointed = pointed || line == "bootstrap code: in " +
                                         (dir.path() / "data" / "bootstrap-code").string() +
                                         " (kept out of the journal)";
    }
    CHECK(pointed);
    CHECK(server.stop() == 0);
}

}  // namespace weerbaar::e2e
