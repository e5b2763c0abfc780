#include "task_list_page.h"

#include <QLabel>
#include <QVBoxLayout>

#include "app_controller.h"

namespace weerbaar::desktop {

TaskListPage::TaskListPage(AppController& controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(QStringLiteral("TaskListPage"), this));
}

}  // namespace weerbaar::desktop
