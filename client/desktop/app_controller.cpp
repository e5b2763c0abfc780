#include "app_controller.h"

#include <QApplication>
#include <QEvent>
#include <QPointer>

#include "background_call.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::desktop {

namespace {

struct UnlockResult {
    std::shared_ptr<const client::Session> session;
    QString role;
    std::vector<client::Draft> drafts;
    QString error;
};

// Runs on a thread of its own: Argon2id takes about a second, and login waits on the
// network. Opens the trust memory too, so a damaged store is reported at unlock.
UnlockResult open_session(const client::Profile& profile, const crypto::SecretBuffer& passphrase,
                          client::CertificateObserver observer) {
    UnlockResult result;
    Result<client::Session> session =
        client::Session::open(profile, passphrase, std::move(observer));
    if (!session.ok()) {
        result.error = QString::fromStdString(client::one_line_message(session.error()));
        return result;
    }
    auto shared = std::make_shared<const client::Session>(std::move(session).value());
    CoreContext context(shared, {});
    Result<client::MemberDirectory> directory = context.directory();
    if (!directory.ok()) {
        result.error = QString::fromStdString(client::one_line_message(directory.error()));
        return result;
    }
    Result<client::VerifiedMember> self = directory.value().self();
    if (!self.ok()) {
        result.error = QString::fromStdString(client::one_line_message(self.error()));
        return result;
    }
    result.role = QString::fromStdString(std::string(crypto::role_name(self.value().role())));
    Result<client::TrustStore*> trust = context.trust();
    Result<std::vector<client::Draft>> drafts =
        client::DraftStore(trust.value()->store()).all();  // trust opened by directory()
    if (drafts.ok()) {
        result.drafts = std::move(drafts).value();
    }
    result.session = std::move(shared);
    return result;
}

}  // namespace

AppController::AppController(std::filesystem::path profile_directory, QObject* parent)
    : QObject(parent), directory_(std::move(profile_directory)), settings_(directory_) {
    // libsodium before any secure memory is taken (idempotent; main() checked it).
    (void)crypto::initialise();
    idle_timer_.setSingleShot(true);
    connect(&idle_timer_, &QTimer::timeout, this, &AppController::lock);
    qApp->installEventFilter(this);
}

AppController::~AppController() { qApp->removeEventFilter(this); }

bool AppController::has_profile() const { return client::Profile(directory_).has_keystore(); }

std::unique_ptr<CoreWorker> AppController::new_worker() const {
    return std::make_unique<CoreWorker>(worker_->shared_session());
}

void AppController::unlock(QString passphrase) {
    if (unlocking_ || is_unlocked()) {
        return;
    }
    unlocking_ = true;
    const QByteArray utf8 = passphrase.toUtf8();
    auto secret = std::make_shared<crypto::SecretBuffer>(crypto::SecretBuffer::copy_of(
        crypto::ByteView(reinterpret_cast<const std::uint8_t*>(utf8.constData()),  // NOLINT
                         static_cast<std::size_t>(utf8.size()))));
    passphrase.fill(QChar(u' '));
    // Told on whichever worker thread found the change; the signal goes out on the UI
    // thread, and only while this controller lives.
    client::CertificateObserver observer =
        [self = QPointer<AppController>(this)](const client::FollowedCertificate& followed) {
            QMetaObject::invokeMethod(
                qApp,
                [self, fingerprint = QString::fromStdString(followed.fingerprint)] {
                    if (self) {
                        Q_EMIT self->server_certificate_followed(fingerprint);
                    }
                },
                Qt::QueuedConnection);
        };
    run_in_background<std::shared_ptr<UnlockResult>>(
        this,
        [secret, profile = profile(), observer = std::move(observer)] {
            return std::make_shared<UnlockResult>(open_session(profile, *secret, observer));
        },
        [this](std::shared_ptr<UnlockResult> result) {
            unlocking_ = false;
            if (!result->session) {
                Q_EMIT unlock_failed(result->error);
                return;
            }
            worker_ = std::make_unique<CoreWorker>(result->session);
            local_worker_ = std::make_unique<CoreWorker>(result->session);
            user_ = QString::fromStdString(result->session->user());
            role_ = result->role;
            result->session.reset();
            restart_idle_timer();
            Q_EMIT unlocked();
            if (!result->drafts.empty()) {
                Q_EMIT drafts_restored(result->drafts);
            }
        });
}

void AppController::lock() {
    if (!is_unlocked()) {
        return;
    }
    idle_timer_.stop();
    Q_EMIT about_to_lock();  // editors save their drafts on the worker, still alive
    worker_.reset();         // runs the queued saves, then lets go of the session
    local_worker_.reset();
    Q_EMIT locked();
}

void AppController::log_out() {
    if (!is_unlocked()) {
        return;
    }
    QPointer<AppController> self(this);
    // Queued before the lock: the worker runs it before it lets go of the session.
    worker_->post(this, std::function<Status(CoreContext&)>([](CoreContext& context) {
                      return context.session().logout();
                  }),
                  std::function<void(Status)>([self](Status status) {
                      if (!self) {
                          return;
                      }
                      if (status.ok()) {
                          Q_EMIT self->logged_out();
                      } else {
                          Q_EMIT self->logout_failed(
                              QString::fromStdString(client::one_line_message(status.error())));
                      }
                  }));
    lock();
}

void AppController::save_draft(client::Draft draft) {
    if (!is_unlocked()) {
        return;
    }
    QPointer<AppController> self(this);
    worker_->post(this,
                  std::function<Status(CoreContext&)>(
                      [draft = std::move(draft)](CoreContext& context) -> Status {
                          WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore * trust, context.trust());
                          return client::DraftStore(trust->store()).save(draft);
                      }),
                  std::function<void(Status)>([self](Status status) {
                      if (!status.ok() && self) {
                          Q_EMIT self->draft_error(
                              QString::fromStdString(client::one_line_message(status.error())));
                      }
                  }));
}

void AppController::discard_draft(const QString& draft_id) {
    if (!is_unlocked()) {
        return;
    }
    worker_->post([id = draft_id.toStdString()](CoreContext& context) {
        if (Result<client::TrustStore*> trust = context.trust(); trust.ok()) {
            (void)client::DraftStore(trust.value()->store()).discard(id);
        }
    });
}

void AppController::set_lock_minutes(int minutes) {
    settings_.set_lock_minutes(minutes);
    restart_idle_timer();
}

QString AppController::server_address() const {
    const Result<client::ProfileSettings> settings = profile().read_settings();
    return settings.ok() ? QString::fromStdString(settings.value().server_address) : QString();
}

QString AppController::set_server_address(const QString& address) {
    const Status changed = profile().set_server_address(address.toStdString());
    return changed.ok() ? QString()
                        : QString::fromStdString(client::one_line_message(changed.error()));
}

void AppController::set_idle_interval_for_testing(std::chrono::milliseconds interval) {
    idle_override_ = interval;
    restart_idle_timer();
}

void AppController::restart_idle_timer() {
    if (is_unlocked()) {
        idle_timer_.start(idle_override_.value_or(std::chrono::minutes(settings_.lock_minutes())));
    }
}

bool AppController::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
        case QEvent::KeyPress:
        case QEvent::MouseButtonPress:
        case QEvent::MouseMove:
        case QEvent::Wheel:
        case QEvent::TouchBegin:
            if (idle_timer_.isActive()) {
                idle_timer_.start();  // restarts with the same interval
            }
            break;
        default:
            break;
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace weerbaar::desktop
