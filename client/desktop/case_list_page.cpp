#include "case_list_page.h"

#include <QLabel>
#include <QVBoxLayout>

#include "app_controller.h"

namespace weerbaar::desktop {

CaseListPage::CaseListPage(AppController& controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("CaseListPage"), this));
}

void CaseListPage::refresh() {}

}  // namespace weerbaar::desktop
