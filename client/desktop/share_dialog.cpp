#include "share_dialog.h"

#include <algorithm>

#include "app_controller.h"
#include "member_choice.h"
#include "weerbaar/client/case_writer.h"

namespace weerbaar::desktop {

ShareDialog::ShareDialog(AppController& controller, QString case_hex,
                         const CaseMembers& organisation, const CaseMembers& current,
                         QWidget* parent)
    : WriteDialog(controller, std::move(case_hex), tr("Share the case"), parent),
      member_(new QComboBox(this)) {
    setObjectName(QStringLiteral("share_dialog"));
    fill_with_members(member_, organisation, [&current](const CaseMember& member) {
        return std::none_of(current.begin(), current.end(),
                            [&member](const CaseMember& in) { return in.user == member.user; });
    });
    add_row(tr("Share &with:"), member_, "user");
    errors().alias(std::string(client::kChangedKeyField), "user");
}

Status ShareDialog::check() {
    if (member_->currentData().toString().isEmpty()) {
        return Error(ErrorCode::invalid_argument,
                     tr("Choose the member to share the case with.").toStdString(), "user");
    }
    return ok_status();
}

WriteDialog::Job ShareDialog::job() {
    return [id = case_id(), user = member_->currentData().toString().toStdString()](
               CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_TRY(client::share_case(context.session(), directory, id, user));
        return Written();
    };
}

}  // namespace weerbaar::desktop
