#include "revoke_member_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app_controller.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/member_revocation.h"

namespace weerbaar::desktop {
namespace {

// The outcome in numbers only (no case names: a status line is seen over shoulders).
struct RevokeAnswer {
    Status status;
    client::RevocationOutcome outcome;
};

}  // namespace

RevokeMemberDialog::RevokeMemberDialog(AppController& controller, QString user, const QString& name,
                                       QWidget* parent)
    : QDialog(parent), controller_(controller), user_(std::move(user)), name_(name) {
    setWindowTitle(tr("Revoke %1").arg(name));
    setAccessibleName(tr("Revoke a member"));
    auto* layout = new QVBoxLayout(this);
    auto* consequences = new QLabel(
        tr("Revoke %1?\n\n"
           "- %1 is logged out at once and can no longer log in.\n"
           "- %1 cannot read anything written after this; every case %1 belongs to gets a "
           "new key.\n"
           "- What %1 could read before stays known to them: revoking does not take it back.\n"
           "- This cannot be undone: to return, %1 must ask to join again with new keys and "
           "be approved.")
            .arg(name),
        this);
    consequences->setTextFormat(Qt::PlainText);
    consequences->setWordWrap(true);
    layout->addWidget(consequences);

    confirm_orphans_ = new QCheckBox(
        tr("Revoke &anyway: cases without another member get a retention deadline and nobody "
           "can read them again"),
        this);
    confirm_orphans_->setAccessibleName(tr("Revoke even when cases keep no other member"));
    confirm_orphans_->hide();
    layout->addWidget(confirm_orphans_);
    error_ = new QLabel(this);
    error_->setTextFormat(Qt::PlainText);
    error_->setWordWrap(true);
    error_->setAccessibleName(tr("Problem"));
    error_->hide();
    layout->addWidget(error_);

    auto* buttons = new QDialogButtonBox(this);
    revoke_ = buttons->addButton(tr("&Revoke %1").arg(name), QDialogButtonBox::DestructiveRole);
    revoke_->setAccessibleName(tr("Revoke"));
    auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    // Enter must not revoke: the safe choice is the default.
    cancel->setDefault(true);
    revoke_->setAutoDefault(false);
    connect(revoke_, &QPushButton::clicked, this, &RevokeMemberDialog::revoke);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(buttons);
    cancel->setFocus();
}

void RevokeMemberDialog::revoke() {
    if (!controller_.is_unlocked()) {
        return;
    }
    revoke_->setEnabled(false);
    error_->hide();
    const std::string user = user_.toStdString();
    const bool orphans = confirm_orphans_->isVisible() && confirm_orphans_->isChecked();
    controller_.worker().post<RevokeAnswer>(
        this,
        [user, orphans](CoreContext& context) -> RevokeAnswer {
            auto directory = context.directory();
            if (!directory.ok()) {
                return {directory.error(), {}};
            }
            auto outcome =
                client::revoke_member(context.session(), directory.value(), user, orphans);
            if (!outcome.ok()) {
                return {outcome.error(), {}};
            }
            return {ok_status(), std::move(outcome).value()};
        },
        [this](RevokeAnswer answer) {
            revoke_->setEnabled(true);
            if (!answer.status.ok()) {
                const Error& error = answer.status.error();
                error_->setText(QString::fromStdString(client::one_line_message(error)));
                error_->show();
                if (error.code() == ErrorCode::failed_precondition) {
                    // Cases that would keep no reader (or the last coordinator: the
                    // server refuses that whatever is confirmed).
                    confirm_orphans_->show();
                    confirm_orphans_->setFocus();
                }
                return;
            }
            const client::RevocationOutcome& outcome = answer.outcome;
            QString summary = tr("%1 is revoked. Cases with a new key: %2; waiting for another "
                                 "member to renew the key: %3; without another member (retention "
                                 "deadline set): %4.")
                                  .arg(name_)
                                  .arg(outcome.rotated)
                                  .arg(outcome.waiting)
                                  .arg(outcome.orphaned);
            if (outcome.rotation_failure) {
                summary += QLatin1Char(' ') +
                           tr("A case could not get its new key yet: %1")
                               .arg(QString::fromStdString(
                                   client::one_line_message(*outcome.rotation_failure)));
            }
            Q_EMIT revoked(user_, summary);
            accept();
        });
}

}  // namespace weerbaar::desktop
