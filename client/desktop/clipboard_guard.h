#pragma once
// Copies a fingerprint or an id to the clipboard and takes it back: after
// kClearAfter, or at once on clear() (the lock calls it), the clipboard is emptied,
// but only if it still holds what we put there, so whatever the person copied since
// is left alone. As password managers do on a shared desk (issue 10, item 8).
//
// One guard per application (instance()); UI thread only.

#include <QObject>
#include <QString>
#include <QTimer>
#include <chrono>

namespace weerbaar::desktop {

class AppController;

class ClipboardGuard : public QObject {
    Q_OBJECT
  public:
    static constexpr std::chrono::milliseconds kClearAfter{30'000};

    static ClipboardGuard& instance();

    // Puts `text` on the clipboard (and the X11 selection, where there is one) and
    // starts the timer again.
    void copy(const QString& text);
    // Empties the clipboard now if it still holds our text.
    void clear();
    // Clears at every lock of `controller` (once connected, further calls do nothing).
    void clear_on_lock(AppController& controller);
    // Tests only: a shorter wait than kClearAfter.
    void set_clear_after_for_testing(std::chrono::milliseconds wait);
    [[nodiscard]] bool holds_copy() const { return !copied_.isEmpty(); }

  private:
    ClipboardGuard();
    QString copied_;
    QTimer timer_;
};

}  // namespace weerbaar::desktop
