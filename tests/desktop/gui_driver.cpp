#include "gui_driver.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QMenuBar>
#include <QPixmap>
#include <QSet>
#include <QTabBar>
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

// The Alt+letter of a text ("&Zaken" -> z), or a null QChar; "&&" is a literal &.
QChar mnemonic_of(const QString& text) {
    for (qsizetype at = text.indexOf(QLatin1Char('&')); at >= 0 && at + 1 < text.size();
         at = text.indexOf(QLatin1Char('&'), at + 2)) {
        if (text.at(at + 1) != QLatin1Char('&')) {
            return text.at(at + 1).toLower();
        }
    }
    return {};
}

// Two controls of one window under the same Alt+letter: Qt then only cycles the
// focus between them, so neither is reached in one keystroke.
QStringList mnemonic_clashes(QWidget* window) {
    QMap<QChar, QStringList> users;
    const auto note = [&](const QString& text, const QString& who) {
        const QChar letter = mnemonic_of(text);
        if (!letter.isNull()) {
            users[letter] << who;
        }
    };
    for (QAbstractButton* button : window->findChildren<QAbstractButton*>()) {
        if (button->isVisibleTo(window) && button->isEnabled()) {
            note(button->text(), QStringLiteral("'") + button->text() + QStringLiteral("'"));
        }
    }
    for (QLabel* label : window->findChildren<QLabel*>()) {
        if (label->isVisibleTo(window) && label->buddy() != nullptr &&
            label->buddy()->isEnabled()) {
            note(label->text(), QStringLiteral("'") + label->text() + QStringLiteral("'"));
        }
    }
    for (QTabBar* bar : window->findChildren<QTabBar*>()) {
        if (bar->isVisibleTo(window)) {
            for (int i = 0; i < bar->count(); ++i) {
                note(bar->tabText(i),
                     QStringLiteral("tab '") + bar->tabText(i) + QStringLiteral("'"));
            }
        }
    }
    for (QMenuBar* menus : window->findChildren<QMenuBar*>()) {
        for (QAction* action : menus->actions()) {
            if (action->isVisible()) {
                note(action->text(),
                     QStringLiteral("menu '") + action->text() + QStringLiteral("'"));
            }
        }
    }
    QStringList problems;
    for (auto it = users.cbegin(); it != users.cend(); ++it) {
        if (it.value().size() > 1) {
            problems << QStringLiteral("Alt+%1 used by %2")
                            .arg(it.key(), it.value().join(QStringLiteral(", ")));
        }
    }
    return problems;
}

}  // namespace

QStringList accessibility_problems(QWidget* window) {
    QStringList problems = mnemonic_clashes(window);
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
