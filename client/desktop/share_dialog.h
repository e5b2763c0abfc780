#pragma once
// Sharing a case with a member (share_case). Who may receive the key is the core's
// call (check_may_receive_key): a revoked member is refused in its words, and a
// member whose key changed opens the verify prompt (write_dialog.h).

#include <QComboBox>

#include "case_members.h"
#include "write_dialog.h"

namespace weerbaar::desktop {

class ShareDialog : public WriteDialog {
    Q_OBJECT
  public:
    // Offers every member of `organisation` not in `current`.
    ShareDialog(AppController& controller, QString case_hex, const CaseMembers& organisation,
                const CaseMembers& current, QWidget* parent);

    [[nodiscard]] QComboBox* member_combo() const { return member_; }

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;

  private:
    QComboBox* member_;
};

}  // namespace weerbaar::desktop
