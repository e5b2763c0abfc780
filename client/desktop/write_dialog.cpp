#include "write_dialog.h"

#include <QVBoxLayout>

#include "app_controller.h"
#include "key_verify_dialog.h"
#include "weerbaar/client/member_directory.h"

namespace weerbaar::desktop {

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
    controller_.worker().post<Result<std::string>>(
        this, job(), [this](Result<std::string> result) { finish(std::move(result)); });
}

void WriteDialog::finish(Result<std::string> result) {
    busy_ = false;
    send_button()->setEnabled(true);
    if (result.ok()) {
        after_written();
        Q_EMIT written(QString::fromStdString(result.value()));
        accept();
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
