#include "agent_commands.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <ctime>
#include <iostream>
#include <string_view>
#include <thread>
#include <vector>

#include "local_time.h"
#include "passphrase_prompt.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/client/unlock_agent_client.h"
#include "weerbaar/client/unlock_agent_process.h"
#include "weerbaar/client/unlock_duration.h"

extern char** environ;

namespace weerbaar::cli {
namespace {

namespace fs = std::filesystem;

// How long `unlock` waits for an agent it started to listen.
constexpr std::chrono::seconds kAgentStartWindow{5};
constexpr std::chrono::milliseconds kAgentStartPoll{25};
constexpr int kAgentStartAttempts = 3;

Error agent_did_not_start() {
    return Error(ErrorCode::unavailable,
                 "de ontgrendelagent startte niet; je sleutels blijven op slot en elke opdracht "
                 "vraagt om je wachtwoord / the unlock agent did not start; your keys stay "
                 "locked and every command asks for your passphrase");
}

// The agent must never see a passphrase, not even in its environment.
bool kept_for_agent(std::string_view entry) {
    return !entry.starts_with("WEERBAAR_PASSPHRASE=") &&
           !entry.starts_with("WEERBAAR_NEW_PASSPHRASE=");
}

// Starts `weerbaar --profile <absolute profile> agent` from this very binary, in a
// session of its own (no terminal, untouched by the shell's job control and
// hang-ups), stdio on /dev/null and no other descriptor inherited.
Result<pid_t> start_agent(const fs::path& profile) {
    std::error_code error;
    const fs::path absolute = fs::absolute(profile, error);
    if (error) {
        return agent_did_not_start();
    }
    std::array<char, 4096> executable{};
    const ssize_t length = ::readlink("/proc/self/exe", executable.data(), executable.size() - 1);
    if (length <= 0) {
        return agent_did_not_start();
    }
    std::vector<std::string> arguments{"weerbaar", "--profile", absolute.string(), "agent"};
    std::vector<char*> argv;
    for (auto& argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        if (kept_for_agent(*entry)) {
            envp.push_back(*entry);
        }
    }
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    for (const int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null",
                                         fd == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0);
    }
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    sigset_t none;
    sigemptyset(&none);
    sigset_t all_default;
    sigfillset(&all_default);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all_default);
    posix_spawnattr_setflags(&attributes,
                             POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid = -1;
    const int rc =
        ::posix_spawn(&pid, executable.data(), &actions, &attributes, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (rc != 0) {
        return agent_did_not_start();
    }
    return pid;
}

// Hands the keys to the running agent, or starts one and hands them to it as soon as
// it listens. Returns how long the agent holds them.
Result<std::chrono::seconds> hand_over(const fs::path& profile,
                                       const client::AgentLocation& location,
                                       const crypto::KeystoreContents& contents,
                                       crypto::ByteView digest, std::chrono::seconds duration) {
    pid_t agent = -1;
    int starts = 0;
    const auto give_up = std::chrono::steady_clock::now() + kAgentStartWindow;
    while (true) {
        const auto held = client::hand_keys_to_agent(location, contents, digest, duration);
        if (held.ok() && held.value()) {
            return *held.value();
        }
        // `unavailable` is an agent that stopped while we spoke to it (a `lock` or its
        // time ran out a moment ago): as good as none, so start one.
        if (!held.ok() && held.error().code() != ErrorCode::unavailable) {
            return held.error();
        }
        // An agent that exits at once found another agent still holding the profile's
        // lock (one that is stopping, or one started at the same moment): try again.
        int status = 0;
        if (agent < 0 || ::waitpid(agent, &status, WNOHANG) == agent) {
            if (starts == kAgentStartAttempts) {
                break;
            }
            WEERBAAR_ASSIGN_OR_RETURN(agent, start_agent(profile));
            ++starts;
        }
        if (std::chrono::steady_clock::now() >= give_up) {
            break;
        }
        std::this_thread::sleep_for(kAgentStartPoll);
    }
    return agent_did_not_start();
}

}  // namespace

Status run_unlock(const fs::path& directory, const std::string& duration_text) {
    // Everything that can be refused is refused before the passphrase is asked.
    WEERBAAR_ASSIGN_OR_RETURN(const std::chrono::seconds duration,
                              client::parse_unlock_duration(duration_text));
    const client::Profile profile(directory);
    WEERBAAR_ASSIGN_OR_RETURN(const client::ProfileSettings settings, profile.read_settings());
    WEERBAAR_ASSIGN_OR_RETURN(const client::AgentLocation location,
                              client::agent_location(directory));
    WEERBAAR_TRY(client::prepare_agent_directory(location.directory));

    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer passphrase,
                              obtain_passphrase(PassphrasePurpose::unlock));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::KeystoreContents contents,
                              client::open_profile_keystore(profile, passphrase));
    // The digest is taken after the open, because opening may reseal the file (a
    // keystore from before the local store gets its store key then). Whatever rewrote
    // it in between still sealed these same keys: a passphrase change, the one
    // rewrite that matters, also tells the agent to lock.
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes sealed, profile.read_keystore());
    const crypto::Bytes digest = client::keystore_digest(sealed);
    if (contents.user != settings.user) {
        return Error(ErrorCode::integrity_failure, "keystore belongs to '" + contents.user +
                                                       "', profile to '" + settings.user + "'");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const std::chrono::seconds held,
                              hand_over(directory, location, contents, digest, duration));

    const std::string until = format_local_time(static_cast<std::int64_t>(std::time(nullptr)) +
                                                static_cast<std::int64_t>(held.count()));
    const std::string span = client::format_unlock_duration(held);
    std::cout << "Ontgrendeld voor " << span << ", tot " << until
              << ": opdrachten vragen tot dan niet om je wachtwoord; 'weerbaar lock' vergrendelt "
                 "eerder / unlocked for "
              << span << ", until " << until
              << ": commands do not ask for your passphrase until then; 'weerbaar lock' locks "
                 "sooner"
              << std::endl;
    return ok_status();
}

Status run_lock(const fs::path& directory) {
    WEERBAAR_ASSIGN_OR_RETURN(const bool was_unlocked, client::lock_agent(directory));
    if (was_unlocked) {
        std::cout << "Vergrendeld: je sleutels zijn uit het geheugen gewist / locked: your keys "
                     "are wiped from memory"
                  << std::endl;
    } else {
        std::cout << "Niets te vergrendelen: er liep geen ontgrendelde sessie voor dit profiel / "
                     "nothing to lock: no unlocked session was running for this profile"
                  << std::endl;
    }
    return ok_status();
}

Status run_agent(const fs::path& directory) { return client::run_unlock_agent(directory); }

}  // namespace weerbaar::cli
