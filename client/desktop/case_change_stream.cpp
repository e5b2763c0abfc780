#include "case_change_stream.h"

#include <QPointer>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "app_controller.h"
#include "core_worker.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_watch.h"
#include "weerbaar/client/error_message.h"

namespace weerbaar::desktop {

// What the UI thread and the watching thread share: the running watch (to cancel
// it) and the stop flag the back-off waits on.
struct CaseChangeStream::Shared {
    std::mutex mutex;
    std::condition_variable wake;
    bool stopped = false;
    client::CaseWatch* watch = nullptr;
};

CaseChangeStream::CaseChangeStream(AppController& controller, QObject* parent)
    : QObject(parent), controller_(controller), shared_(std::make_shared<Shared>()) {}

CaseChangeStream::~CaseChangeStream() { stop(); }

void CaseChangeStream::start() {
    if (worker_ != nullptr || !controller_.is_unlocked()) {
        return;
    }
    worker_ = controller_.new_worker();
    const QPointer<QObject> guard(this);
    const std::shared_ptr<Shared> shared = shared_;
    const int first_backoff_ms = first_backoff_ms_;
    worker_->post([guard, shared, first_backoff_ms](CoreContext& context) {
        using namespace std::chrono;
        milliseconds backoff(first_backoff_ms);
        for (;;) {
            client::CaseWatch watch(context.session());
            {
                std::lock_guard lock(shared->mutex);
                if (shared->stopped) {
                    return;
                }
                shared->watch = &watch;
            }
            CoreWorker::deliver(guard, [guard] {
                if (auto* self = qobject_cast<CaseChangeStream*>(guard.data())) {
                    Q_EMIT self->watching();
                }
            });
            const auto began = steady_clock::now();
            const Status status = watch.run([&](const client::RecordEvent& event) {
                const QString hex = QString::fromStdString(client::format_case_id(event.case_id));
                const bool by_self = event.author == context.session().user();
                CoreWorker::deliver(guard, [guard, hex, by_self] {
                    if (auto* self = qobject_cast<CaseChangeStream*>(guard.data())) {
                        Q_EMIT self->case_changed(hex, by_self);
                    }
                });
                return true;
            });
            {
                std::lock_guard lock(shared->mutex);
                shared->watch = nullptr;
                if (shared->stopped) {
                    return;
                }
            }
            if (status.ok()) {
                return;  // only a cancel ends it with ok
            }
            if (status.error().code() != ErrorCode::unavailable) {
                const QString message =
                    QString::fromStdString(client::one_line_message(status.error()));
                const bool integrity = status.error().code() == ErrorCode::integrity_failure;
                CoreWorker::deliver(guard, [guard, message, integrity] {
                    if (auto* self = qobject_cast<CaseChangeStream*>(guard.data())) {
                        Q_EMIT self->ended(message, integrity);
                    }
                });
                return;
            }
            // A watch that held for a while before the server went away starts
            // over from the shortest wait; one that keeps failing waits longer.
            if (steady_clock::now() - began > minutes(1)) {
                backoff = milliseconds(first_backoff_ms);
            }
            const int wait_seconds =
                static_cast<int>(std::max<long long>(1, duration_cast<seconds>(backoff).count()));
            CoreWorker::deliver(guard, [guard, wait_seconds] {
                if (auto* self = qobject_cast<CaseChangeStream*>(guard.data())) {
                    Q_EMIT self->retrying(wait_seconds);
                }
            });
            std::unique_lock lock(shared->mutex);
            if (shared->wake.wait_for(lock, backoff, [&] { return shared->stopped; })) {
                return;
            }
            backoff = std::min<milliseconds>(backoff * 2, duration_cast<milliseconds>(seconds(30)));
        }
    });
}

void CaseChangeStream::stop() {
    {
        std::lock_guard lock(shared_->mutex);
        shared_->stopped = true;
        if (shared_->watch != nullptr) {
            shared_->watch->cancel();
        }
    }
    shared_->wake.notify_all();
    // The worker's thread ends on its own once the watch has returned: the UI
    // thread does not wait for the network (core_worker.h).
    worker_.reset();
}

}  // namespace weerbaar::desktop
