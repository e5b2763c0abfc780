#include "periodic_task.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

namespace weerbaar::server {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, std::function<void()> task)
    : interval_(interval), task_(std::move(task)), thread_([this] { run(); }) {}

PeriodicTask::~PeriodicTask() { stop(); }

void PeriodicTask::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void PeriodicTask::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
            return;
        }
        lock.unlock();
        try {
            task_();
        } catch (const std::exception& e) {
            spdlog::error("a periodic task threw: {}", e.what());
        } catch (...) {
            spdlog::error("a periodic task threw");
        }
        lock.lock();
    }
}

}  // namespace weerbaar::server
