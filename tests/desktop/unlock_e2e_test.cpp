// Unlock once, lock by itself: a wrong passphrase is refused with a reason and the
// client stays locked; the right one opens the work area; Ctrl+L and the idle timer
// lock again and take every view of case content with them; Afmelden also ends the
// session at the server.
#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include "app_controller.h"
#include "app_setup.h"
#include "core_worker.h"
#include "demo_team.h"
#include "gui_driver.h"
#include "main_window.h"
#include "unlock_page.h"
#include "weerbaar/client/testing/session_test_access.h"

using namespace weerbaar::desktop;
using namespace weerbaar::desktop::testing;
using weerbaar::client::testing::SessionTestAccess;

class UnlockTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        team_ =
            std::make_unique<DemoTeam>(std::map<std::string, std::string>{{"bram", "confidant"}});
    }
    void cleanupTestCase() {
        team_.reset();
        join_worker_threads();
    }

    void wrong_passphrase_is_refused_and_stays_locked() {
        AppController controller(team_->profile("bram"));
        MainWindow window(controller);
        window.show();
        QString message;
        QVERIFY(!unlock(window, QStringLiteral("niet-het-wachtwoord"), &message));
        QVERIFY(screenshot(&window, QStringLiteral("ontgrendelen-fout")));
        QVERIFY2(message.contains(QStringLiteral("wachtwoord")), qPrintable(message));
        QVERIFY(!controller.is_unlocked());
        QVERIFY(window.tabs() == nullptr);
    }

    void unlock_then_ctrl_l_locks_and_clears_the_work_area() {
        AppController controller(team_->profile("bram"));
        MainWindow window(controller);
        window.show();
        QVERIFY(unlock(window, QString::fromLatin1(kDemoPassphrase)));
        QCOMPARE(controller.user(), QStringLiteral("bram"));
        QCOMPARE(controller.role(), QStringLiteral("confidant"));
        QVERIFY(window.tabs() != nullptr);
        QVERIFY(show_active(window));
        QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
        QVERIFY(!controller.is_unlocked());
        QVERIFY(window.tabs() == nullptr);
        QVERIFY(window.unlock_page()->isVisible());
    }

    void log_out_ends_the_session_and_returns_to_the_unlock_page() {
        AppController controller(team_->profile("bram"));
        MainWindow window(controller);
        window.show();
        QVERIFY(unlock(window, QString::fromLatin1(kDemoPassphrase)));
        // Kept past the lock, to ask the server about the token it used.
        const std::shared_ptr<const weerbaar::client::Session> session =
            controller.worker().shared_session();
        const std::string token = SessionTestAccess::token_text(*session);
        QVERIFY(!token.empty());
        QVERIFY(SessionTestAccess::list_cases_with_token(*session, token).ok());

        auto* action = window.findChild<QAction*>(QStringLiteral("logout_action"));
        QVERIFY(action != nullptr);
        QVERIFY(action->isEnabled());
        QSignalSpy logged_out(&controller, &AppController::logged_out);
        action->trigger();
        // The work area closes at once; the server's answer follows.
        QVERIFY(!controller.is_unlocked());
        QVERIFY(window.tabs() == nullptr);
        QVERIFY(window.unlock_page()->isVisible());
        QVERIFY(!action->isEnabled());
        QVERIFY(logged_out.wait(10000) || logged_out.count() == 1);
        QCOMPARE(SessionTestAccess::list_cases_with_token(*session, token).error_code(),
                 grpc::StatusCode::UNAUTHENTICATED);
        // Unlocking again logs in afresh.
        QVERIFY(unlock(window, QString::fromLatin1(kDemoPassphrase)));
        const std::string next = SessionTestAccess::token_text(controller.worker().session());
        QVERIFY(!next.empty() && next != token);
    }

    void idle_time_locks_by_itself() {
        AppController controller(team_->profile("bram"));
        controller.set_idle_interval_for_testing(std::chrono::milliseconds(300));
        MainWindow window(controller);
        window.show();
        QVERIFY(unlock(window, QString::fromLatin1(kDemoPassphrase)));
        QVERIFY(wait_until([&] { return !controller.is_unlocked(); }, 5000));
        QVERIFY(window.tabs() == nullptr);
    }

  private:
    std::unique_ptr<DemoTeam> team_;
};

QTEST_MAIN(UnlockTest)
#include "unlock_e2e_test.moc"
