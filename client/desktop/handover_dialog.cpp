#include "handover_dialog.h"

#include "app_controller.h"
#include "member_choice.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/member_directory.h"

namespace weerbaar::desktop {

HandoverDialog::HandoverDialog(AppController& controller, QString case_hex,
                               const CaseMembers& organisation, const QString& current_confidant,
                               QWidget* parent)
    : WriteDialog(controller, std::move(case_hex), tr("Hand over the case"), parent),
      to_(new QComboBox(this)),
      remove_previous_(new QCheckBox(tr("&Remove the previous confidant from the case"), this)) {
    setObjectName(QStringLiteral("handover_dialog"));
    fill_with_members(to_, organisation, [&current_confidant](const CaseMember& member) {
        return member.role == QStringLiteral("confidant") && !member.revoked &&
               member.user != current_confidant;
    });
    add_row(tr("&To confidant:"), to_, "to");
    errors().alias(std::string(client::kChangedKeyField), "to");
    remove_previous_->setAccessibleName(tr("Remove the previous confidant"));
    form()->addRow(QString(), remove_previous_);
    form()->addRow(QString(), errors().add("remove_previous", remove_previous_));
    // Only a coordinator can remove the previous confidant (nobody removes themselves).
    remove_previous_->setVisible(controller.role() == QStringLiteral("coordinator"));
}

Status HandoverDialog::check() {
    if (to_->currentData().toString().isEmpty()) {
        return Error(ErrorCode::invalid_argument,
                     tr("Choose the confidant to hand the case to.").toStdString(), "to");
    }
    return ok_status();
}

WriteDialog::Job HandoverDialog::job() {
    return [id = case_id(), to = to_->currentData().toString().toStdString(),
            keeps = !remove_previous_->isChecked()](CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_TRY(client::hand_over(context.session(), directory, id, to, keeps));
        return Written();
    };
}

}  // namespace weerbaar::desktop
