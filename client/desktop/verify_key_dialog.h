#pragma once
// Verify by comparing: the member reads their fingerprint by phone, the user types
// what they hear (or pastes it from a message the member sent through another
// channel), and the core compares it with the member's current certificate
// (MemberDirectory::verify_key). Only a match marks the key as verified by this
// user; a mismatch is shown at the field, in the core's words, and nothing is
// marked.
//
// Threading: UI thread; the check runs on the controller's worker.

#include <QDialog>
#include <QString>

class QLabel;
class QLineEdit;
class QPushButton;

namespace weerbaar::desktop {

class AppController;

class VerifyKeyDialog : public QDialog {
    Q_OBJECT
  public:
    // `user`: the member's name as the core takes it; `name`: as shown
    // (display_line); `fingerprint`: the one the directory holds, in digit groups.
    VerifyKeyDialog(AppController& controller, QString user, const QString& name,
                    const QString& fingerprint, QWidget* parent = nullptr);

    [[nodiscard]] QLineEdit* typed_field() const { return typed_; }
    [[nodiscard]] QLabel* field_error() const { return error_; }
    [[nodiscard]] QPushButton* verify_button() const { return verify_; }

  Q_SIGNALS:
    // The core marked `user`'s key as verified (the dialog then closes).
    void verified(const QString& user);

  private:
    void check();

    AppController& controller_;
    QString user_;
    QLineEdit* typed_ = nullptr;
    QLabel* error_ = nullptr;
    QPushButton* verify_ = nullptr;
};

}  // namespace weerbaar::desktop
