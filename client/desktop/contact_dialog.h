#pragma once
// A contact with the office holder (add_counselling_note): the date, how long in
// minutes (1 to 1440), the kind of contact from the codebook, and the report. Kept
// as a draft while typed, like a note (note_dialog.h).

#include <QComboBox>
#include <QDateEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTimer>

#include "weerbaar/client/draft_store.h"
#include "weerbaar/v1/content.pb.h"
#include "write_dialog.h"

namespace weerbaar::desktop {

class ContactDialog : public WriteDialog {
    Q_OBJECT
  public:
    ContactDialog(AppController& controller, QString case_hex, QWidget* parent);

    [[nodiscard]] QDateEdit* date_edit() const { return date_; }
    [[nodiscard]] QSpinBox* minutes_spin() const { return minutes_; }
    [[nodiscard]] QComboBox* kind_combo() const { return kind_; }
    [[nodiscard]] QPlainTextEdit* text_edit() const { return text_; }
    void restore(const client::Draft& draft);
    [[nodiscard]] client::Draft draft() const;
    static QString draft_id_for(const QString& case_hex);
    // Cancel: the person throws the text away, so its draft goes too.
    void reject() override;

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;
    void after_written() override;

  private:
    [[nodiscard]] v1::CounsellingNote note() const;
    void save_draft_now();

    QDateEdit* date_;
    QSpinBox* minutes_;
    QComboBox* kind_;
    QPlainTextEdit* text_;
    QTimer draft_timer_;
};

}  // namespace weerbaar::desktop
