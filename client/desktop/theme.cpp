#include "theme.h"

#include <QApplication>
#include <QColor>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <algorithm>
#include <cmath>

namespace weerbaar::desktop {

namespace {
// sRGB channel to linear light, as WCAG 2.1 defines relative luminance.
double linear(double channel) {
    return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}
double luminance(const QColor& colour) {
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) +
           0.0722 * linear(colour.blueF());
}
}  // namespace

double contrast_ratio(const QColor& first, const QColor& second) {
    const double a = luminance(first);
    const double b = luminance(second);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

void apply_theme(bool high_contrast) {
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    // Fusion draws field frames and check boxes in shades of the window colour, which
    // on black are black: the high-contrast theme draws them itself, light grey, and
    // yellow where the keyboard focus is.
    qApp->setStyleSheet(
        high_contrast
            ? QStringLiteral(
                  "QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDateEdit,"
                  " QAbstractItemView { border: 1px solid #C0C0C0; }"
                  "QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus,"
                  " QSpinBox:focus, QDateEdit:focus, QAbstractItemView:focus"
                  " { border: 2px solid #FFFF00; }"
                  "QCheckBox::indicator, QRadioButton::indicator { width: 13px; height: 13px;"
                  " border: 2px solid #FFFFFF; background: #000000; }"
                  "QCheckBox::indicator:checked, QRadioButton::indicator:checked"
                  " { background: #FFFF00; }"
                  "QCheckBox:focus, QRadioButton:focus, QPushButton:focus"
                  " { outline: 2px solid #FFFF00; }"
                  "QPushButton { border: 1px solid #FFFFFF; padding: 3px 8px; }"
                  "QPushButton:focus { border: 2px solid #FFFF00; }")
            : QString());
    if (!high_contrast) {
        // Fusion's own selection blue (#308CC6) gives white text only 3.7:1; a darker
        // blue (#205493) gives 7.6:1, above AA's 4.5:1.
        QPalette palette = QApplication::style()->standardPalette();
        for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
            palette.setColor(group, QPalette::Highlight, QColor(0x20, 0x54, 0x93));
            palette.setColor(group, QPalette::HighlightedText, Qt::white);
        }
        QApplication::setPalette(palette);
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
        // Frames, check boxes and separators are drawn from these: light grey on black
        // (#C0C0C0: 12.6:1), so every field's edge shows.
        palette.setColor(group, QPalette::Light, white);
        palette.setColor(group, QPalette::Midlight, QColor(0xC0, 0xC0, 0xC0));
        palette.setColor(group, QPalette::Mid, QColor(0xC0, 0xC0, 0xC0));
        palette.setColor(group, QPalette::Dark, QColor(0xC0, 0xC0, 0xC0));
        palette.setColor(group, QPalette::Shadow, white);
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
