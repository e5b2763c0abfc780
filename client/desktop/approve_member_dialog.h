#pragma once
// A coordinator approves a pending enrolment: the member reads their fingerprint by
// phone and the coordinator types it; the core signs the certificate only when it
// matches the requested keys (approve_member). The role is chosen from the core's
// role_choices, shown with Dutch labels.
//
// When this client knew another key under the same name (a member enrolling again
// after a revocation, or someone taking over the name), the core refuses with field
// "confirm_new_key". The dialog then shows both fingerprints and asks for a second,
// explicit confirmation before it approves with confirm_new_key.
//
// Threading: UI thread; the approval runs on the controller's worker.

#include <QDialog>
#include <QString>

#include "weerbaar/result.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace weerbaar::desktop {

class AppController;

class ApproveMemberDialog : public QDialog {
    Q_OBJECT
  public:
    // `user`: the name as the core takes it; `name`: as shown (display_line).
    ApproveMemberDialog(AppController& controller, QString user, const QString& name,
                        QWidget* parent = nullptr);

    [[nodiscard]] QComboBox* role_field() const { return role_; }
    [[nodiscard]] QLineEdit* fingerprint_field() const { return fingerprint_; }
    [[nodiscard]] QLabel* fingerprint_error() const { return fingerprint_error_; }
    [[nodiscard]] QLabel* role_error() const { return role_error_; }
    [[nodiscard]] QCheckBox* confirm_new_key() const { return confirm_new_key_; }
    [[nodiscard]] QPushButton* approve_button() const { return approve_; }

  Q_SIGNALS:
    // The server stored the certificate (the dialog then closes).
    void approved(const QString& user);

  private:
    void approve();
    void show_error(const Error& error, const QString& text);
    void show_known_key(const QString& old_fingerprint, const QString& new_fingerprint,
                        const QString& message);

    AppController& controller_;
    QString user_;
    QString name_;
    QComboBox* role_ = nullptr;
    QLabel* role_error_ = nullptr;
    QLineEdit* fingerprint_ = nullptr;
    QLabel* fingerprint_error_ = nullptr;
    QLabel* known_key_ = nullptr;
    QCheckBox* confirm_new_key_ = nullptr;
    QLabel* general_error_ = nullptr;
    QPushButton* approve_ = nullptr;
};

}  // namespace weerbaar::desktop
