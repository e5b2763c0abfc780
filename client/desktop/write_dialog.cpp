#include "write_dialog.h"

#include <QVBoxLayout>

#include "app_controller.h"
#include "key_verify_dialog.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/member_directory.h"

namespace weerbaar::desktop {

Written Written::after(const client::AppendedRecord& appended, std::string line) {
    Written written;
    written.message = std::move(line);
    written.research_problem = appended.research_problem;
    return written;
}

WriteDialog::WriteDialog(AppController& controller, QString case_hex, const QString& title,
                         QWidget* parent)
    : QDialog(parent),
      controller_(controller),
      case_hex_(std::move(case_hex)),
      form_(new QFormLayout),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)),
      general_(new QLabel(this)),
      errors_(general_) {
    setWindowTitle(title);
    setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form_);
    layout->addWidget(general_);
    layout->addWidget(buttons_);
    general_->setObjectName(QStringLiteral("error:general"));
    send_button()->setText(tr("&Send"));
    send_button()->setAccessibleName(tr("Send"));
    send_button()->setDefault(true);
    buttons_->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &WriteDialog::send);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QPushButton* WriteDialog::send_button() const { return buttons_->button(QDialogButtonBox::Ok); }

crypto::Bytes WriteDialog::case_id() const {
    auto parsed = crypto::from_hex(case_hex_.toStdString());
    return parsed.ok() ? parsed.value() : crypto::Bytes{};
}

void WriteDialog::add_row(const QString& label, QWidget* widget, const std::string& field) {
    widget->setAccessibleName(QString(label).remove(QLatin1Char('&')));
    auto* caption = new QLabel(label, this);
    caption->setBuddy(widget);
    form_->addRow(caption, widget);
    if (!field.empty()) {
        form_->addRow(QString(), errors_.add(field, widget));
    }
}

void WriteDialog::send() {
    if (busy_ || !controller_.is_unlocked()) {
        return;
    }
    errors_.clear();
    if (const Status checked = check(); !checked.ok()) {
        errors_.show(checked.error());
        return;
    }
    busy_ = true;
    send_button()->setEnabled(false);
    if (!closes_when_written()) {
        // Run again after an earlier run: Cancel stops this one (reject()).
        QPushButton* cancel = buttons_->button(QDialogButtonBox::Cancel);
        cancel->setText(tr("&Cancel"));
        cancel->setAccessibleName(tr("Cancel"));
    }
    if (progress_ != nullptr) {
        progress_->setRange(0, 0);  // busy until the first progress report
        progress_->setVisible(true);
    }
    controller_.worker().post<Result<Written>>(
        this, job(), [this](Result<Written> result) { finish(std::move(result)); });
}

void WriteDialog::show_progress() {
    progress_ = new QProgressBar(this);
    progress_->setAccessibleName(tr("Progress"));
    progress_->setVisible(false);
    layout()->addWidget(progress_);
    // The buttons stay last, under the bar.
    layout()->removeWidget(buttons_);
    layout()->addWidget(buttons_);
}

WriteDialog::Progress WriteDialog::progress() {
    cancel_ = std::make_shared<std::stop_source>();
    Progress made;
    made.receiver = this;
    made.cancel = cancel_;
    made.on_progress = [this](quint64 done, quint64 total) {
        if (progress_ == nullptr || !busy_) {
            return;
        }
        // Scaled to per mille: an int holds it whatever the totals.
        progress_->setRange(0, 1000);
        progress_->setValue(total == 0 ? 0 : static_cast<int>(done * 1000 / total));
    };
    return made;
}

void WriteDialog::reject() {
    if (busy_ && cancel_ != nullptr) {
        // The work stops at its next step and answers "cancelled" here; what it
        // wrote before stays (the core says what that is).
        cancel_->request_stop();
        return;
    }
    QDialog::reject();
}

void WriteDialog::finish(Result<Written> result) {
    busy_ = false;
    send_button()->setEnabled(true);
    cancel_.reset();
    if (progress_ != nullptr) {
        progress_->setVisible(false);
    }
    if (result.ok()) {
        after_written();
        Q_EMIT written(QString::fromStdString(result.value().message));
        if (result.value().research_problem) {
            Q_EMIT research_not_updated(
                QString::fromStdString(client::one_line_message(*result.value().research_problem)));
        }
        if (closes_when_written()) {
            accept();
        } else {
            // Done: nothing is left to cancel, the dialog only shows what happened.
            QPushButton* cancel = buttons_->button(QDialogButtonBox::Cancel);
            cancel->setText(tr("&Close"));
            cancel->setAccessibleName(tr("Close"));
        }
        return;
    }
    if (const auto changed = client::changed_key_of(result.error())) {
        errors_.show(result.error());
        offer_key_check(changed->user, changed->fingerprint);
        return;
    }
    errors_.show(result.error());
}

void WriteDialog::offer_key_check(const std::string& user, const std::string& fingerprint) {
    auto* check = new KeyVerifyDialog(controller_, QString::fromStdString(user),
                                      QString::fromStdString(fingerprint), this);
    // Verified by a person: the refused write may go now.
    connect(check, &KeyVerifyDialog::verified, this, &WriteDialog::send);
    check->open();
}

}  // namespace weerbaar::desktop
