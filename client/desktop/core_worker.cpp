#include "core_worker.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace weerbaar::desktop {

CoreContext::CoreContext(std::shared_ptr<const client::Session> session, std::stop_token stop,
                         std::function<void(std::shared_ptr<std::stop_source>)> adopt_cancel)
    : session_(std::move(session)),
      stop_(std::move(stop)),
      adopt_cancel_(std::move(adopt_cancel)) {}

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

client::LongWork CoreContext::work(QPointer<QObject> receiver,
                                   std::function<void(quint64, quint64)> progress,
                                   std::shared_ptr<std::stop_source> cancel) const {
    client::LongWork work;
    if (!receiver.isNull() && progress) {
        work.on_progress = [guard = std::move(receiver), progress](std::uint64_t done,
                                                                   std::uint64_t total) {
            CoreWorker::deliver(guard, [progress, done, total] { progress(done, total); });
        };
    }
    if (cancel == nullptr) {
        work.stop = stop_;
        return work;
    }
    if (adopt_cancel_) {
        adopt_cancel_(cancel);
    } else if (stop_.stop_requested()) {
        cancel->request_stop();
    }
    work.stop = cancel->get_token();
    return work;
}

struct CoreWorker::Queue {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::function<void(CoreContext&)>> jobs;
    bool closing = false;
    std::stop_source stop;
    // Cancel sources of running work (CoreContext::work): stopped with the worker.
    std::vector<std::weak_ptr<std::stop_source>> cancels;

    void adopt(const std::shared_ptr<std::stop_source>& cancel) {
        const std::lock_guard lock(mutex);
        if (stop.stop_requested()) {
            cancel->request_stop();
            return;
        }
        std::erase_if(cancels, [](const auto& held) { return held.expired(); });
        cancels.push_back(cancel);
    }
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
        CoreContext context(
            std::move(session), queue->stop.get_token(),
            [queue](std::shared_ptr<std::stop_source> cancel) { queue->adopt(cancel); });
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
        queue_->stop.request_stop();
        for (const auto& held : queue_->cancels) {
            if (const auto cancel = held.lock()) {
                cancel->request_stop();
            }
        }
    }
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
