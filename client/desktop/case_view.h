#pragma once
// STUB (skeleton): replaced by the full case view.

#include <QWidget>

#include "weerbaar/client/draft_store.h"

namespace weerbaar::desktop {

class AppController;

class CaseView : public QWidget {
    Q_OBJECT
  public:
    CaseView(AppController& controller, QString case_hex, QWidget* parent = nullptr);

    [[nodiscard]] const QString& case_hex() const { return case_hex_; }
    // Reopens the editor a draft of this case came from, with its text.
    void restore_draft(const client::Draft& draft);

  Q_SIGNALS:
    void title_changed(const QString& title);

  private:
    AppController& controller_;
    QString case_hex_;
};

}  // namespace weerbaar::desktop
