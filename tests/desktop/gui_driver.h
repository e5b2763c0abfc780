#pragma once
// Driving the real windows from a test: waiting on what the worker thread delivers,
// unlocking, finding controls by their accessible name (what a screen reader user
// meets too), and screenshots when WEERBAAR_SCREENSHOT_DIR is set (make screenshots,
// under Xvfb).

#include <QString>
#include <QStringList>
#include <QWidget>
#include <functional>

namespace weerbaar::desktop {
class MainWindow;
}

namespace weerbaar::desktop::testing {

// Runs the event loop until `condition` holds or `timeout_ms` passes; returns
// whether it holds. Core calls finish on a worker thread and land in the loop.
[[nodiscard]] bool wait_until(const std::function<bool()>& condition, int timeout_ms = 30000);

// Shows `window` and waits until it is the active window (shortcuts such as Ctrl+L
// go to the active window only; under Xvfb there is no window manager to do it).
[[nodiscard]] bool show_active(QWidget& window);

// Types the passphrase into the unlock page, presses Enter and waits for the work
// area. False (with the page's message in `message`) when it did not unlock.
[[nodiscard]] bool unlock(MainWindow& window, const QString& passphrase,
                          QString* message = nullptr);

// The first visible descendant of `root` whose accessible name is `name`, of type T.
template <typename T>
T* find_by_name(QWidget* root, const QString& name) {
    for (T* widget : root->findChildren<T*>()) {
        if (widget->accessibleName() == name) {
            return widget;
        }
    }
    return nullptr;
}

// What keeps a keyboard or screen-reader user from a window, one line each (empty
// when nothing does):
//  - a control that takes focus (enabled, visible, Qt::TabFocus) without an
//    accessible name (its own, a buddy label's, or its text);
//  - two controls under one Alt+letter (buttons, labels of fields, tabs, menus);
//  - a control that Tab never reaches: Tab is pressed from the window's first focus
//    until the focus comes back round (a text field that keeps Tab for itself, or a
//    view whose arrow-key cells swallow Tab, shows up here).
// `window` must be shown; it is activated here.
[[nodiscard]] QStringList accessibility_problems(QWidget* window);

// Saves `widget` as <WEERBAAR_SCREENSHOT_DIR>/<name>.png when that variable is set;
// otherwise does nothing. Returns false only when saving failed.
bool screenshot(QWidget* widget, const QString& name);

}  // namespace weerbaar::desktop::testing
