#pragma once
// A status change (change_status): the statuses a person may set, and an outcome
// exactly when the case is closed (gesloten). The retention deadline the server
// sets on closing is what the write reports back.

#include <QComboBox>

#include "write_dialog.h"

namespace weerbaar::desktop {

class StatusDialog : public WriteDialog {
    Q_OBJECT
  public:
    StatusDialog(AppController& controller, QString case_hex, const QString& current_status,
                 QWidget* parent);

    [[nodiscard]] QComboBox* status_combo() const { return status_; }
    [[nodiscard]] QComboBox* outcome_combo() const { return outcome_; }

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;

  private:
    [[nodiscard]] std::string status() const;
    [[nodiscard]] std::optional<std::string> outcome() const;
    void follow_status();

    QComboBox* status_;
    QComboBox* outcome_;
};

}  // namespace weerbaar::desktop
