#include "assign_task_dialog.h"

#include "app_controller.h"
#include "member_choice.h"
#include "weerbaar/client/case_lifecycle.h"

namespace weerbaar::desktop {

AssignTaskDialog::AssignTaskDialog(AppController& controller, QString case_hex, QString task_hex,
                                   const QString& assignee, const CaseMembers& current,
                                   QWidget* parent)
    : WriteDialog(controller, std::move(case_hex), tr("Assign the task"), parent),
      task_hex_(std::move(task_hex)),
      member_(new QComboBox(this)) {
    setObjectName(QStringLiteral("assign_task_dialog"));
    fill_with_members(member_, current,
                      [&assignee](const CaseMember& member) { return member.user != assignee; });
    add_row(tr("&Assign to:"), member_, "to");
}

Status AssignTaskDialog::check() {
    if (member_->currentData().toString().isEmpty()) {
        return Error(ErrorCode::invalid_argument,
                     tr("Choose the member to give the task to.").toStdString(), "to");
    }
    return ok_status();
}

WriteDialog::Job AssignTaskDialog::job() {
    return [id = case_id(), task = task_hex_.toStdString(),
            to = member_->currentData().toString().toStdString()](
               CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(crypto::Bytes task_id, client::parse_task_id(task));
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_ASSIGN_OR_RETURN(
            const client::AppendedRecord appended,
            client::assign_task(context.session(), directory, id, task_id, to));
        return Written::after(appended);
    };
}

}  // namespace weerbaar::desktop
