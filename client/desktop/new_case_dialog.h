#pragma once
// "Nieuwe zaak": the intake form (intake_form.h) and "Zaak openen". The form is
// checked by the core (intake_field_problems) before anything is sent, each problem
// shown at its field; create_case then runs on the worker, and a refusal lands at
// its field (Error::field) or on top.
//
// Nothing typed is lost: the form is kept as a draft of kind "intake" (case id "")
// about a second after the last change and at about_to_lock, and forgotten once the
// case exists or on Discard. Close keeps the draft; it comes back after the next
// unlock (MainWindow restores it through restore_draft). At the lock the dialog
// closes itself, so no intake stays on screen.
//
// UI thread only.

#include <QDialog>
#include <QString>
#include <QTimer>

#include "weerbaar/client/draft_store.h"

class QLabel;
class QPushButton;

namespace weerbaar::desktop {

class AppController;
class IntakeForm;

class NewCaseDialog : public QDialog {
    Q_OBJECT
  public:
    explicit NewCaseDialog(AppController& controller, QWidget* parent = nullptr);
    // Refills the form from a kept draft (kind "intake") and continues under its id.
    void restore_draft(const client::Draft& draft);

    [[nodiscard]] IntakeForm* form() const { return form_; }
    [[nodiscard]] const QString& draft_id() const { return draft_id_; }
    // Checks the form and, when it has no problems, sends it (as "Zaak openen").
    void open_case();
    void reject() override;

  Q_SIGNALS:
    void case_created(const QString& case_hex);

  private:
    void save_draft_now();
    void discard();
    void set_busy(bool busy);
    void show_top(const QString& message);

    AppController& controller_;
    IntakeForm* form_ = nullptr;
    QLabel* top_message_ = nullptr;
    QPushButton* open_button_ = nullptr;
    QPushButton* discard_button_ = nullptr;
    QPushButton* close_button_ = nullptr;
    QTimer draft_timer_;
    QString draft_id_;
    bool unsaved_ = false;
    bool sending_ = false;
};

}  // namespace weerbaar::desktop
