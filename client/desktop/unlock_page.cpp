#include "unlock_page.h"

#include <QFont>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "app_controller.h"

namespace weerbaar::desktop {

UnlockPage::UnlockPage(AppController& controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    title_ = new QLabel(tr("Weerbaar is locked. Enter your passphrase to continue."), this);
    title_->setWordWrap(true);
    passphrase_ = new QLineEdit(this);
    passphrase_->setEchoMode(QLineEdit::Password);
    passphrase_->setAccessibleName(tr("Passphrase"));
    unlock_ = new QPushButton(tr("&Unlock"), this);
    unlock_->setAccessibleName(tr("Unlock"));
    unlock_->setDefault(true);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 0);  // busy: Argon2id gives no progress of its own
    progress_->setAccessibleName(tr("Unlocking"));
    progress_->setTextVisible(false);
    progress_->hide();
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    message_->setAccessibleName(tr("Message"));
    message_->setTextFormat(Qt::PlainText);

    auto* form = new QFormLayout;
    auto* label = new QLabel(tr("&Passphrase:"), this);
    label->setBuddy(passphrase_);
    form->addRow(label, passphrase_);
    // A narrow column in the middle: at any width the field and its message stay
    // together where the eye is.
    auto* panel = new QWidget(this);
    panel->setMaximumWidth(520);
    auto* column = new QVBoxLayout(panel);
    auto* heading = new QLabel(tr("Weerbaar"), panel);
    QFont big = heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    heading->setFont(big);
    column->addWidget(heading);
    column->addWidget(title_);
    column->addLayout(form);
    column->addWidget(unlock_);
    column->addWidget(progress_);
    column->addWidget(message_);
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(panel, 1);
    row->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addStretch();
    layout->addLayout(row);
    layout->addStretch(2);

    connect(unlock_, &QPushButton::clicked, this, &UnlockPage::start_unlock);
    connect(passphrase_, &QLineEdit::returnPressed, this, &UnlockPage::start_unlock);
    connect(&controller_, &AppController::unlock_failed, this, &UnlockPage::show_failure);
    connect(&controller_, &AppController::unlocked, this, [this] {
        progress_->hide();
        passphrase_->setEnabled(true);
        unlock_->setEnabled(true);
    });
}

void UnlockPage::reset() {
    passphrase_->clear();
    message_->clear();
    passphrase_->setFocus();
}

void UnlockPage::start_unlock() {
    if (controller_.unlock_running()) {
        return;
    }
    if (passphrase_->text().isEmpty()) {
        message_->setText(tr("Enter your passphrase."));
        return;
    }
    message_->setText(tr("Unlocking…"));
    progress_->show();
    passphrase_->setEnabled(false);
    unlock_->setEnabled(false);
    const QString passphrase = passphrase_->text();
    passphrase_->clear();
    controller_.unlock(passphrase);
}

void UnlockPage::show_failure(const QString& message) {
    progress_->hide();
    passphrase_->setEnabled(true);
    unlock_->setEnabled(true);
    message_->setText(message);
    passphrase_->setFocus();
}

}  // namespace weerbaar::desktop
