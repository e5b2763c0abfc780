#include "gui_driver.h"

#include <QAccessible>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QSet>
#include <QTabWidget>
#include <QTest>

#include "main_window.h"
#include "unlock_page.h"

namespace weerbaar::desktop::testing {

bool wait_until(const std::function<bool()>& condition, int timeout_ms) {
    return QTest::qWaitFor(condition, timeout_ms);
}

bool show_active(QWidget& window) {
    window.show();
    window.activateWindow();
    return QTest::qWaitForWindowActive(&window, 5000);
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

namespace {

QString describe(const QWidget* widget) {
    QString name = QString::fromLatin1(widget->metaObject()->className());
    if (!widget->objectName().isEmpty()) {
        name += QStringLiteral(" '") + widget->objectName() + QStringLiteral("'");
    }
    if (const auto* parent = widget->parentWidget()) {
        name += QStringLiteral(" in ") + QString::fromLatin1(parent->metaObject()->className());
    }
    return name;
}

bool takes_tab_focus(const QWidget* widget, const QWidget* window) {
    return widget->isVisibleTo(window) && widget->isEnabled() &&
           (widget->focusPolicy() & Qt::TabFocus) == Qt::TabFocus &&
           widget->focusProxy() == nullptr;
}

}  // namespace

QStringList accessibility_problems(QWidget* window) {
    QStringList problems;
    window->activateWindow();
    (void)QTest::qWaitForWindowActive(window, 2000);
    QList<QWidget*> focusable;
    for (QWidget* widget : window->findChildren<QWidget*>()) {
        if (!takes_tab_focus(widget, window)) {
            continue;
        }
        // Parts of a composite control (a spin box's line edit) are reached through it.
        if (widget->parentWidget() != nullptr && widget->parentWidget()->focusProxy() == widget) {
            continue;
        }
        focusable << widget;
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(widget);
        if (accessible == nullptr || accessible->text(QAccessible::Name).trimmed().isEmpty()) {
            problems << QStringLiteral("no accessible name: ") + describe(widget);
        }
    }
    if (focusable.isEmpty()) {
        return problems;
    }
    QSet<QWidget*> reached;
    focusable.front()->setFocus(Qt::TabFocusReason);
    QTest::qWait(10);
    QWidget* start = QApplication::focusWidget();
    for (int step = 0; step < 4 * focusable.size() + 20; ++step) {
        QWidget* current = QApplication::focusWidget();
        if (current == nullptr) {
            break;
        }
        reached.insert(current);
        if (current->focusProxy() != nullptr) {
            reached.insert(current->focusProxy());
        }
        for (QWidget* parent = current->parentWidget(); parent != nullptr;
             parent = parent->parentWidget()) {
            if (parent->focusProxy() == current) {
                reached.insert(parent);
            }
        }
        QTest::keyClick(current, Qt::Key_Tab);
        if (QApplication::focusWidget() == start && step > 0) {
            break;
        }
    }
    for (QWidget* widget : focusable) {
        if (!reached.contains(widget)) {
            problems << QStringLiteral("not reached by Tab: ") + describe(widget);
        }
    }
    return problems;
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
