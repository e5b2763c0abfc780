// `weerbaar unlock` and `weerbaar lock`, end to end with the real binaries: after an
// unlock a command runs with no passphrase and no terminal; after lock, expiry or a
// passphrase change it is refused exactly as without unlock; the agent is gone
// then; a wrong passphrase or a bad duration starts nothing; the socket and its
// directory are private; another uid is refused; two profiles never share an agent.
//
// Every run here gets its own XDG_RUNTIME_DIR, so no agent of a developer's own
// profile is touched, and a run without passphrase also runs without a terminal
// (setsid), as a script would.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "member_keystore.h"
#include "team_scenario.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/client/unlock_agent_protocol.h"

extern char** environ;

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kNoPassphrase = "no passphrase: set WEERBAAR_PASSPHRASE or run in a terminal";

// A command run as a script with nothing to unlock with: no WEERBAAR_PASSPHRASE, no
// terminal (a session of its own), stdin from /dev/null.
ProcessResult run_without_passphrase(const CliRunner& cli, const std::string& user,
                                     const std::vector<std::string>& args,
                                     const fs::path& runtime) {
    std::vector<std::string> argv{WEERBAAR_CLI_BIN, "--profile", cli.profile(user).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        if (!text.starts_with("WEERBAAR_PASSPHRASE=") &&
            !text.starts_with("WEERBAAR_NEW_PASSPHRASE=") &&
            !text.starts_with("XDG_RUNTIME_DIR=")) {
            env.emplace_back(text);
        }
    }
    env.push_back("XDG_RUNTIME_DIR=" + runtime.string());

    const TempDir scratch;
    const std::string out = (scratch.path() / "out").string();
    const std::string err = (scratch.path() / "err").string();
    std::vector<char*> c_argv;
    for (auto& a : argv) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);
    std::vector<char*> c_env;
    for (auto& e : env) c_env.push_back(e.data());
    c_env.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, c_argv[0], &actions, &attributes, c_argv.data(), c_env.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    REQUIRE(rc == 0);
    int status = 0;
    const auto give_up = std::chrono::steady_clock::now() + 120s;
    while (waitpid(pid, &status, WNOHANG) != pid) {
        if (std::chrono::steady_clock::now() > give_up) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(10ms);
    }
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

// The pids of live `weerbaar ... agent` processes for this profile (zombies have no
// command line and are not counted).
std::vector<pid_t> agents_of(const fs::path& profile) {
    std::vector<pid_t> found;
    const std::string absolute = fs::absolute(profile).string();
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        std::ifstream in(entry.path() / "cmdline", std::ios::binary);
        const std::string cmdline((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
        std::vector<std::string> args;
        std::string current;
        for (const char c : cmdline) {
            if (c == '\0') {
                args.push_back(current);
                current.clear();
            } else {
                current += c;
            }
        }
        if (args.size() == 4 && args[1] == "--profile" && args[2] == absolute &&
            args[3] == "agent") {
            found.push_back(static_cast<pid_t>(std::stol(name)));
        }
    }
    return found;
}

// An agent stops right after it answered; give it a moment to be gone.
bool agent_gone(const fs::path& profile) {
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < give_up) {
        if (agents_of(profile).empty()) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

std::vector<fs::path> files_ending(const fs::path& directory, const std::string& extension) {
    std::vector<fs::path> found;
    if (!fs::exists(directory)) return found;
    for (const auto& entry : fs::directory_iterator(directory)) {
        if (entry.path().extension() == extension) found.push_back(entry.path());
    }
    return found;
}

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::lstat(path.c_str(), &info) == 0);
    return info.st_mode & 07777U;
}

void check_refused_as_without_unlock(const ProcessResult& result) {
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(kNoPassphrase) != std::string::npos);
    CHECK(result.out.empty());
}

