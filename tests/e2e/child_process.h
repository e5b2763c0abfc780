#pragma once
// Starting the real binaries from tests: a finished run with its output, or a
// process left running in the background (the server).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
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
    // `extra_env` ("NAME=value") is added to this process's environment, as in
    // run_process (the I/O fault tests preload their shim this way).
    BackgroundProcess(const std::vector<std::string>& argv, const std::filesystem::path& output,
                      const std::vector<std::string>& extra_env = {});
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    [[nodiscard]] bool running();
    [[nodiscard]] pid_t pid() const { return pid_; }
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

// A process whose stdout is read line by line while it runs (a `watch`); stderr
// goes to a file. The destructor kills it if it still runs.
class StreamingProcess {
  public:
    StreamingProcess(const std::vector<std::string>& argv,
                     const std::vector<std::string>& extra_env);
    ~StreamingProcess();
    StreamingProcess(const StreamingProcess&) = delete;
    StreamingProcess& operator=(const StreamingProcess&) = delete;

    // The next complete line of stdout without its newline; nothing if none came
    // within `timeout` or stdout was closed.
    std::optional<std::string> next_line(std::chrono::milliseconds timeout);
    // Waits for the process to exit by itself; returns the exit code (-1 if it died
    // of a signal, or was killed after `timeout`).
    int wait(std::chrono::seconds timeout = std::chrono::seconds(20));
    // Sends `signal` (SIGTERM if 0), then waits as wait() does.
    int stop(int signal = 0, std::chrono::seconds timeout = std::chrono::seconds(20));
    // What stdout held beyond the lines read so far, up to its end (call after the
    // process exited), and stderr so far.
    [[nodiscard]] std::string rest_of_output();
    [[nodiscard]] std::string err() const;
    [[nodiscard]] pid_t pid() const { return pid_; }

  private:
    // Reads what stdout has, waiting at most `timeout`; false once it is closed.
    bool fill(std::chrono::milliseconds timeout);

    TempDir scratch_;
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::string buffered_;
    int status_ = 0;
    bool reaped_ = false;
};

[[nodiscard]] std::string read_file(const std::filesystem::path& path);
[[nodiscard]] std::string last_line(const std::string& text);

}  // namespace weerbaar::e2e
