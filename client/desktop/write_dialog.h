#pragma once
// The shape every write on a case shares (note, contact, referral, task, status,
// handover, share, unshare): a form, the core's pure check_* before anything is
// sent, the write itself on the core worker, and each refusal shown at its field in
// the core's words. A share or handover refused because a member's key changed
// (member_directory.h changed_key_of) opens the verify prompt and, once the member's
// new key is verified, sends again.
//
// The dialog is not modal for the application: open() shows it over its case view,
// and the rest of the window stays usable. It deletes itself when closed.
//
// Threading: UI thread; the write runs on controller.worker().

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <functional>
#include <string>

#include "core_worker.h"
#include "field_errors.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::desktop {

class AppController;

class WriteDialog : public QDialog {
    Q_OBJECT
  public:
    WriteDialog(AppController& controller, QString case_hex, const QString& title, QWidget* parent);

    [[nodiscard]] const QString& case_hex() const { return case_hex_; }
    [[nodiscard]] FieldErrors& errors() { return errors_; }
    [[nodiscard]] QPushButton* send_button() const;
    // Runs the checks and, when they pass, the write (what the send button does).
    void send();
    // Whether a write is on its way.
    [[nodiscard]] bool busy() const { return busy_; }

  Q_SIGNALS:
    // The write was kept by the server; `message` is a line to show (may be empty).
    void written(const QString& message);

  protected:
    using Job = std::function<Result<std::string>(CoreContext&)>;
    // Pure checks on the form's values, on the UI thread (no network, no disk).
    [[nodiscard]] virtual Status check() = 0;
    // The write, run on the worker; returns the line to show after it.
    [[nodiscard]] virtual Job job() = 0;
    // After a successful write, before the dialog closes (a draft is discarded).
    virtual void after_written() {}

    [[nodiscard]] AppController& controller() { return controller_; }
    [[nodiscard]] crypto::Bytes case_id() const;
    // A row `label` with `widget` (the label's buddy, and its accessible name), and
    // under it the error line of `field` (when not empty).
    void add_row(const QString& label, QWidget* widget, const std::string& field);
    [[nodiscard]] QFormLayout* form() const { return form_; }
    [[nodiscard]] QDialogButtonBox* buttons() const { return buttons_; }

  private:
    void finish(Result<std::string> result);
    void offer_key_check(const std::string& user, const std::string& fingerprint);

    AppController& controller_;
    QString case_hex_;
    QFormLayout* form_;
    QDialogButtonBox* buttons_;
    QLabel* general_;
    FieldErrors errors_;
    bool busy_ = false;
};

}  // namespace weerbaar::desktop
