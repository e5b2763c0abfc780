#pragma once
// A new task on a case (add_task): a title, an assignee from the case's current
// members, and a due date (date picker, not before today).

#include <QComboBox>
#include <QDateEdit>
#include <QLineEdit>

#include "case_members.h"
#include "weerbaar/v1/content.pb.h"
#include "write_dialog.h"

namespace weerbaar::desktop {

class TaskDialog : public WriteDialog {
    Q_OBJECT
  public:
    TaskDialog(AppController& controller, QString case_hex, const CaseMembers& members,
               QWidget* parent);

    [[nodiscard]] QLineEdit* title_edit() const { return title_; }
    [[nodiscard]] QComboBox* assignee_combo() const { return assignee_; }
    [[nodiscard]] QDateEdit* due_edit() const { return due_; }

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;

  private:
    [[nodiscard]] v1::Task task() const;

    QLineEdit* title_;
    QComboBox* assignee_;
    QDateEdit* due_;
};

}  // namespace weerbaar::desktop
