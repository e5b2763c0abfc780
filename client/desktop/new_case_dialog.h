#pragma once
// STUB (skeleton): replaced by the intake form.

#include <QDialog>

#include "weerbaar/client/draft_store.h"

namespace weerbaar::desktop {

class AppController;

class NewCaseDialog : public QDialog {
    Q_OBJECT
  public:
    explicit NewCaseDialog(AppController& controller, QWidget* parent = nullptr);
    void restore_draft(const client::Draft& draft);

  Q_SIGNALS:
    void case_created(const QString& case_hex);

  private:
    AppController& controller_;
};

}  // namespace weerbaar::desktop
