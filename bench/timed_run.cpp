#include "timed_run.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace weerbaar::bench {
namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string text = *entry;
        const std::string name = text.substr(0, text.find('=') + 1);
        bool replaced = false;
        for (const std::string& mine : extra) {
            replaced = replaced || mine.rfind(name, 0) == 0;
        }
        if (!replaced) {
            env.push_back(text);
        }
    }
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (std::string& text : strings) {
        pointers.push_back(text.data());
    }
    pointers.push_back(nullptr);
    return pointers;
}

double seconds_of(const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
}

}  // namespace

std::string TimedRun::failure() const {
    if (over_cap) {
        return "over cap";
    }
    const std::string first_line = err.substr(0, err.find('\n'));
    if (exit_code == -1) {
        return "ended by a signal" + (first_line.empty() ? "" : ": " + first_line);
    }
    return "exit " + std::to_string(exit_code) + (first_line.empty() ? "" : ": " + first_line);
}

TimedRun timed_run(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                   std::chrono::duration<double> cap, const std::filesystem::path& scratch) {
    const std::string out_path = (scratch / "timed.out").string();
    const std::string err_path = (scratch / "timed.err").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> args = argv;
    std::vector<std::string> env = environment_with(extra_env);
    auto arg_pointers = pointers_to(args);
    auto env_pointers = pointers_to(env);

    const auto started = std::chrono::steady_clock::now();
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, args.at(0).c_str(), &actions, nullptr,
                                    arg_pointers.data(), env_pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        throw std::runtime_error("cannot start " + argv.at(0));
    }

    // The watchdog kills only a process that has not been reaped yet: the main
    // thread waits with WNOWAIT first, so the pid cannot be reused in between.
    std::mutex mutex;
    std::condition_variable ended;
    bool finished = false;
    bool killed = false;
    const auto deadline =
        started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(cap);
    std::thread watchdog([&] {
        std::unique_lock lock(mutex);
        if (!ended.wait_until(lock, deadline, [&] { return finished; })) {
            kill(pid, SIGKILL);
            killed = true;
        }
    });
    siginfo_t info{};
    while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) == -1 &&
           errno == EINTR) {
    }
    const auto stopped = std::chrono::steady_clock::now();
    {
        const std::lock_guard lock(mutex);
        finished = true;
    }
    ended.notify_all();
    watchdog.join();

    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) == -1 && errno == EINTR) {
    }
    TimedRun run;
    run.over_cap = killed;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.wall_seconds = std::chrono::duration<double>(stopped - started).count();
    run.cpu_seconds = seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
    run.max_rss_kib = usage.ru_maxrss;
    run.out = slurp(out_path);
    run.err = slurp(err_path);
    return run;
}

}  // namespace weerbaar::bench
