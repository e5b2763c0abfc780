#include "stream_deadlines.h"

#include <algorithm>
#include <vector>

namespace weerbaar::server {

void StreamDeadlines::Ticket::wait_started() {
    if (entry_) {
        // Never 0, which means "not waiting".
        const auto ticks = std::max<Clock::rep>(Clock::now().time_since_epoch().count(), 1);
        entry_->waiting_since.store(ticks, std::memory_order_relaxed);
    }
}

void StreamDeadlines::Ticket::wait_ended() {
    if (entry_) {
        entry_->waiting_since.store(0, std::memory_order_relaxed);
    }
}

bool StreamDeadlines::Ticket::cancelled() const {
    if (!entry_) {
        return false;
    }
    std::lock_guard lock(entry_->mutex);
    return entry_->cancelled;
}

void StreamDeadlines::Ticket::release() {
    if (!entry_) {
        return;
    }
    {
        // After this, the sweep no longer touches the context.
        std::lock_guard lock(entry_->mutex);
        entry_->live = false;
    }
    if (owner_ != nullptr) {
        owner_->forget(entry_);
    }
    entry_.reset();
    owner_ = nullptr;
}

StreamDeadlines::Ticket StreamDeadlines::watch(grpc::CallbackServerContext* context,
                                               Limits limits) {
    auto entry = std::make_shared<Entry>();
    entry->context = context;
    entry->limits = limits;
    entry->started = Clock::now();
    std::lock_guard lock(mutex_);
    entries_.push_back(entry);
    return Ticket(this, std::move(entry));
}

void StreamDeadlines::forget(const std::shared_ptr<Entry>& entry) {
    std::lock_guard lock(mutex_);
    entries_.remove(entry);
}

std::size_t StreamDeadlines::sweep(Clock::time_point now) {
    std::vector<std::shared_ptr<Entry>> entries;
    {
        std::lock_guard lock(mutex_);
        entries.assign(entries_.begin(), entries_.end());
    }
    std::size_t cancelled = 0;
    for (const auto& entry : entries) {
        const Clock::rep since = entry->waiting_since.load(std::memory_order_relaxed);
        const bool waited_too_long =
            since != 0 && now - Clock::time_point(Clock::duration(since)) > entry->limits.wait;
        const bool lived_too_long = entry->limits.lifetime != Clock::duration::zero() &&
                                    now - entry->started > entry->limits.lifetime;
        if (!waited_too_long && !lived_too_long) {
            continue;
        }
        // The entry's mutex keeps the reactor from letting go of the context
        // meanwhile; `entry` (a shared_ptr) outlives a release() that runs inline.
        std::lock_guard lock(entry->mutex);
        if (entry->live && !entry->cancelled) {
            entry->cancelled = true;
            entry->context->TryCancel();
            ++cancelled;
        }
    }
    return cancelled;
}

std::size_t StreamDeadlines::size() {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace weerbaar::server
