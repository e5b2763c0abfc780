#pragma once
// Runs client-core calls off the UI thread (docs/architecture.md, "Desktop
// threading"). Every core call may wait on the network, on Argon2id or on the local
// store, so the UI thread never makes one: it posts a job here and gets the result
// back as a queued call on a QObject of its own.
//
// One CoreWorker is one thread that runs its jobs one at a time, in the order they
// were posted. It holds the unlocked Session (shared with any other worker of the
// same session) and, on its own thread, the profile's TrustStore: the core's rule is
// one TrustStore per thread of work (client_api.h). A job gets a CoreContext for
// both. Jobs of different workers run side by side (an attachment transfer on its
// own worker does not hold up the case list).
//
// Delivery: `done` runs on the UI thread (receivers are UI-thread objects),
// through Qt's event loop; if the receiver is destroyed first (a view closed, or
// everything torn down by the lock), the result is dropped, never delivered to a
// dead object.
//
// Ending: the destructor asks the current job to stop (its LongWork's stop_token,
// context.work()), lets the jobs already queued run (a draft saved at the lock is
// still written), and then lets the thread end on its own: the UI thread never
// waits for the network. The Session, and with it the keys, is released when the
// last worker holding it ends. join_worker_threads() waits for all of them; main()
// calls it after the event loop, once every CoreWorker is destroyed, so no thread
// outlives the program's statics.

#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <stop_token>

#include "weerbaar/client/long_work.h"
#include "weerbaar/client/member_directory.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"

namespace weerbaar::desktop {

// What a job works with, on the worker's thread only.
class CoreContext {
  public:
    // `adopt_cancel` hands a Cancel source to the worker (see work()); empty: none.
    CoreContext(std::shared_ptr<const client::Session> session, std::stop_token stop,
                std::function<void(std::shared_ptr<std::stop_source>)> adopt_cancel = {});

    [[nodiscard]] const client::Session& session() const { return *session_; }
    // The profile's trust memory, opened on first use on this thread (the local
    // store's errors as TrustStore::open gives them).
    [[nodiscard]] Result<client::TrustStore*> trust();
    // A fresh member directory over the trust memory: every job sees revocations
    // and key changes as the server and the store have them now.
    [[nodiscard]] Result<client::MemberDirectory> directory();
    // A LongWork whose progress is posted to `receiver` (a UI-thread object; the
    // QPointer must be made on the UI thread, where the object may be deleted) and
    // whose stop is the worker's (the lock, or the worker's end), or, when `cancel` is
    // given, that source (a Cancel button holds it): the worker then stops `cancel`
    // itself when it ends, so the lock still stops the work. The LongWork may be
    // copied and its on_progress wrapped or replaced freely: nothing hangs on it.
    [[nodiscard]] client::LongWork work(QPointer<QObject> receiver = {},
                                        std::function<void(quint64, quint64)> progress = {},
                                        std::shared_ptr<std::stop_source> cancel = nullptr) const;

  private:
    std::shared_ptr<const client::Session> session_;
    std::stop_token stop_;
    std::function<void(std::shared_ptr<std::stop_source>)> adopt_cancel_;
    std::optional<client::TrustStore> trust_;
};

class CoreWorker {
  public:
    explicit CoreWorker(std::shared_ptr<const client::Session> session);
    ~CoreWorker();
    CoreWorker(const CoreWorker&) = delete;
    CoreWorker& operator=(const CoreWorker&) = delete;

    [[nodiscard]] const client::Session& session() const { return *session_; }
    [[nodiscard]] std::shared_ptr<const client::Session> shared_session() const { return session_; }

    // Runs `job` on the worker thread, then `done(result)` on `receiver`'s thread
    // unless `receiver` is gone by then. R must be movable.
    template <typename R>
    void post(QObject* receiver, std::function<R(CoreContext&)> job, std::function<void(R)> done) {
        QPointer<QObject> guard(receiver);
        enqueue([job = std::move(job), done = std::move(done), guard](CoreContext& context) {
            auto result = std::make_shared<R>(job(context));
            deliver(guard, [done, result] { done(std::move(*result)); });
        });
    }
    // A job without a result for the UI (saving a draft).
    void post(std::function<void(CoreContext&)> job) { enqueue(std::move(job)); }

    // Posts `call` to the UI thread, where it runs unless `receiver` (an object of
    // the UI thread) is gone by then. For results and progress.
    static void deliver(const QPointer<QObject>& receiver, std::function<void()> call);

  private:
    void enqueue(std::function<void(CoreContext&)> job);
    struct Queue;
    std::shared_ptr<const client::Session> session_;
    std::shared_ptr<Queue> queue_;
};

// Waits for every worker thread to end. Only once every CoreWorker is destroyed
// (a live worker's thread waits for jobs and would never end).
void join_worker_threads();

}  // namespace weerbaar::desktop