// Connects to `socket` as uid/gid 65534 (nobody) and asks for the keys. Returns what
// the child saw: 0 no answer at all, 1 an answer, 2 could not connect, 3 could not
// become nobody. Needs root, to become nobody.
int ask_as_another_user(const fs::path& socket) {
    REQUIRE(crypto::initialise().ok());
    client::AgentRequest request;
    request.kind = client::AgentRequestKind::keys;
    const auto frame = client::encode_agent_request(request);
    REQUIRE(frame.ok());
    const auto bytes = frame.value().expose_secret();
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    socket.string().copy(address.sun_path, sizeof address.sun_path - 1);

    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // Only system calls from here on: this is a fork of the test process.
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) _exit(3);
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            _exit(2);
        }
        (void)!::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        timeval timeout{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        char answer[64];
        const ssize_t got = ::recv(fd, answer, sizeof answer, 0);
        _exit(got > 0 ? 1 : 0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Sends `bytes` as they are to the agent and returns everything it answers before it
// closes the connection.
crypto::Bytes raw_exchange(const fs::path& socket, const crypto::Bytes& bytes) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    socket.string().copy(address.sun_path, sizeof address.sun_path - 1);
    REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(bytes.size()));
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    crypto::Bytes answer;
    std::uint8_t chunk[256];
    ssize_t got = 0;
    while ((got = ::recv(fd, chunk, sizeof chunk, 0)) > 0) {
        answer.insert(answer.end(), chunk, chunk + got);
    }
    ::close(fd);
    return answer;
}

}  // namespace

