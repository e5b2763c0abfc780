#pragma once
// Runs a task every `interval` on a thread of its own until stopped: the sweeps
// of pending attachments and expired cases.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace weerbaar::server {

class PeriodicTask {
  public:
    // The first run is one interval from now.
    PeriodicTask(std::chrono::milliseconds interval, std::function<void()> task);
    ~PeriodicTask();
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    // Waits for a run in progress to end; no run starts afterwards. Idempotent.
    void stop();

  private:
    void run();

    const std::chrono::milliseconds interval_;
    const std::function<void()> task_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace weerbaar::server
