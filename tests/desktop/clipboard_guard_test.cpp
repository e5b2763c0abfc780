// The clipboard after a copied fingerprint or id (clipboard_guard.h): cleared after
// the time as a password manager does it, and at once at the lock; never when the
// user copied something else meanwhile.
#include "clipboard_guard.h"

#include <QApplication>
#include <QClipboard>
#include <QTest>

#include "gui_driver.h"

using namespace weerbaar::desktop;
using namespace weerbaar::desktop::testing;

namespace {
const QString kFingerprint = QStringLiteral("12345 67890 12345 67890 12345 67890 12345 67890");
constexpr std::chrono::milliseconds kShort{200};
}  // namespace

class ClipboardGuardTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void init() {
        ClipboardGuard::instance().clear();
        ClipboardGuard::instance().set_clear_after_for_testing(kShort);
        QGuiApplication::clipboard()->setText(QStringLiteral("voorheen"));
    }
    void cleanupTestCase() {
        ClipboardGuard::instance().set_clear_after_for_testing(ClipboardGuard::kClearAfter);
    }

    void a_copy_is_on_the_clipboard() {
        ClipboardGuard::instance().copy(kFingerprint);
        QCOMPARE(QGuiApplication::clipboard()->text(), kFingerprint);
        QVERIFY(ClipboardGuard::instance().holds_copy());
    }

    void the_copy_is_cleared_after_the_time() {
        ClipboardGuard::instance().copy(kFingerprint);
        QTest::qWait(50);
        QCOMPARE(QGuiApplication::clipboard()->text(), kFingerprint);  // not before the time
        QVERIFY(wait_until([] { return QGuiApplication::clipboard()->text().isEmpty(); }, 5000));
        QVERIFY(!ClipboardGuard::instance().holds_copy());
    }

    void what_the_user_copied_meanwhile_is_left_alone() {
        ClipboardGuard::instance().copy(kFingerprint);
        QGuiApplication::clipboard()->setText(QStringLiteral("iets anders"));
        QTest::qWait(static_cast<int>(kShort.count()) * 3);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("iets anders"));
        // Nor at the lock.
        ClipboardGuard::instance().clear();
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("iets anders"));
    }

    void a_new_copy_restarts_the_time() {
        ClipboardGuard::instance().set_clear_after_for_testing(std::chrono::milliseconds(400));
        ClipboardGuard::instance().copy(QStringLiteral("eerste"));
        QTest::qWait(250);
        ClipboardGuard::instance().copy(kFingerprint);
        QTest::qWait(250);  // 500 ms after the first copy, 250 after the second
        QCOMPARE(QGuiApplication::clipboard()->text(), kFingerprint);
        QVERIFY(wait_until([] { return QGuiApplication::clipboard()->text().isEmpty(); }, 5000));
    }

    void the_lock_clears_at_once() {
        ClipboardGuard::instance().set_clear_after_for_testing(ClipboardGuard::kClearAfter);
        ClipboardGuard::instance().copy(kFingerprint);
        ClipboardGuard::instance().clear();  // what about_to_lock calls
        QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    }
};

QTEST_MAIN(ClipboardGuardTest)
#include "clipboard_guard_test.moc"
