#pragma once
// The look: Qt's Fusion style, with the system's palette or a high-contrast one
// (white on black, yellow focus and selection; contrast ratios above WCAG 2.1 AA's
// 4.5:1 for text and 3:1 for controls, https://www.w3.org/TR/WCAG21/#contrast-minimum).

namespace weerbaar::desktop {

// UI thread; after the QApplication exists.
void apply_theme(bool high_contrast);

}  // namespace weerbaar::desktop
