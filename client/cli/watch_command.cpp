// `watch`: one line per new record in any of your cases, as it is committed.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <functional>
#include <iostream>
#include <thread>

#include "command_session.h"
#include "commands.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_watch.h"
#include "weerbaar/client/display_text.h"

namespace weerbaar::cli {
namespace {

// The write end of the pipe the signal handler writes to; -1 when none is installed.
std::atomic<int> signal_pipe{-1};

extern "C" void on_stop_signal(int /*signal*/) {
    // Only async-signal-safe calls here: one byte into the pipe, errno preserved.
    const int saved_errno = errno;
    const int fd = signal_pipe.load();
    if (fd >= 0) {
        const char byte = 's';
        (void)!::write(fd, &byte, 1);
    }
    errno = saved_errno;
}

// While it lives, SIGINT and SIGTERM call `stop` instead of killing the process.
// A handler may not cancel a gRPC call itself, so it wakes a thread that does.
class StopSignals {
  public:
    static Result<std::unique_ptr<StopSignals>> install(std::function<void()> stop) {
        std::unique_ptr<StopSignals> installed(new StopSignals(std::move(stop)));
        if (::pipe2(installed->pipe_, O_CLOEXEC) != 0) {
            return Error(ErrorCode::internal, "cannot set up signal handling");
        }
        signal_pipe.store(installed->pipe_[1]);
        struct sigaction action {};
        action.sa_handler = on_stop_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, &installed->old_int_);
        ::sigaction(SIGTERM, &action, &installed->old_term_);
        installed->thread_ = std::thread([raw = installed.get()] { raw->wait(); });
        return installed;
    }
    ~StopSignals() {
        if (!thread_.joinable()) {
            return;  // install() failed before anything was installed
        }
        ::sigaction(SIGINT, &old_int_, nullptr);
        ::sigaction(SIGTERM, &old_term_, nullptr);
        signal_pipe.store(-1);
        const char quit = 'q';
        (void)!::write(pipe_[1], &quit, 1);
        thread_.join();
        ::close(pipe_[0]);
        ::close(pipe_[1]);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

  private:
    explicit StopSignals(std::function<void()> stop) : stop_(std::move(stop)) {}

    void wait() {
        char byte = 0;
        for (;;) {
            const ssize_t got = ::read(pipe_[0], &byte, 1);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got != 1 || byte == 'q') {
                return;
            }
            stop_();
        }
    }

    std::function<void()> stop_;
    int pipe_[2] = {-1, -1};
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
    std::thread thread_;
};

}  // namespace

Status run_watch(const std::filesystem::path& profile, const std::optional<std::uint64_t>& limit) {
    if (limit && *limit == 0) {
        return ok_status();
    }
    // The passphrase prompt comes first, while Ctrl-C still simply ends the process.
    WEERBAAR_ASSIGN_OR_RETURN(client::Session session, open_session(profile));
    client::CaseWatch watch(session);
    WEERBAAR_ASSIGN_OR_RETURN(const auto signals,
                              StopSignals::install([&watch] { watch.cancel(); }));
    std::uint64_t shown = 0;
    return watch.run([&](const client::RecordEvent& event) {
        std::cout << client::format_case_id(event.case_id) << " #" << event.sequence << " "
                  << event.label << " door " << client::display_line(event.author) << std::endl;
        ++shown;
        return !limit || shown < *limit;
    });
}

}  // namespace weerbaar::cli
