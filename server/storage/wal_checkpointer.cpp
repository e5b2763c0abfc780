#include "wal_checkpointer.h"

#include <spdlog/spdlog.h>

namespace weerbaar::server {

WalCheckpointer::WalCheckpointer(std::unique_ptr<SqlcipherStorage> connection, int threshold_pages)
    : connection_(std::move(connection)),
      threshold_pages_(threshold_pages),
      thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() { stop(); }

void WalCheckpointer::committed(int wal_pages) {
    {
        std::lock_guard lock(mutex_);
        wal_pages_ = wal_pages;
        if (wal_pages < threshold_pages_) {
            return;
        }
    }
    wake_.notify_one();
}

void WalCheckpointer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();
    }
}

std::uint64_t WalCheckpointer::checkpoints() const {
    std::lock_guard lock(mutex_);
    return checkpoints_;
}

void WalCheckpointer::run() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || wal_pages_ >= threshold_pages_; });
            if (stopping_) {
                return;
            }
            // What this checkpoint covers; commits from now on count afresh.
            wal_pages_ = 0;
        }
        auto copied = connection_->checkpoint_wal();
        if (!copied.ok()) {
            // The writer's WAL only grows meanwhile; the next commit wakes us again.
            spdlog::warn("a WAL checkpoint failed: {}", copied.error().message());
            continue;
        }
        std::lock_guard lock(mutex_);
        ++checkpoints_;
    }
}

}  // namespace weerbaar::server
