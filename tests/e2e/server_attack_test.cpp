// Attacks a stranger (or a careless operator) can make on the running server,
// replayed against the real weerbaar-server binary on loopback (issue 12): a second
// server on the same data directory or port, a data directory left open to other
// users, and a descriptor table filled with idle connections. After each, a member
// still logs in and reads.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;

// Name -> (size, mtime) of every file under `root`: what "touches nothing" compares.
std::map<std::string, std::pair<std::uintmax_t, fs::file_time_type>> listing(const fs::path& root) {
    std::map<std::string, std::pair<std::uintmax_t, fs::file_time_type>> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) {
            files[entry.path().string()] = {entry.file_size(), entry.last_write_time()};
        }
    }
    return files;
}

int port_of(const std::string& address) {
    return std::stoi(address.substr(address.rfind(':') + 1));
}

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 07777U;
}

// Plain TCP connections that never say anything, as many as the server accepts
// of `count` (bounded: each connect waits at most 2 s).
class IdleConnections {
  public:
    IdleConnections(int port, int count) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        for (int i = 0; i < count; ++i) {
            const int socket = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (socket < 0) break;
            timeval timeout{2, 0};
            (void)::setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
            if (::connect(socket, reinterpret_cast<const sockaddr*>(&address), sizeof address) !=
                0) {
                ::close(socket);
                break;
            }
            sockets_.push_back(socket);
        }
    }
    ~IdleConnections() {
        for (const int socket : sockets_) ::close(socket);
    }
    IdleConnections(const IdleConnections&) = delete;
    IdleConnections& operator=(const IdleConnections&) = delete;
    [[nodiscard]] std::size_t size() const { return sockets_.size(); }

  private:
    std::vector<int> sockets_;
};

}  // namespace

TEST_CASE("a second server on the same data directory exits 1 and touches nothing",
          "[e2e][attack][single-instance]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    const auto before = listing(team.server().data_dir());

    const auto second = run_process({WEERBAAR_SERVER_BIN, "--data",
                                     team.server().data_dir().string(), "--listen", "127.0.0.1:0"},
                                    {}, std::chrono::seconds(30));
    INFO(second.err);
    CHECK(second.exit_code == 1);
    CHECK(second.err.find("another weerbaar-server is using") != std::string::npos);
    CHECK(second.out.empty());
    CHECK(listing(team.server().data_dir()) == before);

    const auto read = team.must_succeed("bram", {"case", "show", case_id});
    CHECK(read.exit_code == 0);
}

TEST_CASE("a second server on a port in use exits 1 before it makes its data directory",
          "[e2e][attack][single-instance]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    TempDir other;
    const fs::path other_data = other.path() / "data";

    const auto second = run_process(
        {WEERBAAR_SERVER_BIN, "--data", other_data.string(), "--listen", team.server().address()},
        {}, std::chrono::seconds(30));
    INFO(second.err);
    CHECK(second.exit_code == 1);
    CHECK(second.err.find("is in use") != std::string::npos);
    CHECK_FALSE(fs::exists(other_data));

    // Every connection still reaches the first server: the port is not shared.
    for (int i = 0; i < 3; ++i) {
        CHECK(team.must_succeed("bram", {"case", "show", case_id}).exit_code == 0);
    }
}

TEST_CASE("a data directory made open to others is narrowed to 0700; server.crt is 0600",
          "[e2e][attack][modes]") {
    TempDir dir;
    const fs::path data = dir.path() / "data";
    REQUIRE(::mkdir(data.c_str(), 0755) == 0);
    REQUIRE(::chmod(data.c_str(), 0755) == 0);
    TestServer server(data);
    server.start();
    CHECK(mode_of(data) == 0700U);
    CHECK(mode_of(server.certificate()) == 0600U);
    CHECK(mode_of(data / "lock") == 0600U);
    CHECK(server.stop() == 0);
}

TEST_CASE("a server whose descriptor table fills exits 1 so that its supervisor restarts it",
          "[e2e][attack][connections]") {
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    const std::string address = team.server().address();
    REQUIRE(team.server().stop() == 0);

    // The attack as reported: 128 descriptors at most, 150 idle connections.
    TempDir scratch;
    BackgroundProcess limited({"/usr/bin/prlimit", "--nofile=128:128", WEERBAAR_SERVER_BIN,
                               "--data", team.server().data_dir().string(), "--listen", address},
                              scratch.path() / "limited.out");
    const auto started_by = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (read_file(scratch.path() / "limited.out").find("listening on") == std::string::npos) {
        REQUIRE(limited.running());
        REQUIRE(std::chrono::steady_clock::now() < started_by);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    {
        IdleConnections hoard(port_of(address), 150);
        CHECK(hoard.size() >= 100);
        // gRPC 1.51 stops accepting for good once accept() fails with EMFILE; the
        // listener check sees it (3 failed checks, 5 s apart) and the process exits.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
        while (limited.running() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    }
    const std::string output = read_file(scratch.path() / "limited.out");
    INFO(output);
    REQUIRE_FALSE(limited.running());
    CHECK(limited.terminate() == 1);
    CHECK(output.find("the listener takes no connections any more") != std::string::npos);

    // What systemd's Restart=on-failure does: start it again; the member logs in and reads.
    team.server().start();
    CHECK(team.must_succeed("bram", {"case", "show", case_id}).exit_code == 0);
}

}  // namespace weerbaar::e2e
