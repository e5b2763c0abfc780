#pragma once
// STUB (skeleton): replaced by the full page.

#include <QWidget>

namespace weerbaar::desktop {

class AppController;

class MembersPage : public QWidget {
    Q_OBJECT
  public:
    explicit MembersPage(AppController& controller, QWidget* parent = nullptr);

  private:
    AppController& controller_;
};

}  // namespace weerbaar::desktop
