// The accessibility check itself (gui_driver.h) can fail: it names a control
// without an accessible name and one that Tab never reaches, and passes a window
// where every control is named and reachable.
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <QVBoxLayout>

#include "gui_driver.h"

using weerbaar::desktop::testing::accessibility_problems;

class AccessibilityCheckerTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void a_named_reachable_window_passes() {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* label = new QLabel(QStringLiteral("&Name:"), &window);
        auto* field = new QLineEdit(&window);
        label->setBuddy(field);
        auto* text = new QPlainTextEdit(&window);
        text->setTabChangesFocus(true);
        text->setAccessibleName(QStringLiteral("Text"));
        layout->addWidget(label);
        layout->addWidget(field);
        layout->addWidget(text);
        layout->addWidget(new QPushButton(QStringLiteral("OK"), &window));
        window.show();
        const QStringList problems = accessibility_problems(&window);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void an_unnamed_field_is_named() {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* field = new QLineEdit(&window);
        field->setObjectName(QStringLiteral("nameless"));
        layout->addWidget(field);
        layout->addWidget(new QPushButton(QStringLiteral("OK"), &window));
        window.show();
        const QStringList problems = accessibility_problems(&window);
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.front().contains(QStringLiteral("nameless")));
        QVERIFY(problems.front().startsWith(QStringLiteral("no accessible name")));
    }

    void two_controls_under_one_alt_letter_are_named() {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        layout->addWidget(new QPushButton(QStringLiteral("&Send"), &window));
        auto* label = new QLabel(QStringLiteral("&Status:"), &window);
        auto* field = new QLineEdit(&window);
        label->setBuddy(field);
        layout->addWidget(label);
        layout->addWidget(field);
        layout->addWidget(
            new QPushButton(QStringLiteral("Save && &close"), &window));  // && is no mnemonic
        window.show();
        const QStringList problems = accessibility_problems(&window);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.front().startsWith(QStringLiteral("Alt+s used by")),
                 qPrintable(problems.front()));
    }

    void a_control_behind_a_tab_trap_is_named() {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* trap = new QPlainTextEdit(&window);  // keeps Tab for itself
        trap->setAccessibleName(QStringLiteral("Trap"));
        auto* after = new QPushButton(QStringLiteral("After"), &window);
        after->setObjectName(QStringLiteral("after"));
        layout->addWidget(trap);
        layout->addWidget(after);
        window.show();
        const QStringList problems = accessibility_problems(&window);
        QCOMPARE(problems.size(), 1);
        QVERIFY(problems.front().startsWith(QStringLiteral("not reached by Tab")));
        QVERIFY(problems.front().contains(QStringLiteral("after")));
    }
};

QTEST_MAIN(AccessibilityCheckerTest)
#include "accessibility_checker_test.moc"
