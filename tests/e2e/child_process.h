#pragma once
// Starting the real binaries from tests: a finished run with its output, or a
// process left running in the background (the server).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace weerbaar::e2e {

struct ProcessResult {
    int exit_code = -1;  // -1: killed by a signal or by the timeout
    std::string out;
    std::string err;
};

// Runs argv to completion with `extra_env` ("NAME=value") added to this process's
// environment; stdout and stderr are captured. Kills it after `timeout`.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::string>& extra_env,
                          std::chrono::seconds timeout = std::chrono::seconds(120));

// A process running in the background with stdout and stderr sent to one file.
// The destructor kills it if it still runs.
class BackgroundProcess {
public:
    BackgroundProcess(const std::vector<std::string>& argv, const std::filesystem::path& output);
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    [[nodiscard]] bool running();
    // Sends SIGTERM and waits; returns the exit code (-1 if it died of a signal).
    int terminate(std::chrono::seconds timeout = std::chrono::seconds(20));
    // SIGKILL, as a power cut would stop it: no clean shutdown of any kind.
    void kill_hard();

private:
    pid_t pid_ = -1;
    int status_ = 0;
    bool reaped_ = false;
};

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

[[nodiscard]] std::string read_file(const std::filesystem::path& path);
[[nodiscard]] std::string last_line(const std::string& text);

}  // namespace weerbaar::e2e
