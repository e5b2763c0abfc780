#include "notification_service.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <vector>

#include "bearer_token.h"
#include "status_mapping.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::server {

class WatchReactor;

// A write in flight this long is held up by a client that does not read.
constexpr std::chrono::seconds kStuckWrite{1};

// The one thread that writes to every watch. Scheduling is cheap and never
// blocks (the writer thread schedules when it publishes); the delivery, which
// reads the session from the database, happens here.
class WatchDeliveries {
  public:
    explicit WatchDeliveries(std::chrono::milliseconds check_interval)
        : check_interval_(check_interval), thread_([this] { run(); }) {}
    ~WatchDeliveries() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    WatchDeliveries(const WatchDeliveries&) = delete;
    WatchDeliveries& operator=(const WatchDeliveries&) = delete;

    // Remembered (weakly) for the periodic session check.
    void add(const std::shared_ptr<WatchReactor>& watch) {
        std::lock_guard lock(mutex_);
        live_.push_back(watch);
    }
    // Queues a delivery; a watch already queued is not queued twice, so the queue
    // holds at most one entry per open watch.
    void schedule(std::shared_ptr<WatchReactor> watch) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_ || !enqueue(std::move(watch))) {
                return;
            }
        }
        wake_.notify_one();
    }

  private:
    bool enqueue(std::shared_ptr<WatchReactor> watch) {
        if (!queued_.insert(watch.get()).second) {
            return false;
        }
        ready_.push_back(std::move(watch));
        return true;
    }
    void run();

    const std::chrono::milliseconds check_interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<WatchReactor>> ready_;
    std::set<const WatchReactor*> queued_;
    std::vector<std::weak_ptr<WatchReactor>> live_;
    bool stopping_ = false;
    std::thread thread_;  // last: starts after everything it uses exists
};

// One Watch call. gRPC holds it through `self_` until OnDone; the delivery thread
// may hold it a little longer, and then only looks at `finished_`.
class WatchReactor final : public grpc::ServerWriteReactor<v1::CaseChange> {
  public:
    WatchReactor(grpc::CallbackServerContext* context, Authenticator& authenticator,
                 CaseRegistry& registry, NotificationHub& hub, WatchDeliveries& deliveries,
                 std::size_t heads_per_read, StreamDeadlines::Ticket ticket)
        : ticket_(std::move(ticket)),
          context_(context),
          authenticator_(authenticator),
          registry_(registry),
          hub_(hub),
          deliveries_(deliveries),
          heads_per_read_(heads_per_read) {}

    // Authenticates the caller and subscribes; the delivery thread then sends the
    // head of each of the caller's cases, read from the database a page at a time
    // as the stream drains (so 100,000 cases are never held, nor queued in the
    // subscription, at once), and after the heads what the subscription gathered.
    // Subscribing first means a change committed meanwhile is in a head read
    // later, or published to the subscription, or both (the client skips what it
    // holds already).
    static void start(const std::shared_ptr<WatchReactor>& self) {
        self->self_ = self;
        const std::string token = bearer_token(*self->context_);
        auto caller = self->authenticator_.authenticate(token);
        if (!caller.ok()) {
            return self->finish(to_grpc_status(caller.error()));
        }
        self->token_ = crypto::SecretBuffer::copy_of(crypto::as_bytes(token));
        WatchDeliveries& deliveries = self->deliveries_;
        {
            std::lock_guard lock(self->mutex_);
            auto subscribed = self->hub_.subscribe(
                caller.value().user, [weak = std::weak_ptr<WatchReactor>(self), &deliveries] {
                    if (auto watch = weak.lock()) {
                        deliveries.schedule(std::move(watch));
                    }
                });
            if (!subscribed.ok()) {
                return self->finish_locked(to_grpc_status(subscribed.error()));
            }
            self->subscription_ = subscribed.value();
            // Tells the client that it is subscribed; under the lock, because no
            // write may race it.
            self->StartSendInitialMetadata();
        }
        deliveries.add(self);
        deliveries.schedule(self);  // the first page of heads
    }

