#include "note_dialog.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "app_controller.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/text_rule.h"

namespace weerbaar::desktop {

NoteDialog::NoteDialog(AppController& controller, QString case_hex, QWidget* parent)
    : WriteDialog(controller, std::move(case_hex), tr("New note"), parent),
      text_(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("note_dialog"));
    text_->setTabChangesFocus(true);
    add_row(tr("&Note:"), text_, "text");
    draft_timer_.setSingleShot(true);
    draft_timer_.setInterval(1000);
    connect(text_, &QPlainTextEdit::textChanged, &draft_timer_, qOverload<>(&QTimer::start));
    connect(&draft_timer_, &QTimer::timeout, this, &NoteDialog::save_draft_now);
    connect(&controller, &AppController::about_to_lock, this, &NoteDialog::save_draft_now);
    resize(520, 360);
}

QString NoteDialog::draft_id_for(const QString& case_hex) {
    return QStringLiteral("note-") + case_hex.left(32);
}

client::Draft NoteDialog::draft() const {
    QJsonObject body;
    body.insert(QStringLiteral("text"), text_->toPlainText());
    return client::Draft{draft_id_for(case_hex()).toStdString(), case_hex().toStdString(), "note",
                         QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString(), 0};
}

void NoteDialog::restore(const client::Draft& draft) {
    const QJsonObject body =
        QJsonDocument::fromJson(QByteArray::fromStdString(draft.body)).object();
    text_->setPlainText(body.value(QStringLiteral("text")).toString());
    draft_timer_.stop();  // what came from the store needs no saving back
}

void NoteDialog::save_draft_now() {
    draft_timer_.stop();
    if (text_->toPlainText().isEmpty()) {
        return;
    }
    controller().save_draft(draft());
}

Status NoteDialog::check() {
    return client::check_text(text_->toPlainText().toStdString(), "text",
                              client::TextRule{.required = true});
}

WriteDialog::Job NoteDialog::job() {
    return [id = case_id(),
            text = text_->toPlainText().toStdString()](CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_ASSIGN_OR_RETURN(const client::AppendedRecord appended,
                                  client::append_note(context.session(), directory, id, text));
        return Written::after(appended);
    };
}

void NoteDialog::after_written() {
    draft_timer_.stop();
    controller().discard_draft(draft_id_for(case_hex()));
}

void NoteDialog::reject() {
    // Cancel is the person throwing the text away; a lock never comes here.
    draft_timer_.stop();
    controller().discard_draft(draft_id_for(case_hex()));
    WriteDialog::reject();
}

}  // namespace weerbaar::desktop