TEST_CASE("unlock: commands run without the passphrase until lock, per profile", "[e2e][unlock]") {
    TeamScenario team({{"anna", "confidant"}, {"bram", "peer"}});
    const CliRunner& cli = team.cli();
    const TempDir runtime;
    const std::string xdg = "XDG_RUNTIME_DIR=" + runtime.path().string();
    const fs::path agent_directory = runtime.path() / "weerbaar";
    const fs::path anna = cli.profile("anna");

    // Before any unlock: refused as always, and nothing was started or made.
    const auto before = run_without_passphrase(cli, "anna", {"member", "list"}, runtime.path());
    check_refused_as_without_unlock(before);

    SECTION("bad durations are refused before anything is asked or started") {
        for (const std::string duration : {"0s", "9h", "15", "1d", "1h30m", "-5m", "abc"}) {
            const auto result = cli.run_with_env("anna", {"unlock", "--for", duration}, {xdg});
            INFO(duration << ": " << result.err);
            CHECK(result.exit_code == 2);
            CHECK(result.err.rfind("weerbaar: ongeldige duur '" + duration + "'", 0) == 0);
            CHECK(result.err.find(" / invalid duration") != std::string::npos);
            CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
        }
        CHECK_FALSE(fs::exists(agent_directory));
        CHECK(agents_of(anna).empty());
    }

    SECTION("a wrong passphrase starts no agent") {
        const auto result =
            cli.run_with_env("anna", {"unlock", "--for", "30s"}, {xdg}, "not the passphrase");
        INFO(result.err);
        CHECK(result.exit_code == 3);
        CHECK(result.err.find("verkeerde wachtwoordzin") != std::string::npos);
        CHECK(agents_of(anna).empty());
        CHECK(files_ending(agent_directory, ".sock").empty());
        check_refused_as_without_unlock(
            run_without_passphrase(cli, "anna", {"member", "list"}, runtime.path()));
    }

    SECTION("unlocked, locked, and never shared with another profile") {
        const auto unlocked = cli.run_with_env("anna", {"unlock", "--for", "30s"}, {xdg});
        INFO(unlocked.err);
        REQUIRE(unlocked.exit_code == 0);
        CHECK(unlocked.out.rfind("Ontgrendeld voor 30s, tot ", 0) == 0);
        REQUIRE(agents_of(anna).size() == 1);

        // The socket and its directory are private to this user.
        CHECK(mode_of(agent_directory) == 0700);
        const auto sockets = files_ending(agent_directory, ".sock");
        REQUIRE(sockets.size() == 1);
        CHECK(fs::is_socket(sockets.front()));
        CHECK(mode_of(sockets.front()) == 0600);

        const auto listed = run_without_passphrase(cli, "anna", {"member", "list"}, runtime.path());
        INFO(listed.err);
        CHECK(listed.exit_code == 0);
        CHECK(listed.out.find("bram") != std::string::npos);

        // Bram's profile has no agent of its own; anna's is not his.
        check_refused_as_without_unlock(
            run_without_passphrase(cli, "bram", {"member", "list"}, runtime.path()));
        const auto bram_lock = cli.run_with_env("bram", {"lock"}, {xdg});
        CHECK(bram_lock.exit_code == 0);
        CHECK(bram_lock.out.rfind("Niets te vergrendelen", 0) == 0);
        CHECK(agents_of(anna).size() == 1);

        // Unlocking again while unlocked starts the time over with the same agent.
        const auto again = cli.run_with_env("anna", {"unlock", "--for", "2m"}, {xdg});
        INFO(again.err);
        CHECK(again.exit_code == 0);
        CHECK(again.out.rfind("Ontgrendeld voor 2m, tot ", 0) == 0);
        CHECK(agents_of(anna).size() == 1);

        // Malformed or oversized requests get `refused` (length 2, version 1, kind 4)
        // and the agent goes on serving.
        const crypto::Bytes refused{0, 0, 0, 2, 1, 4};
        CHECK(raw_exchange(sockets.front(), {0xff, 0xff, 0xff, 0xff, 1, 2}) == refused);
        CHECK(raw_exchange(sockets.front(), {0, 0, 0x10, 1}) == refused);        // 4097 bytes
        CHECK(raw_exchange(sockets.front(), {0, 0, 0, 2, 9, 2}) == refused);     // version 9
        CHECK(raw_exchange(sockets.front(), {0, 0, 0, 3, 1, 2, 0}) == refused);  // trailing
        CHECK(raw_exchange(sockets.front(), {0, 0, 0, 2, 1, 7}) == refused);     // kind 7
        CHECK(agents_of(anna).size() == 1);

        if (::geteuid() == 0) {
            // Even with the modes opened up by hand, another uid gets no answer: the
            // agent checks SO_PEERCRED on every connection.
            REQUIRE(::chmod(runtime.path().c_str(), 0711) == 0);
            REQUIRE(::chmod(agent_directory.c_str(), 0711) == 0);
            REQUIRE(::chmod(sockets.front().c_str(), 0666) == 0);
            CHECK(ask_as_another_user(sockets.front()) == 0);
            // While the directory is open to others, the CLI does not trust it either.
            check_refused_as_without_unlock(
                run_without_passphrase(cli, "anna", {"member", "list"}, runtime.path()));
            REQUIRE(::chmod(sockets.front().c_str(), 0600) == 0);
            REQUIRE(::chmod(agent_directory.c_str(), 0700) == 0);
            REQUIRE(::chmod(runtime.path().c_str(), 0700) == 0);
            CHECK(agents_of(anna).size() == 1);
        } else {
            WARN(
                "not root: the other-uid refusal is covered by the unit test of "
                "peer_may_connect only");
        }

        const auto still = run_without_passphrase(cli, "anna", {"case", "list"}, runtime.path());
        INFO(still.err);
        CHECK(still.exit_code == 0);

        const auto locked = cli.run_with_env("anna", {"lock"}, {xdg});
        INFO(locked.err);
        CHECK(locked.exit_code == 0);
        CHECK(locked.out.rfind("Vergrendeld", 0) == 0);
        CHECK(agent_gone(anna));
        CHECK(files_ending(agent_directory, ".sock").empty());
        const auto after = run_without_passphrase(cli, "anna", {"member", "list"}, runtime.path());
        check_refused_as_without_unlock(after);
        CHECK(after.err == before.err);

        const auto nothing = cli.run_with_env("anna", {"lock"}, {xdg});
        CHECK(nothing.exit_code == 0);
        CHECK(nothing.out.rfind("Niets te vergrendelen", 0) == 0);

        // Unlock right after a lock, while that agent may still be stopping.
        REQUIRE(cli.run_with_env("anna", {"unlock", "--for", "30s"}, {xdg}).exit_code == 0);
        CHECK(cli.run_with_env("anna", {"lock"}, {xdg}).exit_code == 0);
        const auto relocked = cli.run_with_env("anna", {"unlock", "--for", "30s"}, {xdg});
        INFO(relocked.err);
        CHECK(relocked.exit_code == 0);
        CHECK(agents_of(anna).size() == 1);
        CHECK(cli.run_with_env("anna", {"lock"}, {xdg}).out.rfind("Vergrendeld", 0) == 0);
        CHECK(agent_gone(anna));
    }
}