    // On the delivery thread: ends the stream if it must end, else checks the
    // session and writes the next pending change.
    void deliver() {
        std::lock_guard lock(mutex_);
        if (finished_ || !subscription_) {
            return;
        }
        if (subscription_->closed()) {
            return end_now(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is stopping"));
        }
        if (subscription_->overflowed()) {
            return end_now(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                        "too many changes pending; watch again"));
        }
        if (writing_) {
            return;  // OnWriteDone schedules the next delivery
        }
        const bool check_due = check_due_.exchange(false);
        const bool heads_due = !heads_.empty() || !heads_read_;
        std::optional<CaseChange> change;
        if (!heads_due) {
            change = subscription_->take();
            if (!change && !check_due) {
                return;
            }
        }
        const auto token = token_.expose_secret();
        auto caller = authenticator_.authenticate(
            std::string_view(reinterpret_cast<const char*>(token.data()), token.size()));
        if (!caller.ok()) {
            return finish_locked(to_grpc_status(caller.error()));
        }
        if (heads_due) {
            auto head = next_head(caller.value());
            if (!head.ok()) {
                return finish_locked(to_grpc_status(head.error()));
            }
            change = std::move(head).value();
            if (!change) {
                change = subscription_->take();  // the heads are all sent
            }
        }
        if (!change) {
            return;
        }
        message_.set_case_id(change->case_id.data(), change->case_id.size());
        message_.set_sequence(change->sequence);
        writing_ = true;
        write_started_ = std::chrono::steady_clock::now();
        ticket_.wait_started();
        StartWrite(&message_);
    }

    void check_session_soon() { check_due_ = true; }

    void OnWriteDone(bool ok) override {
        ticket_.wait_ended();
        std::shared_ptr<WatchReactor> self;
        {
            std::lock_guard lock(mutex_);
            writing_ = false;
            if (pending_finish_) {
                finished_ = true;
                Finish(std::move(*pending_finish_));
                pending_finish_.reset();
                return;
            }
            if (!ok) {
                return finish_locked(
                    ticket_.cancelled()
                        ? grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                       "the client did not read for too long")
                        : grpc::Status(grpc::StatusCode::CANCELLED, "stream broken"));
            }
            self = self_;
        }
        deliveries_.schedule(std::move(self));
    }

    void OnCancel() override {
        std::lock_guard lock(mutex_);
        finish_locked(grpc::Status::CANCELLED);
    }

    void OnDone() override {
        ticket_.release();  // the context goes with this call
        std::shared_ptr<WatchReactor> last;
        std::shared_ptr<Subscription> subscription;
        {
            std::lock_guard lock(mutex_);
            subscription = std::move(subscription_);
            last = std::move(self_);
        }
        if (subscription) {
            hub_.unsubscribe(*subscription);
        }
        // `last` may be the final reference: nothing may touch this object after it.
    }

  private:
    // The next head to send, reading the next page when the last is sent; nothing
    // once every head is sent. Under mutex_, on the delivery thread.
    Result<std::optional<CaseChange>> next_head(const Caller& caller) {
        while (heads_.empty() && !heads_read_) {
            // SyncCases' pages: in version order, so the cursor is one number and
            // a case that changes meanwhile is sent again (newer), never lost.
            WEERBAAR_ASSIGN_OR_RETURN(CaseSync page,
                                      registry_.sync(caller, heads_after_, heads_per_read_));
            for (CaseRow& row : page.changed) {
                // A change pending for the case will be sent anyway, as new or newer.
                if (!subscription_->pending_for(row.case_id)) {
                    heads_.push_back(CaseChange{std::move(row.case_id), row.record_count});
                }
            }
            heads_after_ = page.version;
            heads_read_ = !page.more;
        }
        if (heads_.empty()) {
            return std::optional<CaseChange>();
        }
        CaseChange head = std::move(heads_.front());
        heads_.pop_front();
        return std::optional<CaseChange>(std::move(head));
    }

    void finish(grpc::Status status) {
        std::lock_guard lock(mutex_);
        finish_locked(std::move(status));
    }

    // Finishes at once, or after the write in flight: only one operation of each
    // kind may be outstanding, and the message must outlive its write.
    void finish_locked(grpc::Status status) {
        if (finished_ || pending_finish_) {
            return;
        }
        if (writing_) {
            pending_finish_ = std::move(status);
            return;
        }
        finished_ = true;
        Finish(std::move(status));
    }

    // As finish_locked, but a write stuck behind a client that stopped reading is
    // cancelled, so that the stream ends now and not at the shutdown deadline. A
    // write just started is let finish: cancelling it would end the stream with
    // CANCELLED instead of `status`.
    void end_now(grpc::Status status) {
        finish_locked(std::move(status));
        if (writing_ && std::chrono::steady_clock::now() - write_started_ >= kStuckWrite) {
            context_->TryCancel();
        }
    }

    StreamDeadlines::Ticket ticket_;  // thread-safe on its own
    grpc::CallbackServerContext* const context_;
    Authenticator& authenticator_;
    CaseRegistry& registry_;
    NotificationHub& hub_;
    WatchDeliveries& deliveries_;
    const std::size_t heads_per_read_;
    crypto::SecretBuffer token_;  // the bearer token, to check the session again
    std::atomic<bool> check_due_{false};

    std::mutex mutex_;
    std::shared_ptr<WatchReactor> self_;  // set until OnDone
    std::shared_ptr<Subscription> subscription_;
    v1::CaseChange message_;         // the write in flight
    std::deque<CaseChange> heads_;   // the page of heads being sent
    std::uint64_t heads_after_ = 0;  // the sync version the next page starts after
    bool heads_read_ = false;        // every page of heads has been read
    bool writing_ = false;
    std::chrono::steady_clock::time_point write_started_;
    bool finished_ = false;
    std::optional<grpc::Status> pending_finish_;
};

