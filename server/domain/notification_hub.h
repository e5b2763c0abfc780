#pragma once
// Who is told that a case changed, and what: the case id and its newest sequence,
// nothing else; a watcher fetches what is newer and verifies it itself. The case
// registry publishes once a write has committed, to the members of the case's
// current epoch at that moment (the writer commits, and its completion thread publishes, in order,
// so that is also the membership at publish time). Each Watch stream holds one
// Subscription.
//
// A watcher that reads slowly must not make the server hold ever more for it: a
// subscription keeps at most one pending change per case, the newest sequence, so
// it holds one entry per case its member is in however many records arrive, and
// never more than kMaxPendingCases (past that it overflows and its watch ends; the
// client watches again and starts over from the current heads). The heads a watch
// starts with do not pass through it (notification_service.h): only the changes
// committed while it runs. A user may hold at
// most kMaxWatchesPerUser subscriptions at a time.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server_limits.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

inline constexpr std::size_t kMaxWatchesPerUser = 8;

struct CaseChange {
    crypto::Bytes case_id;
    std::uint64_t sequence = 0;

    friend bool operator==(const CaseChange&, const CaseChange&) = default;
};

// One watcher's pending changes, coalesced per case. Thread-safe.
class Subscription {
  public:
    // Called after every offer and on close, on whichever thread made it (the
    // writer's completion thread, for a publish). Must not block, and must not call back into
    // the hub.
    using Ready = std::function<void()>;

    Subscription(std::string user, Ready ready, std::size_t max_pending = kMaxPendingCases)
        : user_(std::move(user)), ready_(std::move(ready)), max_pending_(max_pending) {}
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    [[nodiscard]] const std::string& user() const { return user_; }

    // Adds the change, or raises the pending one of the same case to `sequence`
    // (never lowers it). A new case beyond kMaxPendingCases is dropped and the
    // subscription marked overflowed.
    void offer(const crypto::Bytes& case_id, std::uint64_t sequence);
    // Whether a change of the case is pending: it will be taken, with a sequence at
    // least that of anything committed before it was offered.
    [[nodiscard]] bool pending_for(const crypto::Bytes& case_id) const;
    // The pending change that arrived first, or nothing.
    [[nodiscard]] std::optional<CaseChange> take();
    [[nodiscard]] std::size_t pending() const;
    // The hub was closed: the server is stopping.
    [[nodiscard]] bool closed() const;
    [[nodiscard]] bool overflowed() const;

  private:
    friend class NotificationHub;
    void close();

    const std::string user_;
    const Ready ready_;
    const std::size_t max_pending_;
    mutable std::mutex mutex_;
    std::map<crypto::Bytes, std::uint64_t> newest_;  // by case id
    std::deque<crypto::Bytes> order_;                // case ids, first pending first
    bool closed_ = false;
    bool overflowed_ = false;
};

class NotificationHub {
  public:
    // `max_pending_cases`: the bound of each subscription (tests shrink it).
    explicit NotificationHub(std::size_t max_pending_cases = kMaxPendingCases)
        : max_pending_cases_(max_pending_cases) {}
    NotificationHub(const NotificationHub&) = delete;
    NotificationHub& operator=(const NotificationHub&) = delete;

    // unavailable once closed; resource_exhausted past kMaxWatchesPerUser.
    [[nodiscard]] Result<std::shared_ptr<Subscription>> subscribe(const std::string& user,
                                                                  Subscription::Ready ready);
    // After this returns, `subscription` is offered nothing more by the hub.
    void unsubscribe(const Subscription& subscription);
    // Offers the change to every subscription of every user in `members`. Called
    // after the change committed; cheap and non-blocking.
    void publish(const crypto::Bytes& case_id, std::uint64_t sequence,
                 const std::vector<std::string>& members);
    // The server is stopping: every subscription is closed (its watcher woken to
    // end its stream) and later subscribe() calls fail. Idempotent.
    void close();

    [[nodiscard]] std::size_t subscriptions() const;

  private:
    const std::size_t max_pending_cases_;
    mutable std::mutex mutex_;
    std::multimap<std::string, std::shared_ptr<Subscription>, std::less<>> by_user_;
    bool closed_ = false;
};

}  // namespace weerbaar::server
