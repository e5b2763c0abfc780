#include "referral_dialog.h"

#include "app_controller.h"
#include "codebook_combo.h"
#include "weerbaar/client/case_workflow.h"

namespace weerbaar::desktop {

namespace {
v1::Referral referral_of(const QComboBox* to, const QPlainTextEdit* note) {
    v1::Referral referral;
    referral.set_to(to->currentData().toString().toStdString());
    referral.set_note(note->toPlainText().toStdString());
    return referral;
}
}  // namespace

ReferralDialog::ReferralDialog(AppController& controller, QString case_hex, QWidget* parent)
    : WriteDialog(controller, std::move(case_hex), tr("New referral"), parent),
      to_(new QComboBox(this)),
      note_(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("referral_dialog"));
    fill_with_codes(to_, client::CodeList::referral);
    note_->setTabChangesFocus(true);
    add_row(tr("Referred &to:"), to_, "referral");
    add_row(tr("&Note (optional):"), note_, "note");
}

Status ReferralDialog::check() { return client::check_referral(referral_of(to_, note_)); }

WriteDialog::Job ReferralDialog::job() {
    return [id = case_id(),
            referral = referral_of(to_, note_)](CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_ASSIGN_OR_RETURN(const client::AppendedRecord appended,
                                  client::add_referral(context.session(), directory, id, referral));
        return Written::after(appended);
    };
}

}  // namespace weerbaar::desktop
