#include "core_worker.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace weerbaar::desktop {

CoreContext::CoreContext(std::shared_ptr<const client::Session> session, std::stop_token stop)
    : session_(std::move(session)), stop_(std::move(stop)) {}

Result<client::TrustStore*> CoreContext::trust() {
    if (!trust_) {
        WEERBAAR_ASSIGN_OR_RETURN(
            client::TrustStore opened,
            client::TrustStore::open(session_->profile().directory(), session_->keys().store_key));
        trust_.emplace(std::move(opened));
    }
    return &*trust_;
}

Result<client::MemberDirectory> CoreContext::directory() {
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore * trust, this->trust());
    return client::MemberDirectory(*session_, *trust);
}

client::LongWork CoreContext::work(QObject* receiver,
                                   std::function<void(quint64, quint64)> progress,
                                   std::stop_token extra) const {
    client::LongWork work;
    if (receiver != nullptr && progress) {
        QPointer<QObject> guard(receiver);
        work.on_progress = [guard, progress](std::uint64_t done, std::uint64_t total) {
            CoreWorker::deliver(guard, [progress, done, total] { progress(done, total); });
        };
    }
    if (!extra.stop_possible()) {
        work.stop = stop_;
        return work;
    }
    // Either token stops the work: a source bridged from both.
    auto bridge = std::make_shared<std::stop_source>();
    auto from_worker = std::make_shared<std::stop_callback<std::function<void()>>>(
        stop_, std::function<void()>([bridge] { bridge->request_stop(); }));
    auto from_extra = std::make_shared<std::stop_callback<std::function<void()>>>(
        extra, std::function<void()>([bridge] { bridge->request_stop(); }));
    work.stop = bridge->get_token();
    // The callbacks must live as long as the work; the LongWork's progress holds them.
    auto previous = work.on_progress;
    work.on_progress = [previous, from_worker, from_extra](std::uint64_t done,
                                                           std::uint64_t total) {
        if (previous) {
            previous(done, total);
        }
    };
    return work;
}

struct CoreWorker::Queue {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::function<void(CoreContext&)>> jobs;
    bool closing = false;
    std::stop_source stop;
};

namespace {
std::mutex retired_mutex;
std::vector<std::thread>& retired_threads() {
    static std::vector<std::thread> threads;
    return threads;
}
}  // namespace

CoreWorker::CoreWorker(std::shared_ptr<const client::Session> session)
    : session_(std::move(session)), queue_(std::make_shared<Queue>()) {
    std::thread thread([queue = queue_, session = session_]() mutable {
        CoreContext context(std::move(session), queue->stop.get_token());
        for (;;) {
            std::function<void(CoreContext&)> job;
            {
                std::unique_lock lock(queue->mutex);
                queue->wake.wait(lock, [&] { return queue->closing || !queue->jobs.empty(); });
                if (queue->jobs.empty()) {
                    return;  // closing, and nothing left to run
                }
                job = std::move(queue->jobs.front());
                queue->jobs.pop_front();
            }
            job(context);
        }
    });
    const std::lock_guard lock(retired_mutex);
    retired_threads().push_back(std::move(thread));
}

CoreWorker::~CoreWorker() {
    {
        const std::lock_guard lock(queue_->mutex);
        queue_->closing = true;
    }
    queue_->stop.request_stop();
    queue_->wake.notify_all();
}

void CoreWorker::enqueue(std::function<void(CoreContext&)> job) {
    {
        const std::lock_guard lock(queue_->mutex);
        queue_->jobs.push_back(std::move(job));
    }
    queue_->wake.notify_one();
}

void CoreWorker::deliver(const QPointer<QObject>& receiver, std::function<void()> call) {
    // Posted to the application object, which lives as long as the event loop, and
    // checked there: the receiver (a UI-thread object) may be deleted at any moment
    // before the call runs, and only the UI thread can tell.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [receiver, call = std::move(call)] {
            if (!receiver.isNull()) {
                call();
            }
        },
        Qt::QueuedConnection);
}

void join_worker_threads() {
    std::vector<std::thread> threads;
    {
        const std::lock_guard lock(retired_mutex);
        threads.swap(retired_threads());
    }
    for (std::thread& thread : threads) {
        if (thread.joinable()) {
            thread.join();
        }
    }
}

}  // namespace weerbaar::desktop
