#pragma once
// Removing a member from a case (unshare_case): a new key epoch for everyone else.

#include <QComboBox>

#include "case_members.h"
#include "write_dialog.h"

namespace weerbaar::desktop {

class UnshareDialog : public WriteDialog {
    Q_OBJECT
  public:
    // Offers every member of `current` but the user.
    UnshareDialog(AppController& controller, QString case_hex, const CaseMembers& current,
                  QWidget* parent);

    [[nodiscard]] QComboBox* member_combo() const { return member_; }

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;

  private:
    QComboBox* member_;
};

}  // namespace weerbaar::desktop
