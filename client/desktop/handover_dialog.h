#pragma once
// Handing a case to another confidant (hand_over). A coordinator may also remove
// the previous confidant in the same step; the core decides who may do what and
// refuses in its own words (field "remove_previous").

#include <QCheckBox>
#include <QComboBox>

#include "case_members.h"
#include "write_dialog.h"

namespace weerbaar::desktop {

class HandoverDialog : public WriteDialog {
    Q_OBJECT
  public:
    // `organisation`: every member the directory verified; confidants other than
    // `current_confidant` are offered.
    HandoverDialog(AppController& controller, QString case_hex, const CaseMembers& organisation,
                   const QString& current_confidant, QWidget* parent);

    [[nodiscard]] QComboBox* to_combo() const { return to_; }
    [[nodiscard]] QCheckBox* remove_previous_box() const { return remove_previous_; }

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;

  private:
    QComboBox* to_;
    QCheckBox* remove_previous_;
};

}  // namespace weerbaar::desktop
