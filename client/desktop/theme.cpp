#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace weerbaar::desktop {

void apply_theme(bool high_contrast) {
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (!high_contrast) {
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    // Black and white give 21:1; yellow (#FFFF00) on black 19.6:1.
    QPalette palette;
    const QColor black(Qt::black);
    const QColor white(Qt::white);
    const QColor yellow(0xFF, 0xFF, 0x00);
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        palette.setColor(group, QPalette::Window, black);
        palette.setColor(group, QPalette::WindowText, white);
        palette.setColor(group, QPalette::Base, black);
        palette.setColor(group, QPalette::AlternateBase, QColor(0x20, 0x20, 0x20));
        palette.setColor(group, QPalette::Text, white);
        palette.setColor(group, QPalette::Button, black);
        palette.setColor(group, QPalette::ButtonText, white);
        palette.setColor(group, QPalette::Highlight, yellow);
        palette.setColor(group, QPalette::HighlightedText, black);
        palette.setColor(group, QPalette::ToolTipBase, black);
        palette.setColor(group, QPalette::ToolTipText, white);
        palette.setColor(group, QPalette::Link, yellow);
        palette.setColor(group, QPalette::PlaceholderText, QColor(0xC0, 0xC0, 0xC0));
        palette.setColor(group, QPalette::BrightText, yellow);
    }
    // Disabled text stays readable (#A0A0A0 on black: 8.0:1).
    palette.setColor(QPalette::Disabled, QPalette::Window, black);
    palette.setColor(QPalette::Disabled, QPalette::Base, black);
    palette.setColor(QPalette::Disabled, QPalette::Button, black);
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0xA0, 0xA0, 0xA0));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0xA0, 0xA0, 0xA0));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0xA0, 0xA0, 0xA0));
    QApplication::setPalette(palette);
}

}  // namespace weerbaar::desktop
