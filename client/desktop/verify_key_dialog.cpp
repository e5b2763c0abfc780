#include "verify_key_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "app_controller.h"
#include "clipboard_guard.h"
#include "weerbaar/client/error_message.h"

namespace weerbaar::desktop {

VerifyKeyDialog::VerifyKeyDialog(AppController& controller, QString user, const QString& name,
                                 const QString& fingerprint, QWidget* parent)
    : QDialog(parent), controller_(controller), user_(std::move(user)) {
    setWindowTitle(tr("Verify %1").arg(name));
    setAccessibleName(tr("Verify a member's key"));
    auto* layout = new QVBoxLayout(this);

    auto* explanation = new QLabel(
        tr("Call %1 on a number you know is theirs. Ask them to read out their fingerprint "
           "(Weerbaar shows it under Members) and type what you hear. Do not "
           "use a number or message that came with a request to verify.")
            .arg(name),
        this);
    explanation->setTextFormat(Qt::PlainText);
    explanation->setWordWrap(true);
    layout->addWidget(explanation);

    auto* shown_label = new QLabel(tr("The fingerprint this client has for %1:").arg(name), this);
    shown_label->setTextFormat(Qt::PlainText);
    layout->addWidget(shown_label);
    auto* row = new QHBoxLayout;
    auto* shown = new QLabel(fingerprint, this);
    shown->setTextFormat(Qt::PlainText);
    shown->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    shown->setAccessibleName(tr("Fingerprint this client has"));
    QFont mono = shown->font();
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    shown->setFont(mono);
    row->addWidget(shown, 1);
    auto* copy = new QPushButton(tr("&Copy"), this);
    copy->setAccessibleName(tr("Copy fingerprint"));
    copy->setAutoDefault(false);
    connect(copy, &QPushButton::clicked, this,
            [fingerprint] { ClipboardGuard::instance().copy(fingerprint); });
    row->addWidget(copy);
    layout->addLayout(row);

    auto* typed_label = new QLabel(tr("&Fingerprint as %1 reads it:").arg(name), this);
    typed_label->setTextFormat(Qt::PlainText);
    layout->addWidget(typed_label);
    typed_ = new QLineEdit(this);
    typed_->setAccessibleName(tr("Fingerprint as the member reads it"));
    typed_->setPlaceholderText(tr("12345 67890 ..."));
    typed_->setFont(mono);
    typed_label->setBuddy(typed_);
    layout->addWidget(typed_);
    error_ = new QLabel(this);
    error_->setTextFormat(Qt::PlainText);
    error_->setWordWrap(true);
    error_->setAccessibleName(tr("Problem with the fingerprint"));
    error_->hide();
    layout->addWidget(error_);

    auto* buttons = new QDialogButtonBox(this);
    verify_ = buttons->addButton(tr("&Verify"), QDialogButtonBox::AcceptRole);
    verify_->setAccessibleName(tr("Verify"));
    verify_->setDefault(true);
    auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setAccessibleName(tr("Cancel"));
    // Accept only once the core agreed: the button checks, it does not close.
    connect(verify_, &QPushButton::clicked, this, &VerifyKeyDialog::check);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(typed_, &QLineEdit::textEdited, error_, &QLabel::hide);
    setTabOrder(typed_, verify_);
    setTabOrder(verify_, cancel);
    setTabOrder(cancel, copy);
    typed_->setFocus();
}

void VerifyKeyDialog::check() {
    if (!controller_.is_unlocked()) {
        return;
    }
    verify_->setEnabled(false);
    error_->hide();
    const std::string user = user_.toStdString();
    const std::string typed = typed_->text().toStdString();
    controller_.worker().post<Status>(
        this,
        [user, typed](CoreContext& context) -> Status {
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            WEERBAAR_TRY(directory.verify_key(user, typed));
            return ok_status();
        },
        [this](Status result) {
            verify_->setEnabled(true);
            if (result.ok()) {
                Q_EMIT verified(user_);
                accept();
                return;
            }
            // Every refusal concerns what was typed: shown there, nothing marked.
            error_->setText(QString::fromStdString(client::one_line_message(result.error())));
            error_->show();
            typed_->setFocus();
            typed_->selectAll();
        });
}

}  // namespace weerbaar::desktop
