#pragma once
// What the server tells systemd when it runs as a Type=notify service
// (debian/weerbaar-server.service): that it is ready, that it is stopping, and,
// when the unit sets WatchdogSec=, that it is still alive. A thin layer over
// libsystemd's sd_notify(3).
//
// Outside systemd (NOTIFY_SOCKET unset: a shell, make run, the tests) every call
// here does nothing and costs nothing; a failed notification is never an error
// of the server's, since systemd itself reports a service that never got ready.

#include <chrono>
#include <memory>
#include <optional>

#include "periodic_task.h"

namespace weerbaar::server {

// READY=1: the port is bound and calls are served. Send it only after the
// `listening on` line, so that whatever systemd starts after the unit finds the
// server answering.
void notify_ready();

// STOPPING=1: a shutdown has begun (SIGTERM, or the listener check gave up), so
// systemd shows the unit as deactivating rather than hung while calls drain.
void notify_stopping();

// The watchdog interval the unit asked for (WatchdogSec=, passed as
// WATCHDOG_USEC and WATCHDOG_PID), or nothing when there is none or it is meant
// for another process.
[[nodiscard]] std::optional<std::chrono::microseconds> watchdog_interval();

// Sends WATCHDOG=1 every half of the watchdog interval, on a thread of its own,
// from construction until destruction; systemd restarts the server (Restart=
// on-failure) when the pings stop, e.g. when the process is frozen.
class WatchdogPings {
  public:
    explicit WatchdogPings(std::chrono::microseconds interval);

  private:
    std::unique_ptr<PeriodicTask> pings_;
};

// Starts the pings when the unit asked for a watchdog; nothing otherwise.
[[nodiscard]] std::unique_ptr<WatchdogPings> start_watchdog_pings();

// Whether standard output is the journal: systemd sets JOURNAL_STREAM to the
// "DEVICE:INODE" of the stream it connects (systemd.exec(5), "Environment variables
// set or propagated by the service manager"), and stdout is that stream when
// fstat(1) names the same pair. A secret such as the bootstrap code is kept out of
// the journal, which the groups adm and systemd-journal read.
[[nodiscard]] bool stdout_is_journal();

}  // namespace weerbaar::server
