#pragma once
// The page a locked client shows: the passphrase, once per session. Key derivation
// runs on a thread of its own (app_controller.h); meanwhile a busy bar moves and the
// field is disabled, so a second Enter does not start a second unlock.

#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace weerbaar::desktop {

class AppController;

class UnlockPage : public QWidget {
    Q_OBJECT
  public:
    explicit UnlockPage(AppController& controller, QWidget* parent = nullptr);

    // Empties the field and puts the focus in it.
    void reset();

    // For tests: the controls by role.
    [[nodiscard]] QLineEdit* passphrase_field() const { return passphrase_; }
    [[nodiscard]] QPushButton* unlock_button() const { return unlock_; }
    [[nodiscard]] QLabel* message_label() const { return message_; }

  private:
    void start_unlock();
    void show_failure(const QString& message);

    AppController& controller_;
    QLabel* title_ = nullptr;
    QLineEdit* passphrase_ = nullptr;
    QPushButton* unlock_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* message_ = nullptr;
};

}  // namespace weerbaar::desktop
