#pragma once
// One whole process, timed from outside as a user meets it: wall time from just
// before the spawn to the reaping of the process, and the CPU time the kernel
// accounted to it (wait4). A run that outlasts its cap is killed and reported as
// over the cap, never waited for.
//
// Not thread-safe across concurrent calls that share an output directory.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace weerbaar::bench {

struct TimedRun {
    bool over_cap = false;  // killed at the cap: the times are the cap, not a result
    int exit_code = -1;     // -1: ended by a signal (or killed at the cap)
    double wall_seconds = 0;
    double cpu_seconds = 0;  // user + system of the process (not of its server)
    long max_rss_kib = 0;
    std::string out;  // stdout, whole
    std::string err;  // stderr, whole

    [[nodiscard]] bool ok() const { return !over_cap && exit_code == 0; }
    // The first line of stderr (or a word on how it ended), for a report.
    [[nodiscard]] std::string failure() const;
};

// Runs argv[0] (a path, not searched on PATH) with this process's environment plus
// `extra_env` ("NAME=value", replacing a variable of the same name). stdin is
// /dev/null; stdout and stderr go to files in `scratch`, read back afterwards.
// Throws std::runtime_error if the process cannot be started at all.
[[nodiscard]] TimedRun timed_run(const std::vector<std::string>& argv,
                                 const std::vector<std::string>& extra_env,
                                 std::chrono::duration<double> cap,
                                 const std::filesystem::path& scratch);

}  // namespace weerbaar::bench
