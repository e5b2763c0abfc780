#include "systemd_notify.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace weerbaar::server {
namespace {

// unset_environment 0: the variables stay, so a second look finds the same answer.
void notify(const char* state) { (void)::sd_notify(0, state); }

}  // namespace

void notify_ready() { notify("READY=1"); }

void notify_stopping() { notify("STOPPING=1"); }

std::optional<std::chrono::microseconds> watchdog_interval() {
    std::uint64_t usec = 0;
    // > 0 only when WATCHDOG_USEC is set and WATCHDOG_PID, if set, is this process.
    if (::sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) {
        return std::nullopt;
    }
    return std::chrono::microseconds(usec);
}

WatchdogPings::WatchdogPings(std::chrono::microseconds interval) {
    // Half the interval, as sd_watchdog_enabled(3) advises: one late ping is not a restart.
    const auto period =
        std::max(std::chrono::duration_cast<std::chrono::milliseconds>(interval / 2),
                 std::chrono::milliseconds(1));
    notify("WATCHDOG=1");
    pings_ = std::make_unique<PeriodicTask>(period, [] { notify("WATCHDOG=1"); });
    spdlog::info("systemd watchdog: a ping every {} ms", period.count());
}

std::unique_ptr<WatchdogPings> start_watchdog_pings() {
    const auto interval = watchdog_interval();
    if (!interval) {
        return nullptr;
    }
    return std::make_unique<WatchdogPings>(*interval);
}

bool stdout_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    struct stat out {};
    if (stream == nullptr || ::fstat(STDOUT_FILENO, &out) != 0) {
        return false;
    }
    return std::string(stream) == std::to_string(static_cast<unsigned long long>(out.st_dev)) +
                                      ":" +
                                      std::to_string(static_cast<unsigned long long>(out.st_ino));
}

}  // namespace weerbaar::server
