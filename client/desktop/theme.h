#pragma once
// The look: Qt's Fusion style, with the system's palette or a high-contrast one
// (white on black, yellow focus and selection; contrast ratios above WCAG 2.1 AA's
// 4.5:1 for text and 3:1 for controls, https://www.w3.org/TR/WCAG21/#contrast-minimum).

class QColor;

namespace weerbaar::desktop {

// UI thread; after the QApplication exists.
void apply_theme(bool high_contrast);

// The WCAG 2.1 contrast ratio of two colours, from 1 (same) to 21 (black on white):
// (L1 + 0.05) / (L2 + 0.05) over their relative luminances
// (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). For the tests that hold the
// palettes to AA.
[[nodiscard]] double contrast_ratio(const QColor& first, const QColor& second);

}  // namespace weerbaar::desktop
