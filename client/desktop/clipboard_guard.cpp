#include "clipboard_guard.h"

#include <QClipboard>
#include <QGuiApplication>

#include "app_controller.h"

namespace weerbaar::desktop {

ClipboardGuard& ClipboardGuard::instance() {
    // Owned by the application object, so it goes before QGuiApplication does.
    static ClipboardGuard* guard = [] {
        auto* created = new ClipboardGuard();
        created->setParent(QGuiApplication::instance());
        return created;
    }();
    return *guard;
}

ClipboardGuard::ClipboardGuard() {
    timer_.setSingleShot(true);
    timer_.setInterval(kClearAfter);
    connect(&timer_, &QTimer::timeout, this, &ClipboardGuard::clear);
}

void ClipboardGuard::copy(const QString& text) {
    QClipboard* clipboard = QGuiApplication::clipboard();
    clipboard->setText(text, QClipboard::Clipboard);
    if (clipboard->supportsSelection()) {
        clipboard->setText(text, QClipboard::Selection);
    }
    copied_ = text;
    timer_.start();
}

void ClipboardGuard::clear() {
    timer_.stop();
    if (copied_.isEmpty()) {
        return;
    }
    QClipboard* clipboard = QGuiApplication::clipboard();
    for (const QClipboard::Mode mode : {QClipboard::Clipboard, QClipboard::Selection}) {
        if ((mode == QClipboard::Clipboard || clipboard->supportsSelection()) &&
            clipboard->text(mode) == copied_) {
            clipboard->clear(mode);
        }
    }
    copied_.clear();
}

void ClipboardGuard::clear_on_lock(AppController& controller) {
    connect(&controller, &AppController::about_to_lock, this, &ClipboardGuard::clear,
            Qt::UniqueConnection);
}

void ClipboardGuard::set_clear_after_for_testing(std::chrono::milliseconds wait) {
    timer_.setInterval(wait);
}

}  // namespace weerbaar::desktop
