// Both themes hold WCAG 2.1 AA contrast (4.5:1 for text, 3:1 for the focus and
// selection that mark where a keyboard user is), and the ratio itself is right.
#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QTest>

using weerbaar::desktop::apply_theme;
using weerbaar::desktop::contrast_ratio;

class ThemeTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void contrast_ratio_matches_wcag() {
        QVERIFY(qAbs(contrast_ratio(Qt::black, Qt::white) - 21.0) < 0.01);
        QVERIFY(qAbs(contrast_ratio(Qt::white, Qt::white) - 1.0) < 0.001);
        // #777777 on white is the textbook 4.48:1, just under AA.
        QVERIFY(qAbs(contrast_ratio(QColor(0x77, 0x77, 0x77), Qt::white) - 4.48) < 0.01);
    }

    void palettes_meet_aa_data() {
        QTest::addColumn<bool>("high_contrast");
        QTest::newRow("standard") << false;
        QTest::newRow("high contrast") << true;
    }
    void palettes_meet_aa() {
        QFETCH(bool, high_contrast);
        apply_theme(high_contrast);
        const QPalette palette = QApplication::palette();
        const struct {
            QPalette::ColorRole text;
            QPalette::ColorRole background;
            double minimum;
        } pairs[] = {
            {QPalette::WindowText, QPalette::Window, 4.5},
            {QPalette::Text, QPalette::Base, 4.5},
            {QPalette::ButtonText, QPalette::Button, 4.5},
            {QPalette::HighlightedText, QPalette::Highlight, 4.5},
            {QPalette::ToolTipText, QPalette::ToolTipBase, 4.5},
        };
        for (const auto& pair : pairs) {
            const double ratio = contrast_ratio(palette.color(QPalette::Active, pair.text),
                                                palette.color(QPalette::Active, pair.background));
            QVERIFY2(ratio >= pair.minimum, qPrintable(QStringLiteral("roles %1/%2: %3:1")
                                                           .arg(pair.text)
                                                           .arg(pair.background)
                                                           .arg(ratio, 0, 'f', 2)));
        }
        if (high_contrast) {
            // The selection against the window: where the focus is must stand out (3:1).
            QVERIFY(contrast_ratio(palette.color(QPalette::Highlight),
                                   palette.color(QPalette::Window)) >= 3.0);
        }
    }
};

QTEST_MAIN(ThemeTest)
#include "theme_test.moc"
