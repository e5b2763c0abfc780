#pragma once
// A core call before there is a session (unlocking; the first-run wizard: fetching
// the organisation key, founding, asking to join), run on a thread of its own so the UI
// thread never waits on the network or Argon2id. The result comes back on the UI
// thread through CoreWorker::deliver: dropped when `receiver` is gone by then.
//
// The thread is detached: each call ends within the core's 10 s network deadline
// plus one key derivation, and touches nothing of the UI's. UI thread only (the
// call, not the job).

#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <thread>

#include "core_worker.h"

namespace weerbaar::desktop {

template <typename R>
void run_in_background(QObject* receiver, std::function<R()> job, std::function<void(R)> done) {
    QPointer<QObject> guard(receiver);
    std::thread([job = std::move(job), done = std::move(done), guard] {
        auto result = std::make_shared<R>(job());
        CoreWorker::deliver(guard, [done, result] { done(std::move(*result)); });
    }).detach();
}

}  // namespace weerbaar::desktop
