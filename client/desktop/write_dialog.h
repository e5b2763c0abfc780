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
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "core_worker.h"
#include "field_errors.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::desktop {

class AppController;

// What a write answers: a line to show, and, after a record was appended, the
// reason its case's research record could not be brought up to date
// (AppendedRecord::research_problem). The record stands either way, so that reason
// is a notice, never a refusal.
struct Written {
    std::string message;
    std::optional<Error> research_problem;

    // From an appended record: its research problem and `line`.
    [[nodiscard]] static Written after(const client::AppendedRecord& appended,
                                       std::string line = {});
};

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
    // Cancel: while long work (show_progress) runs, stops it and keeps the dialog
    // open for its answer; otherwise closes the dialog.
    void reject() override;

  Q_SIGNALS:
    // The write was kept by the server; `message` is a line to show (may be empty).
    void written(const QString& message);
    // Right after written(): the record was kept, but its case's research codes were
    // not updated; `message` is the core's reason (one_line_message).
    void research_not_updated(const QString& message);

  protected:
    using Job = std::function<Result<Written>(CoreContext&)>;
    // Pure checks on the form's values, on the UI thread (no network, no disk).
    [[nodiscard]] virtual Status check() = 0;
    // The write, run on the worker; returns the line to show after it.
    [[nodiscard]] virtual Job job() = 0;
    // After a successful write, before the dialog closes (a draft is discarded).
    virtual void after_written() {}
    // Whether the dialog closes once the write is kept (a dialog that shows what the
    // write did stays open, and its send button may run it again).
    [[nodiscard]] virtual bool closes_when_written() const { return true; }

    // Long work (an export, a backfill): a progress bar above the buttons, and Cancel
    // stops the running work instead of closing the dialog. Call once, in the
    // constructor.
    void show_progress();
    // For job(), on the UI thread: what CoreContext::work needs so the job's progress
    // reaches the bar and Cancel stops it. Each call starts a fresh cancel source.
    struct Progress {
        QPointer<QObject> receiver;
        std::function<void(quint64, quint64)> on_progress;
        std::shared_ptr<std::stop_source> cancel;
    };
    [[nodiscard]] Progress progress();

    [[nodiscard]] AppController& controller() { return controller_; }
    [[nodiscard]] crypto::Bytes case_id() const;
    // A row `label` with `widget` (the label's buddy, and its accessible name), and
    // under it the error line of `field` (when not empty).
    void add_row(const QString& label, QWidget* widget, const std::string& field);
    [[nodiscard]] QFormLayout* form() const { return form_; }
    [[nodiscard]] QDialogButtonBox* buttons() const { return buttons_; }

  private:
    void finish(Result<Written> result);
    void offer_key_check(const std::string& user, const std::string& fingerprint);

    AppController& controller_;
    QString case_hex_;
    QFormLayout* form_;
    QDialogButtonBox* buttons_;
    QLabel* general_;
    FieldErrors errors_;
    QProgressBar* progress_ = nullptr;
    std::shared_ptr<std::stop_source> cancel_;
    bool busy_ = false;
};

}  // namespace weerbaar::desktop
