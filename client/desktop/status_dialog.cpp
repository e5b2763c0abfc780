#include "status_dialog.h"

#include "app_controller.h"
#include "codebook_combo.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/list_filters.h"

namespace weerbaar::desktop {

namespace {
constexpr std::string_view kClosed = "gesloten";
}  // namespace

StatusDialog::StatusDialog(AppController& controller, QString case_hex,
                           const QString& current_status, QWidget* parent)
    : WriteDialog(controller, std::move(case_hex), tr("Change status"), parent),
      status_(new QComboBox(this)),
      outcome_(new QComboBox(this)) {
    setObjectName(QStringLiteral("status_dialog"));
    for (const std::string& status : client::settable_status_choices()) {
        status_->addItem(to_qstring(client::dutch_label(client::CodeList::status, status)),
                         QString::fromStdString(status));
    }
    if (const int current = status_->findData(current_status); current >= 0) {
        status_->setCurrentIndex(current);
    }
    // An empty first choice: the core, not the form, says an outcome is missing.
    outcome_->addItem(tr("(choose an outcome)"), QString());
    fill_with_codes(outcome_, client::CodeList::outcome);
    add_row(tr("Stat&us:"), status_, "status");
    add_row(tr("&Outcome:"), outcome_, "outcome");
    connect(status_, &QComboBox::currentIndexChanged, this, &StatusDialog::follow_status);
    follow_status();
}

void StatusDialog::follow_status() {
    const bool closing = status() == kClosed;
    outcome_->setEnabled(closing);
    if (!closing) {
        outcome_->setCurrentIndex(0);
    }
}

std::string StatusDialog::status() const { return status_->currentData().toString().toStdString(); }

std::optional<std::string> StatusDialog::outcome() const {
    const QString code = outcome_->currentData().toString();
    return code.isEmpty() ? std::nullopt : std::optional<std::string>(code.toStdString());
}

Status StatusDialog::check() { return client::check_status_request(status(), outcome()); }

WriteDialog::Job StatusDialog::job() {
    return [id = case_id(), status = status(),
            outcome = outcome()](CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_ASSIGN_OR_RETURN(
            client::AppendedRecord appended,
            client::change_status(context.session(), directory, id, status, outcome));
        if (appended.retention_until_unix == 0) {
            return Written::after(appended);
        }
        return Written::after(appended, client::utc_date(appended.retention_until_unix));
    };
}

}  // namespace weerbaar::desktop
