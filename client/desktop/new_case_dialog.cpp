#include "new_case_dialog.h"

#include "app_controller.h"

namespace weerbaar::desktop {

NewCaseDialog::NewCaseDialog(AppController& controller, QWidget* parent)
    : QDialog(parent), controller_(controller) {}

void NewCaseDialog::restore_draft(const client::Draft& /*draft*/) {}

}  // namespace weerbaar::desktop
