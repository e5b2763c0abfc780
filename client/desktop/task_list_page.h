#pragma once
// STUB (skeleton): replaced by the full page.

#include <QWidget>

namespace weerbaar::desktop {

class AppController;

class TaskListPage : public QWidget {
    Q_OBJECT
  public:
    explicit TaskListPage(AppController& controller, QWidget* parent = nullptr);
  Q_SIGNALS:
    void open_case_requested(const QString& case_hex);

  private:
    AppController& controller_;
};

}  // namespace weerbaar::desktop
