#pragma once
// The notification stream: the core's CaseWatch (case_watch.h) on a worker of its
// own over the shared session, so that a change another member commits shows in
// the window as it arrives, while the main worker stays free for the person's own
// work. Each new record gives case_changed(case hex); an event carries no content
// (the core drops it after verifying), and neither does this signal.
//
// The stream ends with the lock (stop(), which the page calls on about_to_lock) or
// the destruction of this object: CaseWatch::cancel() ends the watch within one
// round trip and the worker lets go of the session. When the server is unreachable
// (unavailable) the watch is started again after a back-off of 1, 2, 4 ... up to
// 30 seconds; any other end (a revoked member, an integrity failure) is final and
// reported by ended(). A try while gRPC's channel is still in its own reconnect
// back-off fails at once without network traffic, so a short cap costs nothing;
// after a server restart the watch resumes within about 30 seconds (measured:
// gRPC reconnects a channel that failed during the outage after some 18 s).
//
// Threading: the object lives on the UI thread; the watch runs on its own worker.

#include <QObject>
#include <QString>
#include <memory>

namespace weerbaar::desktop {

class AppController;
class CoreWorker;

class CaseChangeStream : public QObject {
    Q_OBJECT
  public:
    explicit CaseChangeStream(AppController& controller, QObject* parent = nullptr);
    ~CaseChangeStream() override;

    // Starts watching (once; again after stop() is not supported: a new unlock
    // makes a new page and stream). Only while unlocked.
    void start();
    // Ends the watch; safe to call more than once.
    void stop();
    [[nodiscard]] bool running() const { return worker_ != nullptr; }

    // Tests only: the first back-off after an unavailable end, in milliseconds.
    void set_first_backoff_for_testing(int milliseconds) { first_backoff_ms_ = milliseconds; }

  Q_SIGNALS:
    // A new record in the case (32 hex); `by_self` when the user wrote it (from
    // this window or another client of theirs). No content.
    void case_changed(const QString& case_hex, bool by_self);
    // A try to watch begins (the first, or again after the server was away).
    void watching();
    // The watch stopped for good, with the core's one line (Dutch first), and
    // whether it was an integrity failure (the list should be read again then).
    void ended(const QString& message, bool integrity_failure);
    // The server could not be reached; the watch tries again after `seconds`.
    void retrying(int seconds);

  private:
    struct Shared;
    AppController& controller_;
    std::unique_ptr<CoreWorker> worker_;
    std::shared_ptr<Shared> shared_;
    int first_backoff_ms_ = 1000;
};

}  // namespace weerbaar::desktop