void WatchDeliveries::run() {
    auto next_check = std::chrono::steady_clock::now() + check_interval_;
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait_until(lock, next_check, [this] { return stopping_ || !ready_.empty(); });
        if (stopping_) {
            return;
        }
        if (std::chrono::steady_clock::now() >= next_check) {
            std::erase_if(live_,
                          [](const std::weak_ptr<WatchReactor>& weak) { return weak.expired(); });
            for (const auto& weak : live_) {
                if (auto watch = weak.lock()) {
                    watch->check_session_soon();
                    enqueue(std::move(watch));
                }
            }
            next_check = std::chrono::steady_clock::now() + check_interval_;
        }
        if (ready_.empty()) {
            continue;
        }
        std::shared_ptr<WatchReactor> watch = std::move(ready_.front());
        ready_.pop_front();
        queued_.erase(watch.get());
        lock.unlock();
        watch->deliver();
        watch.reset();  // may be the last reference: outside the lock
        lock.lock();
    }
}

NotificationService::NotificationService(Authenticator& authenticator, CaseRegistry& registry,
                                         NotificationHub& hub, StreamDeadlines& deadlines,
                                         StreamDeadlines::Limits limits,
                                         std::chrono::milliseconds session_check_interval,
                                         std::size_t heads_per_read)
    : authenticator_(authenticator),
      registry_(registry),
      hub_(hub),
      deadlines_(deadlines),
      limits_(limits),
      heads_per_read_(heads_per_read),
      deliveries_(std::make_unique<WatchDeliveries>(session_check_interval)) {}

NotificationService::~NotificationService() = default;

grpc::ServerWriteReactor<v1::CaseChange>* NotificationService::Watch(
    grpc::CallbackServerContext* context, const v1::WatchRequest*) {
    auto reactor =
        std::make_shared<WatchReactor>(context, authenticator_, registry_, hub_, *deliveries_,
                                       heads_per_read_, deadlines_.watch(context, limits_));
    WatchReactor::start(reactor);
    return reactor.get();
}

}  // namespace weerbaar::server
