#pragma once
// A coordinator revokes a member, after a confirmation that says what it does: the
// member's sessions end at once, they read nothing written afterwards, every case
// they belong to gets a new key, and it cannot be undone (they enrol again with new
// keys). The core signs the revocation and rotates the cases (revoke_member).
//
// When the server refuses because some case would keep no member who can read it
// (failed_precondition), the dialog shows the core's words and a second, explicit
// choice to revoke anyway (confirm_orphans: those cases get a retention deadline).
//
// Threading: UI thread; the revocation runs on the controller's worker.

#include <QDialog>
#include <QString>

class QCheckBox;
class QLabel;
class QPushButton;

namespace weerbaar::desktop {

class AppController;

class RevokeMemberDialog : public QDialog {
    Q_OBJECT
  public:
    RevokeMemberDialog(AppController& controller, QString user, const QString& name,
                       QWidget* parent = nullptr);

    [[nodiscard]] QPushButton* revoke_button() const { return revoke_; }
    [[nodiscard]] QCheckBox* confirm_orphans() const { return confirm_orphans_; }
    [[nodiscard]] QLabel* error_line() const { return error_; }

  Q_SIGNALS:
    // The revocation stands; `summary` says what happened to the cases.
    void revoked(const QString& user, const QString& summary);

  private:
    void revoke();

    AppController& controller_;
    QString user_;
    QString name_;
    QCheckBox* confirm_orphans_ = nullptr;
    QLabel* error_ = nullptr;
    QPushButton* revoke_ = nullptr;
};

}  // namespace weerbaar::desktop
