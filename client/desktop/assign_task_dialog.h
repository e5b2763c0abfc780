#pragma once
// Giving an open task to another current member of the case (assign_task).

#include <QComboBox>

#include "case_members.h"
#include "write_dialog.h"

namespace weerbaar::desktop {

class AssignTaskDialog : public WriteDialog {
    Q_OBJECT
  public:
    // `task_hex`: the task id (32 hex); `assignee`: who holds it now (not offered).
    AssignTaskDialog(AppController& controller, QString case_hex, QString task_hex,
                     const QString& assignee, const CaseMembers& current, QWidget* parent);

    [[nodiscard]] QComboBox* member_combo() const { return member_; }

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;

  private:
    QString task_hex_;
    QComboBox* member_;
};

}  // namespace weerbaar::desktop
