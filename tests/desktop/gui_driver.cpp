#include "gui_driver.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QTabWidget>
#include <QTest>

#include "main_window.h"
#include "unlock_page.h"

namespace weerbaar::desktop::testing {

bool wait_until(const std::function<bool()>& condition, int timeout_ms) {
    return QTest::qWaitFor(condition, timeout_ms);
}

bool unlock(MainWindow& window, const QString& passphrase, QString* message) {
    UnlockPage* page = window.unlock_page();
    page->passphrase_field()->setText(passphrase);
    QTest::keyClick(page->passphrase_field(), Qt::Key_Return);
    const bool opened = wait_until([&] {
        return window.tabs() != nullptr ||
               (page->passphrase_field()->isEnabled() && !page->message_label()->text().isEmpty() &&
                page->passphrase_field()->text().isEmpty() && window.tabs() == nullptr &&
                page->message_label()->text() != UnlockPage::tr("Unlocking…"));
    });
    if (message != nullptr) {
        *message = page->message_label()->text();
    }
    return opened && window.tabs() != nullptr;
}

bool screenshot(QWidget* widget, const QString& name) {
    const QByteArray dir = qgetenv("WEERBAAR_SCREENSHOT_DIR");
    if (dir.isEmpty()) {
        return true;
    }
    QDir().mkpath(QString::fromLocal8Bit(dir));
    QTest::qWait(200);  // let pending paints and layouts settle
    return widget->grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/") + name +
                               QStringLiteral(".png"));
}

}  // namespace weerbaar::desktop::testing
