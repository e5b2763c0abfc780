#include "case_view.h"

#include <QLabel>
#include <QVBoxLayout>

#include "app_controller.h"

namespace weerbaar::desktop {

CaseView::CaseView(AppController& controller, QString case_hex, QWidget* parent)
    : QWidget(parent), controller_(controller), case_hex_(std::move(case_hex)) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(case_hex_, this));
}

void CaseView::restore_draft(const client::Draft& /*draft*/) {}

}  // namespace weerbaar::desktop
