#include "key_verify_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QVBoxLayout>

#include "app_controller.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/member_directory.h"

namespace weerbaar::desktop {

KeyVerifyDialog::KeyVerifyDialog(AppController& controller, QString user, QString fingerprint,
                                 QWidget* parent)
    : QDialog(parent),
      controller_(controller),
      user_(std::move(user)),
      heard_(new QLineEdit(this)),
      message_(new QLabel(this)) {
    setWindowTitle(tr("Verify the key of a member"));
    setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(this);
    const QString shown_user = QString::fromStdString(client::display_line(user_.toStdString()));
    auto* explain = new QLabel(
        tr("The key of %1 changed since you last saw it. Call %1, ask them to read their "
           "fingerprint, compare it with the one below and type what you hear.")
            .arg(shown_user),
        this);
    explain->setTextFormat(Qt::PlainText);
    explain->setWordWrap(true);
    layout->addWidget(explain);
    auto* form = new QFormLayout;
    auto* shown = new QLabel(fingerprint, this);
    shown->setTextFormat(Qt::PlainText);
    shown->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    shown->setAccessibleName(tr("New fingerprint"));
    form->addRow(tr("New fingerprint:"), shown);
    heard_->setAccessibleName(tr("Fingerprint the member reads"));
    auto* heard_label = new QLabel(tr("&What the member reads:"), this);
    heard_label->setBuddy(heard_);
    form->addRow(heard_label, heard_);
    layout->addLayout(form);
    message_->setTextFormat(Qt::PlainText);
    message_->setWordWrap(true);
    message_->setObjectName(QStringLiteral("error:fingerprint"));
    layout->addWidget(message_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    confirm_ = buttons->button(QDialogButtonBox::Ok);
    confirm_->setText(tr("&Verified"));
    confirm_->setAccessibleName(tr("Verified"));
    confirm_->setDefault(true);
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &KeyVerifyDialog::confirm);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void KeyVerifyDialog::confirm() {
    if (!controller_.is_unlocked() || !confirm_->isEnabled()) {
        return;
    }
    message_->clear();
    confirm_->setEnabled(false);
    const std::string user = user_.toStdString();
    const std::string heard = heard_->text().toStdString();
    controller_.worker().post<Status>(
        this,
        [user, heard](CoreContext& context) -> Status {
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            auto verified = directory.verify_key(user, heard);
            if (!verified.ok()) {
                return verified.error();
            }
            return ok_status();
        },
        [this](Status status) {
            confirm_->setEnabled(true);
            if (!status.ok()) {
                message_->setText(QString::fromStdString(client::one_line_message(status.error())));
                heard_->setFocus();
                return;
            }
            Q_EMIT verified();
            accept();
        });
}

}  // namespace weerbaar::desktop
