#include "unshare_dialog.h"

#include "app_controller.h"
#include "member_choice.h"
#include "weerbaar/client/case_writer.h"

namespace weerbaar::desktop {

UnshareDialog::UnshareDialog(AppController& controller, QString case_hex,
                             const CaseMembers& current, QWidget* parent)
    : WriteDialog(controller, std::move(case_hex), tr("Remove a member from the case"), parent),
      member_(new QComboBox(this)) {
    setObjectName(QStringLiteral("unshare_dialog"));
    const QString self = controller.user();
    fill_with_members(member_, current,
                      [&self](const CaseMember& member) { return member.user != self; });
    add_row(tr("&Member:"), member_, "user");
    send_button()->setText(tr("&Remove"));
}

Status UnshareDialog::check() {
    if (member_->currentData().toString().isEmpty()) {
        return Error(ErrorCode::invalid_argument, tr("Choose the member to remove.").toStdString(),
                     "user");
    }
    return ok_status();
}

WriteDialog::Job UnshareDialog::job() {
    return [id = case_id(), user = member_->currentData().toString().toStdString()](
               CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_TRY(client::unshare_case(context.session(), directory, id, user));
        return Written();
    };
}

}  // namespace weerbaar::desktop
