#include "members_page.h"

#include <QLabel>
#include <QVBoxLayout>

#include "app_controller.h"

namespace weerbaar::desktop {

MembersPage::MembersPage(AppController& controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("MembersPage"), this));
}

}  // namespace weerbaar::desktop
