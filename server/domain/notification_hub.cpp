#include "notification_hub.h"

#include <algorithm>

namespace weerbaar::server {

void Subscription::offer(const crypto::Bytes& case_id, std::uint64_t sequence) {
    {
        std::lock_guard lock(mutex_);
        if (closed_ || overflowed_) {
            return;
        }
        const auto pending = newest_.find(case_id);
        if (pending != newest_.end()) {
            pending->second = std::max(pending->second, sequence);
        } else if (newest_.size() >= max_pending_) {
            overflowed_ = true;
        } else {
            newest_.emplace(case_id, sequence);
            order_.push_back(case_id);
        }
    }
    // Outside the lock: the watcher takes its own lock, then ours, to take().
    ready_();
}

bool Subscription::pending_for(const crypto::Bytes& case_id) const {
    std::lock_guard lock(mutex_);
    return newest_.count(case_id) != 0;
}

std::optional<CaseChange> Subscription::take() {
    std::lock_guard lock(mutex_);
    if (order_.empty()) {
        return std::nullopt;
    }
    crypto::Bytes case_id = std::move(order_.front());
    order_.pop_front();
    const auto pending = newest_.find(case_id);
    const std::uint64_t sequence = pending->second;
    newest_.erase(pending);
    return CaseChange{std::move(case_id), sequence};
}

std::size_t Subscription::pending() const {
    std::lock_guard lock(mutex_);
    return newest_.size();
}

bool Subscription::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

bool Subscription::overflowed() const {
    std::lock_guard lock(mutex_);
    return overflowed_;
}

void Subscription::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    ready_();
}

Result<std::shared_ptr<Subscription>> NotificationHub::subscribe(const std::string& user,
                                                                 Subscription::Ready ready) {
    std::lock_guard lock(mutex_);
    if (closed_) {
        return Error(ErrorCode::unavailable, "the server is shutting down");
    }
    if (by_user_.count(user) >= kMaxWatchesPerUser) {
        return Error(ErrorCode::resource_exhausted,
                     "too many open watches for this member; end one first");
    }
    auto subscription = std::make_shared<Subscription>(user, std::move(ready), max_pending_cases_);
    by_user_.emplace(user, subscription);
    return subscription;
}

void NotificationHub::unsubscribe(const Subscription& subscription) {
    std::lock_guard lock(mutex_);
    auto [first, last] = by_user_.equal_range(subscription.user());
    for (auto it = first; it != last; ++it) {
        if (it->second.get() == &subscription) {
            by_user_.erase(it);
            return;
        }
    }
}

void NotificationHub::publish(const crypto::Bytes& case_id, std::uint64_t sequence,
                              const std::vector<std::string>& members) {
    // Under the lock, so that unsubscribe() cannot return while an offer to that
    // subscription is still running.
    std::lock_guard lock(mutex_);
    for (const std::string& member : members) {
        auto [first, last] = by_user_.equal_range(member);
        for (auto it = first; it != last; ++it) {
            it->second->offer(case_id, sequence);
        }
    }
}

void NotificationHub::close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (auto& [user, subscription] : by_user_) {
        subscription->close();
    }
}

std::size_t NotificationHub::subscriptions() const {
    std::lock_guard lock(mutex_);
    return by_user_.size();
}

}  // namespace weerbaar::server
