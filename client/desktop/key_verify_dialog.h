#pragma once
// The check a person makes before a case key goes to a member whose key changed:
// the member reads their fingerprint by phone, the user compares it with the one
// shown here (digit groups) and types what they heard; MemberDirectory::verify_key
// marks the key verified only when that matches the member's current certificate
// (the core's comparison, not ours). A mismatch is refused in the core's words.
//
// Threading: UI thread; verify_key runs on controller.worker().

#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace weerbaar::desktop {

class AppController;

class KeyVerifyDialog : public QDialog {
    Q_OBJECT
  public:
    KeyVerifyDialog(AppController& controller, QString user, QString fingerprint, QWidget* parent);

    [[nodiscard]] QLineEdit* heard_field() const { return heard_; }
    [[nodiscard]] QLabel* message_label() const { return message_; }
    void confirm();

  Q_SIGNALS:
    // The member's current key is now the verified one.
    void verified();

  private:
    AppController& controller_;
    QString user_;
    QLineEdit* heard_;
    QLabel* message_;
    QPushButton* confirm_;
};

}  // namespace weerbaar::desktop
