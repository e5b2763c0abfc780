#pragma once
// STUB (skeleton): replaced by the full page.

#include <QWidget>

namespace weerbaar::desktop {

class AppController;

class CaseListPage : public QWidget {
    Q_OBJECT
  public:
    explicit CaseListPage(AppController& controller, QWidget* parent = nullptr);
    // Syncs and lists again (after a write elsewhere in the window).
    void refresh();

  Q_SIGNALS:
    void open_case_requested(const QString& case_hex);

  private:
    AppController& controller_;
};

}  // namespace weerbaar::desktop
