#include "approve_member_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <optional>

#include "app_controller.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/list_filters.h"
#include "weerbaar/client/member_approval.h"

namespace weerbaar::desktop {
namespace {

QLabel* error_label(QWidget* parent, const QString& accessible_name) {
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setAccessibleName(accessible_name);
    label->hide();
    return label;
}

// What the worker hands back: the core's answer, and for the known-key refusal the
// fingerprint this client knew before (from the trust memory), so that both can be
// shown side by side.
struct ApprovalAnswer {
    Status status;
    QString old_fingerprint;
};

}  // namespace

ApproveMemberDialog::ApproveMemberDialog(AppController& controller, QString user,
                                         const QString& name, QWidget* parent)
    : QDialog(parent), controller_(controller), user_(std::move(user)), name_(name) {
    setWindowTitle(tr("Approve %1").arg(name));
    setAccessibleName(tr("Approve a member"));
    auto* layout = new QVBoxLayout(this);

    auto* explanation = new QLabel(
        tr("Call %1 on a number you know is theirs and have them read out the fingerprint "
           "their client showed when they asked to join. Type it here: only when it matches "
           "the keys of the request is %1 approved.")
            .arg(name),
        this);
    explanation->setTextFormat(Qt::PlainText);
    explanation->setWordWrap(true);
    layout->addWidget(explanation);

    auto* form = new QFormLayout;
    role_ = new QComboBox(this);
    role_->setAccessibleName(tr("Role"));
    for (const std::string& role : client::role_choices()) {
        role_->addItem(QString::fromStdString(client::dutch_role_label(role)),
                       QString::fromStdString(role));
    }
    role_error_ = error_label(this, tr("Problem with the role"));
    auto* role_label = new QLabel(tr("&Role:"), this);
    role_label->setBuddy(role_);
    form->addRow(role_label, role_);
    form->addRow(QString(), role_error_);

    fingerprint_ = new QLineEdit(this);
    fingerprint_->setAccessibleName(tr("Fingerprint as the member reads it"));
    fingerprint_->setPlaceholderText(tr("12345 67890 ..."));
    fingerprint_error_ = error_label(this, tr("Problem with the fingerprint"));
    auto* fingerprint_label = new QLabel(tr("&Fingerprint as read out:"), this);
    fingerprint_label->setBuddy(fingerprint_);
    form->addRow(fingerprint_label, fingerprint_);
    form->addRow(QString(), fingerprint_error_);
    layout->addLayout(form);

    known_key_ = new QLabel(this);
    known_key_->setTextFormat(Qt::PlainText);
    known_key_->setWordWrap(true);
    known_key_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    known_key_->setAccessibleName(tr("Earlier key of this name"));
    known_key_->hide();
    layout->addWidget(known_key_);
    confirm_new_key_ = new QCheckBox(
        tr("I checked by phone that this is the same person: replace the earlier &key"), this);
    confirm_new_key_->setAccessibleName(tr("Confirm the new key"));
    confirm_new_key_->hide();
    layout->addWidget(confirm_new_key_);

    general_error_ = error_label(this, tr("Problem"));
    layout->addWidget(general_error_);

    auto* buttons = new QDialogButtonBox(this);
    approve_ = buttons->addButton(tr("&Approve"), QDialogButtonBox::AcceptRole);
    approve_->setAccessibleName(tr("Approve"));
    approve_->setDefault(true);
    auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    connect(approve_, &QPushButton::clicked, this, &ApproveMemberDialog::approve);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(buttons);

    // A changed fingerprint is another question: the earlier confirmation was about
    // the one typed before.
    connect(fingerprint_, &QLineEdit::textEdited, this, [this] {
        fingerprint_error_->hide();
        known_key_->hide();
        confirm_new_key_->hide();
        confirm_new_key_->setChecked(false);
    });
    connect(role_, &QComboBox::currentIndexChanged, role_error_, &QLabel::hide);
    setTabOrder(role_, fingerprint_);
    setTabOrder(fingerprint_, confirm_new_key_);
    setTabOrder(confirm_new_key_, approve_);
    setTabOrder(approve_, cancel);
    fingerprint_->setFocus();
}

void ApproveMemberDialog::approve() {
    if (!controller_.is_unlocked()) {
        return;
    }
    approve_->setEnabled(false);
    role_error_->hide();
    fingerprint_error_->hide();
    general_error_->hide();
    const std::string user = user_.toStdString();
    const std::string role = role_->currentData().toString().toStdString();
    const std::string fingerprint = fingerprint_->text().toStdString();
    const bool confirm = confirm_new_key_->isVisible() && confirm_new_key_->isChecked();
    controller_.worker().post<ApprovalAnswer>(
        this,
        [user, role, fingerprint, confirm](CoreContext& context) -> ApprovalAnswer {
            auto directory = context.directory();
            if (!directory.ok()) {
                return {directory.error(), {}};
            }
            auto approval = client::approve_member(context.session(), directory.value(), user, role,
                                                   fingerprint, confirm);
            if (approval.ok()) {
                return {ok_status(), {}};
            }
            ApprovalAnswer answer{approval.error(), {}};
            if (approval.error().field() == "confirm_new_key") {
                const auto& keys = directory.value().trust().state().keys;
                if (const auto known = keys.find(user); known != keys.end()) {
                    answer.old_fingerprint = QString::fromStdString(known->second.fingerprint);
                }
            }
            return answer;
        },
        [this, fingerprint](ApprovalAnswer answer) {
            approve_->setEnabled(true);
            if (answer.status.ok()) {
                Q_EMIT approved(user_);
                accept();
                return;
            }
            const Error& error = answer.status.error();
            const QString text = QString::fromStdString(client::one_line_message(error));
            if (error.field() == "confirm_new_key") {
                // The typed fingerprint matched the request (the core checks that
                // first), so it is the new key's.
                show_known_key(answer.old_fingerprint, QString::fromStdString(fingerprint), text);
                return;
            }
            show_error(error, text);
        });
}

void ApproveMemberDialog::show_error(const Error& error, const QString& text) {
    QLabel* target = general_error_;
    QWidget* focus = approve_;
    const std::string& field = error.field();
    if (field == "role" || (field.empty() && error.code() == ErrorCode::permission_denied)) {
        // The one refusal a coordinator meets here: approving a coordinator needs
        // the root key.
        target = role_error_;
        focus = role_;
    } else if (field == "fingerprint" ||
               (field.empty() && error.code() == ErrorCode::integrity_failure)) {
        // A mismatch: what was typed is the one input approve_member compares.
        target = fingerprint_error_;
        focus = fingerprint_;
    }
    target->setText(text);
    target->show();
    focus->setFocus();
}

void ApproveMemberDialog::show_known_key(const QString& old_fingerprint,
                                         const QString& new_fingerprint, const QString& message) {
    known_key_->setText(
        tr("%1\n\nThis client knew another key for %2.\nEarlier key:  %3\nNew key:      "
           "%4\n\nApprove only when you are sure it is the same person (for "
           "example: they lost their passphrase and asked to join again).")
            .arg(message, name_, old_fingerprint.isEmpty() ? tr("(unknown)") : old_fingerprint,
                 new_fingerprint));
    known_key_->show();
    confirm_new_key_->setChecked(false);
    confirm_new_key_->show();
    confirm_new_key_->setFocus();
}

}  // namespace weerbaar::desktop
