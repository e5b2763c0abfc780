#pragma once
// The desktop client's state around one profile: locked or unlocked, the session
// and its worker while unlocked, the idle timer, and the drafts that survive a lock.
//
// Unlock once: unlock() derives the keys (Argon2id) and logs in on a worker thread;
// unlocked() or unlock_failed() follows on the UI thread. Lock by itself: after
// lock_minutes() without keyboard or mouse input (any window of the application),
// and on lock(). Locking first emits about_to_lock() so that every editor hands its
// typed text to save_draft() (written to the encrypted local store by the worker
// before it lets go of the session), then drops the worker (the session and its keys
// go with the last worker: core_worker.h), then emits locked(), on which every view
// that showed case content is destroyed. Nothing decrypted outlives the lock in a
// model or view.
//
// Threading: UI thread only.

#include <QObject>
#include <QString>
#include <QTimer>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "core_worker.h"
#include "desktop_settings.h"
#include "weerbaar/client/draft_store.h"
#include "weerbaar/client/profile.h"

namespace weerbaar::desktop {

class AppController : public QObject {
    Q_OBJECT
  public:
    explicit AppController(std::filesystem::path profile_directory, QObject* parent = nullptr);
    ~AppController() override;

    [[nodiscard]] const std::filesystem::path& profile_directory() const { return directory_; }
    [[nodiscard]] client::Profile profile() const { return client::Profile(directory_); }
    // A set-up profile (it has a keystore); otherwise the first-run wizard is due.
    [[nodiscard]] bool has_profile() const;
    [[nodiscard]] DesktopSettings& settings() { return settings_; }

    [[nodiscard]] bool is_unlocked() const { return worker_ != nullptr; }
    // The worker of the unlocked session. Only while unlocked.
    [[nodiscard]] CoreWorker& worker() { return *worker_; }
    // The worker for reads of the local store alone (a case's cached picture): it
    // never waits on the network, so a view paints from the store even while the
    // main worker lists every case or waits on the server. Only while unlocked.
    [[nodiscard]] CoreWorker& local_worker() { return *local_worker_; }
    // A further worker on the same session, for work that must not wait behind the
    // main queue (a transfer, the notification stream). The caller owns it and drops
    // it at the lock (about_to_lock). Only while unlocked.
    [[nodiscard]] std::unique_ptr<CoreWorker> new_worker() const;
    // The member's name and role ("confidant", ...), known once unlocked.
    [[nodiscard]] const QString& user() const { return user_; }
    [[nodiscard]] const QString& role() const { return role_; }

    // Asynchronous; `passphrase` is cleared here once it is handed on.
    void unlock(QString passphrase);
    [[nodiscard]] bool unlock_running() const { return unlocking_; }
    void lock();
    // Afmelden: ends the session at the server and locks. The work area closes at
    // once, as with lock(); the logout itself runs on the worker before it lets go of
    // the session, then logged_out() or logout_failed() follows. The next unlock
    // logs in afresh.
    void log_out();

    // Keeps or forgets a draft in the local store (on the worker; errors are reported
    // by draft_error()). Ignored while locked.
    void save_draft(client::Draft draft);
    void discard_draft(const QString& draft_id);

    void set_lock_minutes(int minutes);
    // The profile's server address (empty when the profile cannot be read).
    [[nodiscard]] QString server_address() const;
    // Changes it (Profile::set_server_address); used from the next unlock. Returns
    // empty on success, else the reason to show (Dutch first); nothing changed then.
    [[nodiscard]] QString set_server_address(const QString& address);
    // Tests only: a shorter idle time than the settings allow.
    void set_idle_interval_for_testing(std::chrono::milliseconds interval);
    [[nodiscard]] int lock_minutes() const { return settings_.lock_minutes(); }

  Q_SIGNALS:
    void unlocked();
    // A line to show (Dutch first), e.g. a wrong passphrase; the client stays locked.
    void unlock_failed(const QString& message);
    void about_to_lock();
    void locked();
    // After log_out(): the server has ended the session.
    void logged_out();
    // After log_out(), when the server could not be reached: a line to show (Dutch
    // first). The token is forgotten all the same; the server ends the session itself
    // within 15 minutes.
    void logout_failed(const QString& message);
    // The drafts kept before (an earlier lock, crash or closed window), after unlock.
    void drafts_restored(const std::vector<weerbaar::client::Draft>& drafts);
    // The session followed the server to a new certificate its pinned audit key
    // endorses (ADR 0010); the profile pins it from now on. `fingerprint`: SHA-256,
    // colon-separated hex.
    void server_certificate_followed(const QString& fingerprint);
    void draft_error(const QString& message);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void restart_idle_timer();

    std::filesystem::path directory_;
    DesktopSettings settings_;
    std::unique_ptr<CoreWorker> worker_;
    std::unique_ptr<CoreWorker> local_worker_;
    QTimer idle_timer_;
    QString user_;
    QString role_;
    bool unlocking_ = false;
    std::optional<std::chrono::milliseconds> idle_override_;
};

}  // namespace weerbaar::desktop