TEST_CASE("unlock ends by itself when its time is up, and a passphrase change locks",
          "[e2e][unlock]") {
    TeamScenario team({{"anna", "confidant"}});
    const CliRunner& cli = team.cli();
    const TempDir runtime;
    const std::string xdg = "XDG_RUNTIME_DIR=" + runtime.path().string();
    const fs::path anna = cli.profile("anna");

    SECTION("expiry") {
        const auto unlocked = cli.run_with_env("anna", {"unlock", "--for", "2s"}, {xdg});
        INFO(unlocked.err);
        REQUIRE(unlocked.exit_code == 0);
        REQUIRE(agents_of(anna).size() == 1);
        std::this_thread::sleep_for(2500ms);
        CHECK(agent_gone(anna));
        CHECK(files_ending(runtime.path() / "weerbaar", ".sock").empty());
        check_refused_as_without_unlock(
            run_without_passphrase(cli, "anna", {"member", "list"}, runtime.path()));
    }

    SECTION("a killed agent leaves nothing usable, and unlock starts afresh") {
        REQUIRE(cli.run_with_env("anna", {"unlock", "--for", "30s"}, {xdg}).exit_code == 0);
        const auto agents = agents_of(anna);
        REQUIRE(agents.size() == 1);
        // SIGKILL: no wipe, no cleanup; the socket stays behind with nobody on it.
        REQUIRE(::kill(agents.front(), SIGKILL) == 0);
        CHECK(agent_gone(anna));
        CHECK(files_ending(runtime.path() / "weerbaar", ".sock").size() == 1);
        check_refused_as_without_unlock(
            run_without_passphrase(cli, "anna", {"member", "list"}, runtime.path()));
        const auto again = cli.run_with_env("anna", {"unlock", "--for", "30s"}, {xdg});
        INFO(again.err);
        REQUIRE(again.exit_code == 0);
        const auto listed = run_without_passphrase(cli, "anna", {"member", "list"}, runtime.path());
        INFO(listed.err);
        CHECK(listed.exit_code == 0);
        CHECK(cli.run_with_env("anna", {"lock"}, {xdg}).exit_code == 0);
        CHECK(agent_gone(anna));
    }

    SECTION("keys of a keystore the profile no longer holds are not used") {
        REQUIRE(cli.run_with_env("anna", {"unlock", "--for", "30s"}, {xdg}).exit_code == 0);
        REQUIRE(agents_of(anna).size() == 1);
        REQUIRE(crypto::initialise().ok());
        // The same keys sealed anew behind the CLI's back (as a restored backup would
        // be), so the agent is not told: the file's digest no longer matches.
        const crypto::KeystoreContents keys = open_member_keystore(cli, "anna");
        const auto resealed = crypto::seal_keystore(
            keys, crypto::SecretBuffer::copy_of(crypto::as_bytes("another long passphrase")));
        REQUIRE(resealed.ok());
        REQUIRE(client::Profile(anna).replace_keystore(resealed.value()).ok());
        check_refused_as_without_unlock(
            run_without_passphrase(cli, "anna", {"member", "list"}, runtime.path()));
        // ... and the command told the agent with the stale keys to lock.
        CHECK(agent_gone(anna));
    }

    SECTION("passphrase change") {
        REQUIRE(cli.run_with_env("anna", {"unlock", "--for", "30s"}, {xdg}).exit_code == 0);
        REQUIRE(agents_of(anna).size() == 1);
        const auto changed =
            cli.run_with_env("anna", {"passphrase", "change"},
                             {xdg, "WEERBAAR_NEW_PASSPHRASE=a new and longer passphrase"});
        INFO(changed.err);
        REQUIRE(changed.exit_code == 0);
        CHECK(changed.out.find("De ontgrendelde sessie is beëindigd") != std::string::npos);
        CHECK(agent_gone(anna));
        check_refused_as_without_unlock(
            run_without_passphrase(cli, "anna", {"member", "list"}, runtime.path()));
    }
}

}  // namespace weerbaar::e2e
