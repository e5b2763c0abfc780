// "Nieuwe zaak" on a real server: bram (confidant) types the intake and opens the
// case, which the core then opens and finds equal to what was typed; an invalid
// form sends nothing; an intake being typed when the lock comes is kept as a draft
// and is back after unlocking.
#include <QApplication>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include "app_controller.h"
#include "clipboard_guard.h"
#include "core_worker.h"
#include "demo_team.h"
#include "gui_driver.h"
#include "intake_form.h"
#include "intake_form_filling.h"
#include "main_window.h"
#include "new_case_dialog.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"

using namespace weerbaar;
using namespace weerbaar::desktop;
using namespace weerbaar::desktop::testing;

namespace {

v1::Intake example_intake() {
    auto read = client::read_intake_file(WEERBAAR_SOURCE_DIR "/docs/examples/intake.json",
                                         client::local_today());
    if (!read.ok()) {
        qFatal("docs/examples/intake.json does not read");
    }
    return std::move(read).value();
}

crypto::SecretBuffer demo_passphrase() {
    const std::string_view text = kDemoPassphrase;
    return crypto::SecretBuffer::copy_of(crypto::ByteView(
        reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));  // NOLINT
}

// What the dialog says on top (a refusal that names no field), for a failing test.
QString find_top_message(QWidget* dialog) {
    QString all;
    for (QLabel* label : dialog->findChildren<QLabel*>()) {
        if (label->isVisible() && label->buddy() == nullptr) {
            all += label->text() + QLatin1Char('|');
        }
    }
    return all;
}

QPushButton* button_named(QWidget* root, const QString& name) {
    return find_by_name<QPushButton>(root, name);
}

}  // namespace

class NewCaseTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        team_ = std::make_unique<DemoTeam>(
            std::map<std::string, std::string>{{"bram", "confidant"}, {"carla", "peer"}});
        controller_ = std::make_unique<AppController>(team_->profile("bram"));
        connect(controller_.get(), &AppController::drafts_restored, this,
                [this](const std::vector<client::Draft>& drafts) { restored_ = drafts; });
        controller_->unlock(QString::fromLatin1(kDemoPassphrase));
        QVERIFY(wait_until([&] { return controller_->is_unlocked(); }));
    }
    void cleanupTestCase() {
        controller_.reset();
        team_.reset();
        join_worker_threads();
    }

    void an_invalid_form_sends_nothing_and_marks_its_fields() {
        NewCaseDialog dialog(*controller_);
        QSignalSpy created(&dialog, &NewCaseDialog::case_created);
        dialog.show();
        QTest::keyClicks(dialog.form()->field_widget(QStringLiteral("reporter.name")),
                         QStringLiteral("Marieke"));
        button_named(&dialog, QStringLiteral("Open case"))->click();
        QVERIFY(dialog.form()
                    ->problem_at(QStringLiteral("reporter.office_role"))
                    .contains(QStringLiteral("verplicht")));
        QVERIFY(dialog.form()->problem_at(QStringLiteral("reporter.name")).isEmpty());
        QVERIFY(dialog.form()->isEnabled());  // nothing in flight
        QTest::qWait(300);
        QCOMPARE(created.count(), 0);
        QCOMPARE(case_count(), std::size_t{0});  // the server has no case
        button_named(&dialog, QStringLiteral("Discard the intake"))->click();
    }

    void every_control_is_named_and_reached_by_tab() {
        NewCaseDialog dialog(*controller_);
        dialog.show();
        const QStringList problems = accessibility_problems(&dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        dialog.form()->show_problems(
            client::intake_field_problems(client::new_intake(), client::local_today()));
        const QStringList marked = accessibility_problems(&dialog);
        QVERIFY2(marked.isEmpty(), qPrintable(marked.join(QLatin1Char('\n'))));
        button_named(&dialog, QStringLiteral("Discard the intake"))->click();
    }

    void bram_types_an_intake_and_opens_the_case() {
        NewCaseDialog dialog(*controller_);
        QSignalSpy created(&dialog, &NewCaseDialog::case_created);
        dialog.show();
        const v1::Intake example = example_intake();
        QString failed;
        QVERIFY2(fill_intake_form(*dialog.form(), example, &failed), qPrintable(failed));
        dialog.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        // Ctrl+Enter sends from wherever the focus is (Enter alone stays in the field).
        QTest::keyClick(dialog.form()->field_widget(QStringLiteral("reporter.name")),
                        Qt::Key_Return, Qt::ControlModifier);
        QVERIFY2(wait_until([&] { return created.count() == 1; }),
                 qPrintable(find_top_message(&dialog)));
        const QString hex = created.front().front().toString();
        QCOMPARE(hex.size(), 32);
        created_draft_id_ = dialog.draft_id();

        // Opened through the core, the case's intake is what was typed.
        client::Session session =
            client::Session::open(client::Profile(team_->profile("bram")), demo_passphrase())
                .value();
        client::TrustStore trust =
            client::TrustStore::open(team_->profile("bram"), session.keys().store_key).value();
        client::MemberDirectory directory(session, trust);
        const auto id = client::parse_case_id(hex.toStdString());
        QVERIFY(id.ok());
        const auto opened = client::open_case(session, directory, id.value());
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message().c_str());
        QVERIFY(!opened.value().records.empty());
        const v1::RecordContent& first = opened.value().records.front().content;
        QVERIFY(first.has_intake());
        QVERIFY(first.intake().SerializeAsString() == example.SerializeAsString());
        QCOMPARE(opened.value().creator, std::string("bram"));
        QCOMPARE(case_count(), std::size_t{1});
    }

    void an_intake_being_typed_survives_the_lock() {
        restored_.clear();
        QString draft_id;
        {
            auto* dialog = new NewCaseDialog(*controller_);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->show();
            draft_id = dialog->draft_id();
            QPointer<NewCaseDialog> alive(dialog);
            QTest::keyClicks(dialog->form()->field_widget(QStringLiteral("reporter.name")),
                             QStringLiteral("Jan Jansen"));
            QTest::keyClicks(dialog->form()->field_widget(QStringLiteral("summary")),
                             QStringLiteral("Belde na een raadsvergadering."));
            // Locked at once, before the 1 s debounce: about_to_lock saves it.
            controller_->lock();
            QVERIFY(!controller_->is_unlocked());
            QVERIFY(wait_until([&] { return alive.isNull(); }, 2000));  // closed at the lock
        }
        controller_->unlock(QString::fromLatin1(kDemoPassphrase));
        QVERIFY(wait_until([&] { return controller_->is_unlocked(); }));
        QVERIFY(wait_until([&] { return !restored_.empty(); }, 5000));
        const client::Draft* kept = nullptr;
        for (const client::Draft& draft : restored_) {
            QVERIFY(QString::fromStdString(draft.draft_id) != created_draft_id_);  // sent: gone
            if (QString::fromStdString(draft.draft_id) == draft_id) {
                kept = &draft;
            }
        }
        QVERIFY(kept != nullptr);
        QCOMPARE(kept->kind, std::string("intake"));
        QVERIFY(kept->case_id.empty());

        NewCaseDialog again(*controller_);
        again.restore_draft(*kept);
        QCOMPARE(again.draft_id(), draft_id);
        const v1::Intake restored = again.form()->intake();
        QCOMPARE(restored.reporter().name(), std::string("Jan Jansen"));
        QCOMPARE(restored.summary(), std::string("Belde na een raadsvergadering."));
        button_named(&again, QStringLiteral("Discard the intake"))->click();
    }

    void a_refusal_of_the_core_is_shown_and_the_form_stays() {
        // Only confidants open cases: carla (peer) is refused by the core, in its words.
        AppController carla(team_->profile("carla"));
        carla.unlock(QString::fromLatin1(kDemoPassphrase));
        QVERIFY(wait_until([&] { return carla.is_unlocked(); }));
        NewCaseDialog dialog(carla);
        QSignalSpy created(&dialog, &NewCaseDialog::case_created);
        dialog.show();
        QString failed;
        QVERIFY2(fill_intake_form(*dialog.form(), example_intake(), &failed), qPrintable(failed));
        button_named(&dialog, QStringLiteral("Open case"))->click();
        QVERIFY(wait_until([&] { return dialog.form()->isEnabled(); }));
        QVERIFY2(find_top_message(&dialog).contains(QStringLiteral(" / ")),
                 qPrintable(find_top_message(&dialog)));  // the core's Dutch-first line
        QCOMPARE(created.count(), 0);
        QCOMPARE(dialog.form()->intake().reporter().name(), std::string("Marieke de Vries"));
        button_named(&dialog, QStringLiteral("Discard the intake"))->click();
    }

    void the_lock_clears_a_copied_fingerprint() {
        ClipboardGuard::instance().clear_on_lock(*controller_);
        ClipboardGuard::instance().copy(QStringLiteral("12345 67890"));
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("12345 67890"));
        controller_->lock();
        QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
        controller_->unlock(QString::fromLatin1(kDemoPassphrase));
        QVERIFY(wait_until([&] { return controller_->is_unlocked(); }));
    }

    void ctrl_enter_sends_the_form_the_main_window_opened() {
        // The path a person takes: File > New case in the main window, then Ctrl+Enter
        // in the window-modal dialog it opens.
        MainWindow window(*controller_);
        QVERIFY(show_active(window));
        window.new_case();
        NewCaseDialog* dialog = window.findChild<NewCaseDialog*>();
        QVERIFY(dialog != nullptr);
        QSignalSpy created(dialog, &NewCaseDialog::case_created);
        QString failed;
        QVERIFY2(fill_intake_form(*dialog->form(), example_intake(), &failed), qPrintable(failed));
        // A window manager activates a dialog as it opens; offscreen and bare Xvfb have
        // none, and a shortcut goes to the active window only.
        QApplication::setActiveWindow(dialog);
        QCOMPARE(QApplication::activeWindow(), dialog);
        QTest::keyClick(dialog->form()->field_widget(QStringLiteral("reporter.name")),
                        Qt::Key_Return, Qt::ControlModifier);
        // Sent: the case is created and the dialog closes and goes.
        QPointer<NewCaseDialog> alive(dialog);
        QVERIFY(wait_until([&] { return created.count() == 1; }));
        QCOMPARE(created.front().front().toString().size(), 32);
        QVERIFY(wait_until([&] { return alive.isNull(); }));
    }

    void typing_saves_a_draft_after_a_pause() {
        NewCaseDialog dialog(*controller_);
        dialog.show();
        QTest::keyClicks(dialog.form()->field_widget(QStringLiteral("reporter.contact")),
                         QStringLiteral("06-1"));
        QVERIFY(!stored_draft(dialog.draft_id()));  // not at every key
        QTest::qWait(1500);                         // past the debounce, no lock
        const auto kept = stored_draft(dialog.draft_id());
        QVERIFY(kept.has_value());
        auto intake = client::intake_from_draft_body(kept->body);
        QVERIFY(intake.ok());
        QCOMPARE(intake.value().reporter().contact(), std::string("06-1"));
        button_named(&dialog, QStringLiteral("Discard the intake"))->click();
        QVERIFY(wait_until([&] { return !stored_draft(dialog.draft_id()).has_value(); }, 5000));
    }

  private:
    // The draft with this id in bram's local store, read on the controller's worker
    // (after whatever it has queued before).
    std::optional<client::Draft> stored_draft(const QString& id) {
        std::optional<std::optional<client::Draft>> answer;
        controller_->worker().post<std::optional<client::Draft>>(
            this,
            [id = id.toStdString()](CoreContext& context) -> std::optional<client::Draft> {
                auto trust = context.trust();
                if (!trust.ok()) {
                    return std::nullopt;
                }
                auto all = client::DraftStore(trust.value()->store()).all();
                if (!all.ok()) {
                    return std::nullopt;
                }
                for (const client::Draft& draft : all.value()) {
                    if (draft.draft_id == id) {
                        return draft;
                    }
                }
                return std::nullopt;
            },
            [&answer](std::optional<client::Draft> draft) { answer = std::move(draft); });
        if (!wait_until([&] { return answer.has_value(); }, 10000)) {
            return std::nullopt;
        }
        return *answer;
    }

    // The cases bram's list holds, through the core (a fresh session).
    std::size_t case_count() {
        client::Session session =
            client::Session::open(client::Profile(team_->profile("bram")), demo_passphrase())
                .value();
        client::TrustStore trust =
            client::TrustStore::open(team_->profile("bram"), session.keys().store_key).value();
        client::MemberDirectory directory(session, trust);
        auto listed = client::list_cases(session, directory);
        return listed.ok() ? listed.value().size() : 999;
    }

    std::unique_ptr<DemoTeam> team_;
    std::unique_ptr<AppController> controller_;
    std::vector<client::Draft> restored_;
    QString created_draft_id_;
};

QTEST_MAIN(NewCaseTest)
#include "new_case_e2e_test.moc"
