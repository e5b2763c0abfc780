#pragma once
// The unlock agent itself: a small process per user and profile that holds the
// opened keystore contents in locked, wiped memory (crypto::SecretBuffer) until its
// time is up or it is told to lock, then wipes them and exits. `weerbaar unlock`
// starts it (as the hidden `weerbaar agent`, in a session of its own, stdio on
// /dev/null) and hands it the keys; unlock_agent_client.h is the other side.
//
// It never holds the passphrase: only what the passphrase opened.

#include <chrono>
#include <filesystem>

#include "weerbaar/result.h"

namespace weerbaar::client {

// How long a fresh agent waits for the keys it was started for before it gives up.
inline constexpr std::chrono::seconds kAgentFirstRequestWindow{10};

// Runs the agent for `profile_directory` in the calling process and returns when it
// stops: its time is up (measured on CLOCK_BOOTTIME, so time spent suspended
// counts), a `lock` request came, or SIGTERM, SIGINT or SIGHUP arrived. Also ok, at
// once, when another agent for the profile already runs (it holds the lock file).
//
// Process-wide effects, so run it only in a process of its own: the process is made
// non-dumpable (prctl PR_SET_DUMPABLE 0: no core dump, no ptrace or /proc/<pid>/mem
// for the same uid) with RLIMIT_CORE 0, the umask becomes 077, the working directory
// "/", SIGPIPE is ignored and SIGTERM, SIGINT and SIGHUP are blocked (read through a
// signalfd). Single-threaded: one connection at a time, one request per connection,
// each bounded in size and time (unlock_agent_socket.h).
//
// Errors: permission_denied for an unsafe agent directory, internal when a socket,
// the lock file or a timer cannot be set up.
[[nodiscard]] Status run_unlock_agent(const std::filesystem::path& profile_directory);

}  // namespace weerbaar::client
