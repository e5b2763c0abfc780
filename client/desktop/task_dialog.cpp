#include "task_dialog.h"

#include "app_controller.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/display_text.h"

namespace weerbaar::desktop {

TaskDialog::TaskDialog(AppController& controller, QString case_hex, const CaseMembers& members,
                       QWidget* parent)
    : WriteDialog(controller, std::move(case_hex), tr("New task"), parent),
      title_(new QLineEdit(this)),
      assignee_(new QComboBox(this)),
      due_(new QDateEdit(QDate::currentDate().addDays(7), this)) {
    setObjectName(QStringLiteral("task_dialog"));
    for (const CaseMember& member : members) {
        assignee_->addItem(QString::fromStdString(client::display_line(member.user.toStdString())),
                           member.user);
    }
    if (const int self = assignee_->findData(controller.user()); self >= 0) {
        assignee_->setCurrentIndex(self);
    }
    due_->setCalendarPopup(true);
    due_->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    due_->setMinimumDate(QDate::currentDate());
    add_row(tr("&Title:"), title_, "title");
    add_row(tr("&Assignee:"), assignee_, "assignee");
    add_row(tr("&Due:"), due_, "date");
    errors().alias("due", "date");
}

v1::Task TaskDialog::task() const {
    v1::Task task;
    task.set_title(title_->text().toStdString());
    task.set_assignee(assignee_->currentData().toString().toStdString());
    task.set_due(due_->date().toString(QStringLiteral("yyyy-MM-dd")).toStdString());
    return task;
}

Status TaskDialog::check() { return client::check_task_fields(task(), client::local_today()); }

WriteDialog::Job TaskDialog::job() {
    return [id = case_id(), task = task()](CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_ASSIGN_OR_RETURN(const client::AppendedRecord appended,
                                  client::add_task(context.session(), directory, id, task));
        return Written::after(appended);
    };
}

}  // namespace weerbaar::desktop
