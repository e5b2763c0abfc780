#pragma once
// "Auditlog controleren" for coordinators: the core fetches the server's whole
// audit chain and verifies it with the pinned audit key and the anchor of the last
// check (verify_audit_log); the dialog shows how many entries verified, or the
// integrity failure with what to do. It never says "fine" for a chain it did not
// see verified.
//
// Threading: UI thread; the check runs on the controller's worker.

#include <QDialog>

class QLabel;
class QPushButton;

namespace weerbaar::desktop {

class AppController;

class AuditCheckDialog : public QDialog {
    Q_OBJECT
  public:
    explicit AuditCheckDialog(AppController& controller, QWidget* parent = nullptr);

    // Starts the check (again).
    void start();
    [[nodiscard]] bool running() const { return running_; }
    // Set once the check ended: true only for a chain the core verified.
    [[nodiscard]] bool passed() const { return passed_; }
    [[nodiscard]] QLabel* result_line() const { return result_; }

  Q_SIGNALS:
    void finished_check(bool passed);

  private:
    AppController& controller_;
    QLabel* result_ = nullptr;
    QLabel* advice_ = nullptr;
    QPushButton* again_ = nullptr;
    bool running_ = false;
    bool passed_ = false;
};

}  // namespace weerbaar::desktop
