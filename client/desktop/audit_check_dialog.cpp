#include "audit_check_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app_controller.h"
#include "weerbaar/client/audit_log.h"
#include "weerbaar/client/error_message.h"

namespace weerbaar::desktop {
namespace {

struct AuditAnswer {
    Status status;
    quint64 entries = 0;
    bool key_pinned_now = false;
    quint64 restored_at = 0;  // AuditVerification::restored_at
};

}  // namespace

AuditCheckDialog::AuditCheckDialog(AppController& controller, QWidget* parent)
    : QDialog(parent), controller_(controller) {
    setWindowTitle(tr("Check the audit log"));
    setAccessibleName(tr("Check the audit log"));
    auto* layout = new QVBoxLayout(this);
    result_ = new QLabel(this);
    result_->setTextFormat(Qt::PlainText);
    result_->setWordWrap(true);
    result_->setAccessibleName(tr("Result of the audit log check"));
    layout->addWidget(result_);
    advice_ = new QLabel(this);
    advice_->setTextFormat(Qt::PlainText);
    advice_->setWordWrap(true);
    advice_->setAccessibleName(tr("What to do"));
    advice_->hide();
    layout->addWidget(advice_);

    auto* buttons = new QDialogButtonBox(this);
    again_ = buttons->addButton(tr("Check &again"), QDialogButtonBox::ActionRole);
    again_->setAccessibleName(tr("Check the audit log again"));
    auto* close = buttons->addButton(QDialogButtonBox::Close);
    close->setAccessibleName(tr("Close"));
    close->setDefault(true);
    connect(again_, &QPushButton::clicked, this, &AuditCheckDialog::start);
    connect(close, &QPushButton::clicked, this, &QDialog::accept);
    layout->addWidget(buttons);
}

void AuditCheckDialog::start() {
    if (running_ || !controller_.is_unlocked()) {
        return;
    }
    running_ = true;
    passed_ = false;
    again_->setEnabled(false);
    advice_->hide();
    result_->setText(tr("Checking the audit log..."));
    controller_.worker().post<AuditAnswer>(
        this,
        [](CoreContext& context) -> AuditAnswer {
            auto trust = context.trust();
            if (!trust.ok()) {
                return {trust.error()};
            }
            auto verified = client::verify_audit_log(context.session(), *trust.value());
            if (!verified.ok()) {
                return {verified.error()};
            }
            return {ok_status(), verified.value().entries, verified.value().key_pinned_now,
                    verified.value().restored_at};
        },
        [this](AuditAnswer answer) {
            running_ = false;
            again_->setEnabled(true);
            passed_ = answer.status.ok();
            if (passed_) {
                QString text =
                    tr("Audit log verified: %n entries, unbroken and consistent "
                       "with the previous check.",
                       nullptr, static_cast<int>(answer.entries));
                if (answer.restored_at != 0) {
                    text += QLatin1Char(' ') +
                            tr("The server was restored from a backup (audit entry %1): the "
                               "entries written after that backup are gone, and this check now "
                               "compares with the restored log.")
                                .arg(answer.restored_at);
                }
                if (answer.key_pinned_now) {
                    text += QLatin1Char(' ') +
                            tr("This was the first check from this profile: the audit key is now "
                               "remembered, and later checks compare with it.");
                }
                result_->setText(text);
            } else {
                result_->setText(
                    QString::fromStdString(client::one_line_message(answer.status.error())));
                if (answer.status.error().code() == ErrorCode::integrity_failure) {
                    advice_->setText(
                        tr("The audit log was changed, cut short or replaced. Do not repair or "
                           "restore anything on the server yourself: keep it as it is, tell the "
                           "other coordinators and whoever runs the server, and have the server "
                           "examined. This profile keeps the last verified state to compare "
                           "with."));
                    advice_->show();
                }
            }
            Q_EMIT finished_check(passed_);
        });
}

}  // namespace weerbaar::desktop
