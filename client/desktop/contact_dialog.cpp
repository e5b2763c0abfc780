#include "contact_dialog.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "app_controller.h"
#include "codebook_combo.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/codebook.h"

namespace weerbaar::desktop {

namespace {
const QString kDateFormat = QStringLiteral("yyyy-MM-dd");
}  // namespace

ContactDialog::ContactDialog(AppController& controller, QString case_hex, QWidget* parent)
    : WriteDialog(controller, std::move(case_hex), tr("New contact"), parent),
      date_(new QDateEdit(QDate::currentDate(), this)),
      minutes_(new QSpinBox(this)),
      kind_(new QComboBox(this)),
      text_(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("contact_dialog"));
    date_->setCalendarPopup(true);
    date_->setDisplayFormat(kDateFormat);
    date_->setMaximumDate(QDate::currentDate());
    minutes_->setRange(1, static_cast<int>(client::kMaxContactMinutes));
    minutes_->setValue(30);
    minutes_->setSuffix(tr(" min"));
    fill_with_codes(kind_, client::CodeList::contact_kind);
    text_->setTabChangesFocus(true);
    add_row(tr("&Date:"), date_, "date");
    add_row(tr("&Minutes:"), minutes_, "duration_minutes");
    add_row(tr("&Kind of contact:"), kind_, "contact kind");
    add_row(tr("&Report:"), text_, "text");
    draft_timer_.setSingleShot(true);
    draft_timer_.setInterval(1000);
    const auto changed = [this] { draft_timer_.start(); };
    connect(text_, &QPlainTextEdit::textChanged, this, changed);
    connect(date_, &QDateEdit::dateChanged, this, changed);
    connect(minutes_, &QSpinBox::valueChanged, this, changed);
    connect(kind_, &QComboBox::currentIndexChanged, this, changed);
    connect(&draft_timer_, &QTimer::timeout, this, &ContactDialog::save_draft_now);
    connect(&controller, &AppController::about_to_lock, this, &ContactDialog::save_draft_now);
    resize(520, 420);
}

QString ContactDialog::draft_id_for(const QString& case_hex) {
    return QStringLiteral("contact-") + case_hex.left(32);
}

v1::CounsellingNote ContactDialog::note() const {
    v1::CounsellingNote note;
    note.set_date(date_->date().toString(kDateFormat).toStdString());
    note.set_duration_minutes(static_cast<std::uint32_t>(minutes_->value()));
    note.set_contact_kind(kind_->currentData().toString().toStdString());
    note.set_text(text_->toPlainText().toStdString());
    return note;
}

client::Draft ContactDialog::draft() const {
    QJsonObject body;
    body.insert(QStringLiteral("date"), date_->date().toString(kDateFormat));
    body.insert(QStringLiteral("minutes"), minutes_->value());
    body.insert(QStringLiteral("kind"), kind_->currentData().toString());
    body.insert(QStringLiteral("text"), text_->toPlainText());
    return client::Draft{draft_id_for(case_hex()).toStdString(), case_hex().toStdString(),
                         "counselling",
                         QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString(), 0};
}

void ContactDialog::restore(const client::Draft& draft) {
    const QJsonObject body =
        QJsonDocument::fromJson(QByteArray::fromStdString(draft.body)).object();
    if (const QDate date =
            QDate::fromString(body.value(QStringLiteral("date")).toString(), kDateFormat);
        date.isValid()) {
        date_->setDate(date);
    }
    minutes_->setValue(body.value(QStringLiteral("minutes")).toInt(minutes_->value()));
    if (const int index = kind_->findData(body.value(QStringLiteral("kind")).toString());
        index >= 0) {
        kind_->setCurrentIndex(index);
    }
    text_->setPlainText(body.value(QStringLiteral("text")).toString());
    draft_timer_.stop();
}

void ContactDialog::save_draft_now() {
    draft_timer_.stop();
    if (text_->toPlainText().isEmpty()) {
        return;
    }
    controller().save_draft(draft());
}

Status ContactDialog::check() {
    return client::check_counselling_note(note(), client::local_today());
}

WriteDialog::Job ContactDialog::job() {
    return [id = case_id(), note = note()](CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_ASSIGN_OR_RETURN(
            const client::AppendedRecord appended,
            client::add_counselling_note(context.session(), directory, id, note));
        return Written::after(appended);
    };
}

void ContactDialog::after_written() {
    draft_timer_.stop();
    controller().discard_draft(draft_id_for(case_hex()));
}

void ContactDialog::reject() {
    draft_timer_.stop();
    controller().discard_draft(draft_id_for(case_hex()));
    WriteDialog::reject();
}

}  // namespace weerbaar::desktop
