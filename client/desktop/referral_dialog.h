#pragma once
// A referral (add_referral): where to, from the codebook, and an optional note.

#include <QComboBox>
#include <QPlainTextEdit>

#include "write_dialog.h"

namespace weerbaar::desktop {

class ReferralDialog : public WriteDialog {
    Q_OBJECT
  public:
    ReferralDialog(AppController& controller, QString case_hex, QWidget* parent);

    [[nodiscard]] QComboBox* to_combo() const { return to_; }
    [[nodiscard]] QPlainTextEdit* note_edit() const { return note_; }

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;

  private:
    QComboBox* to_;
    QPlainTextEdit* note_;
};

}  // namespace weerbaar::desktop
