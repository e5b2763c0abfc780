#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace weerbaar::e2e {
namespace {

std::vector<char*> as_c_strings(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (auto& s : strings) pointers.push_back(s.data());
    pointers.push_back(nullptr);
    return pointers;
}

// Starts argv with the prepared file actions, which it then destroys.
pid_t start_with(const std::vector<std::string>& argv, std::vector<std::string> env,
                 posix_spawn_file_actions_t& actions) {
    std::vector<std::string> args = argv;
    auto c_args = as_c_strings(args);
    auto c_env = as_c_strings(env);
    pid_t pid = -1;
    const int rc =
        posix_spawn(&pid, args[0].c_str(), &actions, nullptr, c_args.data(), c_env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
    return pid;
}

pid_t spawn(const std::vector<std::string>& argv, std::vector<std::string> env,
            const std::string& out_path, const std::string& err_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (err_path == out_path) {
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    } else {
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0600);
    }
    return start_with(argv, std::move(env), actions);
}

// As spawn(), with stdout going into the pipe whose write end is `stdout_write`.
pid_t spawn_piped(const std::vector<std::string>& argv, std::vector<std::string> env,
                  int stdout_write, const std::string& err_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    // Both pipe ends are close-on-exec; the copy made here is not.
    posix_spawn_file_actions_adddup2(&actions, stdout_write, STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    return start_with(argv, std::move(env), actions);
}

std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        const auto name = entry.substr(0, entry.find('=') + 1);
        bool overridden = false;
        for (const auto& x : extra) overridden = overridden || x.rfind(name, 0) == 0;
        if (!overridden) env.push_back(entry);
    }
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
}

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

// Waits for pid until the deadline; kills it past the deadline. Returns the status.
int wait_until(pid_t pid, std::chrono::steady_clock::time_point deadline) {
    int status = 0;
    while (true) {
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) return status;
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::string>& extra_env, std::chrono::seconds timeout) {
    TempDir scratch;
    const auto out = (scratch.path() / "out").string();
    const auto err = (scratch.path() / "err").string();
    const pid_t pid = spawn(argv, environment_with(extra_env), out, err);
    const int status = wait_until(pid, std::chrono::steady_clock::now() + timeout);
    return {exit_code_of(status), read_file(out), read_file(err)};
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::filesystem::path& output,
                                     const std::vector<std::string>& extra_env)
    : pid_(spawn(argv, environment_with(extra_env), output.string(), output.string())) {}

BackgroundProcess::~BackgroundProcess() {
    if (!reaped_ && pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status_, 0);
    }
}

bool BackgroundProcess::running() {
    if (reaped_) return false;
    if (waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
    return !reaped_;
}

int BackgroundProcess::terminate(std::chrono::seconds timeout) {
    if (!reaped_) {
        kill(pid_, SIGTERM);
        status_ = wait_until(pid_, std::chrono::steady_clock::now() + timeout);
        reaped_ = true;
    }
    return exit_code_of(status_);
}

void BackgroundProcess::kill_hard() {
    if (!reaped_) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status_, 0);
        reaped_ = true;
    }
}

StreamingProcess::StreamingProcess(const std::vector<std::string>& argv,
                                   const std::vector<std::string>& extra_env) {
    int ends[2] = {-1, -1};
    if (pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    try {
        pid_ = spawn_piped(argv, environment_with(extra_env), ends[1],
                           (scratch_.path() / "err").string());
    } catch (...) {
        close(ends[0]);
        close(ends[1]);
        throw;
    }
    close(ends[1]);  // the child holds the only write end: EOF once it exits
    stdout_fd_ = ends[0];
}

StreamingProcess::~StreamingProcess() {
    if (!reaped_ && pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status_, 0);
    }
    if (stdout_fd_ >= 0) close(stdout_fd_);
}

bool StreamingProcess::fill(std::chrono::milliseconds timeout) {
    pollfd ready{stdout_fd_, POLLIN, 0};
    const int polled = poll(&ready, 1, static_cast<int>(timeout.count()));
    if (polled <= 0) return polled == 0 || errno == EINTR;  // nothing yet
    char chunk[4096];
    const ssize_t got = read(stdout_fd_, chunk, sizeof chunk);
    if (got <= 0) return got < 0 && errno == EINTR;
    buffered_.append(chunk, static_cast<std::size_t>(got));
    return true;
}

std::optional<std::string> StreamingProcess::next_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto newline = buffered_.find('\n');
        if (newline != std::string::npos) {
            std::string line = buffered_.substr(0, newline);
            buffered_.erase(0, newline + 1);
            return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !fill(left)) return std::nullopt;
    }
}

int StreamingProcess::wait(std::chrono::seconds timeout) {
    if (!reaped_) {
        status_ = wait_until(pid_, std::chrono::steady_clock::now() + timeout);
        reaped_ = true;
    }
    return exit_code_of(status_);
}

int StreamingProcess::stop(int signal, std::chrono::seconds timeout) {
    if (!reaped_) kill(pid_, signal == 0 ? SIGTERM : signal);
    return wait(timeout);
}

std::string StreamingProcess::rest_of_output() {
    // After the exit the pipe ends at once; the deadline only bounds a mistake.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline && fill(std::chrono::milliseconds(100))) {
    }
    return buffered_;
}

std::string StreamingProcess::err() const { return read_file(scratch_.path() / "err"); }

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "weerbaar-e2e-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string last_line(const std::string& text) {
    auto end = text.find_last_not_of('\n');
    if (end == std::string::npos) return {};
    const auto start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1,
                       end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace weerbaar::e2e
