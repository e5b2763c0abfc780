// Usable by everyone: in every window and page, each control that takes focus has an
// accessible name and is reached by Tab (gui_driver.h accessibility_problems); the
// windows also work at 200% scaling and with the high-contrast theme.
#include <QTabWidget>
#include <QTest>

#include "app_controller.h"
#include "app_setup.h"
#include "core_worker.h"
#include "demo_team.h"
#include "gui_driver.h"
#include "main_window.h"
#include "theme.h"

using namespace weerbaar::desktop;
using namespace weerbaar::desktop::testing;

class AccessibilityTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        // The 200% run checks the product's default language, Dutch, whose labels
        // and mnemonics are the ones most users meet.
        if (qEnvironmentVariable("WEERBAAR_LANGUAGE") == QStringLiteral("nl")) {
            QVERIFY(install_translation(*qApp, QStringLiteral("nl")));
        }
        team_ =
            std::make_unique<DemoTeam>(std::map<std::string, std::string>{{"bram", "confidant"}});
    }
    void cleanupTestCase() {
        team_.reset();
        join_worker_threads();
    }

    void init() {
        // The second run of this test (ctest desktop_accessibility_200_percent) sets
        // QT_SCALE_FACTOR=2 and asks for the high-contrast theme.
        apply_theme(qEnvironmentVariableIsSet("WEERBAAR_HIGH_CONTRAST"));
    }

    void the_locked_window() {
        AppController controller(team_->profile("bram"));
        MainWindow window(controller);
        window.show();
        const QStringList problems = accessibility_problems(&window);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void every_page_of_the_work_area() {
        AppController controller(team_->profile("bram"));
        MainWindow window(controller);
        window.show();
        QVERIFY(unlock(window, QString::fromLatin1(kDemoPassphrase)));
        for (int i = 0; i < window.tabs()->count(); ++i) {
            window.tabs()->setCurrentIndex(i);
            QTest::qWait(50);
            const QStringList problems = accessibility_problems(&window);
            QVERIFY2(problems.isEmpty(),
                     qPrintable(window.tabs()->tabText(i) + QStringLiteral(":\n") +
                                problems.join(QLatin1Char('\n'))));
            // At 200% a full-HD screen (1920x1080) is 960x540 logical pixels: every page
            // must fit in it without clipping.
            const QSize minimum = window.minimumSizeHint();
            QVERIFY2(minimum.width() <= 960 && minimum.height() <= 540,
                     qPrintable(QStringLiteral("%1 needs %2x%3")
                                    .arg(window.tabs()->tabText(i))
                                    .arg(minimum.width())
                                    .arg(minimum.height())));
            if (i == 0 && qEnvironmentVariableIsSet("WEERBAAR_HIGH_CONTRAST")) {
                window.resize(960, 540);
                QVERIFY(screenshot(&window, QStringLiteral("hoog-contrast-200-procent")));
            }
        }
    }

  private:
    std::unique_ptr<DemoTeam> team_;
};

QTEST_MAIN(AccessibilityTest)
#include "accessibility_e2e_test.moc"
