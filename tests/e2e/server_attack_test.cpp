// Attacks a stranger (or a careless operator) can make on the running server,
// replayed against the real weerbaar-server binary on loopback (issue 12): a second
// server on the same data directory or port, a data directory left open to other
// users, a descriptor table filled with idle connections, and a flood of challenges
// and failed logins. After each, a member still logs in and reads.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "member_core.h"
#include "raw_login.h"
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

TEST_CASE("a data directory made open to others is narrowed to 0700, server.crt is 0600",
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

TEST_CASE("a flood of challenges under made-up names and failed logins locks no member out",
          "[e2e][attack][login-flood]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_id = team.open_case("bram");
    MemberCore bram(team.cli(), "bram");
    const crypto::SigningKeyPair& bram_key = bram.session().keys().identity.signing;

    // The attack as reported: eight challenges for each of 1,260 made-up names (it
    // filled the old global pool in half a second), here from four connections, and
    // beside it made-up and forged logins under bram's own name from two more. All
    // of it comes from 127.0.0.1, as bram does: one NAT for stranger and member.
    constexpr int kNames = 1260;
    constexpr int kPerName = 8;
    constexpr int kChallengeThreads = 4;
    constexpr int kLoginThreads = 2;
    constexpr int kMaxLoginsPerThread = 20000;
    // The flood runs until the member's checks below are done (bounded all the same).
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(25);
    std::atomic<bool> stop{false};
    const auto flooding = [&] {
        return !stop.load() && std::chrono::steady_clock::now() < give_up;
    };
    std::atomic<int> challenges_ok{0};
    std::atomic<int> challenges_failed{0};
    std::atomic<int> refused_unauthenticated{0};
    std::atomic<int> refused_backoff{0};
    std::atomic<int> other_answers{0};
    std::vector<std::thread> threads;
    // A failed REQUIRE below must not leave threads running (std::terminate).
    struct StopAndJoin {
        std::atomic<bool>& stop;
        std::vector<std::thread>& threads;
        ~StopAndJoin() {
            stop = true;
            for (std::thread& thread : threads) {
                if (thread.joinable()) thread.join();
            }
        }
    } stop_and_join{stop, threads};
    for (int t = 0; t < kChallengeThreads; ++t) {
        threads.emplace_back([&, t] {
            RawLogin stranger(team.server());
            // The reported round first, whole; then more rounds while the member works.
            for (int round = 0; round == 0 || flooding(); ++round) {
                for (int name = t; name < kNames; name += kChallengeThreads) {
                    for (int i = 0; i < kPerName; ++i) {
                        (stranger.challenge("made-up" + std::to_string(name)).ok()
                             ? challenges_ok
                             : challenges_failed)++;
                    }
                }
            }
        });
    }
    for (int t = 0; t < kLoginThreads; ++t) {
        threads.emplace_back([&, t] {
            RawLogin stranger(team.server());
            for (int i = 0; i < kMaxLoginsPerThread && flooding(); ++i) {
                const grpc::Status status =
                    t == 0 ? stranger.made_up_login("bram") : stranger.forged_login("bram");
                switch (status.error_code()) {
                    case grpc::StatusCode::UNAUTHENTICATED:
                        ++refused_unauthenticated;
                        break;
                    case grpc::StatusCode::RESOURCE_EXHAUSTED:
                        ++refused_backoff;
                        break;
                    default:
                        ++other_answers;
                        break;
                }
            }
        });
    }

    // During the flood: bram logs out, so that the next command must log in, and
    // reads the case through the real CLI; and logs in with the core's key.
    while (challenges_ok.load() < 1000 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(team.must_succeed("bram", {"logout"}).exit_code == 0);
    CHECK(team.must_succeed("bram", {"case", "show", case_id}).exit_code == 0);
    RawLogin member(team.server());
    std::string token;
    const grpc::Status raw_during = member.login("bram", bram_key, &token);
    INFO(raw_during.error_message());
    CHECK(raw_during.ok());
    CHECK(member.list_cases(token).ok());
    const bool flood_running = flooding();
    stop = true;

    for (std::thread& thread : threads) {
        thread.join();
    }
    INFO("flood still running at the member's login: " << flood_running);
    INFO("challenges " << challenges_ok.load() << " ok, " << challenges_failed.load()
                       << " failed; stranger logins " << refused_unauthenticated.load()
                       << " UNAUTHENTICATED, " << refused_backoff.load() << " RESOURCE_EXHAUSTED, "
                       << other_answers.load() << " other");
    CHECK(flood_running);
    CHECK(challenges_ok.load() >= kNames * kPerName);
    CHECK(challenges_failed.load() == 0);
    CHECK(other_answers.load() == 0);
    // The address went into back-off, and still the member got in.
    CHECK(refused_backoff.load() > 0);

    // After it: the same again.
    CHECK(team.must_succeed("bram", {"logout"}).exit_code == 0);
    CHECK(team.must_succeed("bram", {"case", "show", case_id}).exit_code == 0);
    CHECK(member.login("bram", bram_key, &token).ok());
    CHECK(member.list_cases(token).ok());
}

TEST_CASE("a token is refused by the real server once its session logged out",
          "[e2e][attack][logout]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    MemberCore bram(team.cli(), "bram");
    const crypto::SigningKeyPair& key = bram.session().keys().identity.signing;
    RawLogin raw(team.server());
    std::string first;
    std::string second;
    REQUIRE(raw.login("bram", key, &first).ok());
    REQUIRE(raw.login("bram", key, &second).ok());
    REQUIRE(raw.list_cases(first).ok());

    CHECK(raw.logout(first).ok());
    CHECK(raw.list_cases(first).error_code() == grpc::StatusCode::UNAUTHENTICATED);
    CHECK(raw.logout(first).ok());  // again: nothing left to end
    CHECK(raw.list_cases(second).ok());
    CHECK(raw.logout("").error_code() == grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace weerbaar::e2e
