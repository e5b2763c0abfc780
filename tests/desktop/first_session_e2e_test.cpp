// The README's first session, in the desktop client alone, on a real server: a
// confidant (bram) and a peer (carla) work one case from intake to closing, each in
// their own window, in Dutch. bram opens the case through the intake form, writes a
// note and shares it with carla; the case arrives in carla's list, marked, while her
// window is open; she reads the intake and the note and answers with a note and a
// contact; bram's open view shows her answer; daan (a peer the case is not shared
// with) never sees it; bram gives carla a task, which tops her "Mijn taken"; she
// completes it; bram refers, attaches a file that carla saves back, and closes the
// case with an outcome; his list filtered on "gesloten" shows it with its deadline.
//
// With WEERBAAR_SCREENSHOT_DIR set (make screenshots, under Xvfb) each main window is
// saved as it passes, for docs/screenshots/ and the user guide.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "app_controller.h"
#include "app_setup.h"
#include "case_list_filter.h"
#include "case_list_model.h"
#include "case_list_page.h"
#include "case_view.h"
#include "contact_dialog.h"
#include "core_worker.h"
#include "demo_team.h"
#include "first_run_wizard.h"
#include "gui_driver.h"
#include "intake_form.h"
#include "intake_form_filling.h"
#include "main_window.h"
#include "members_page.h"
#include "new_case_dialog.h"
#include "note_dialog.h"
#include "referral_dialog.h"
#include "share_dialog.h"
#include "status_dialog.h"
#include "task_dialog.h"
#include "task_list_page.h"
#include "theme.h"
#include "timeline_model.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/text_rule.h"

using namespace weerbaar;
using namespace weerbaar::desktop;
using namespace weerbaar::desktop::testing;

namespace {

// One member at their desk: a controller and a main window, unlocked.
struct Desk {
    std::unique_ptr<AppController> controller;
    std::unique_ptr<MainWindow> window;
};

int row_of_case(const QAbstractItemModel* model, const QString& hex) {
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(CaseListModel::case_id_role).toString() == hex) {
            return row;
        }
    }
    return -1;
}

bool timeline_has(CaseView* view, const QString& text) {
    for (int row = 0; row < view->timeline()->rowCount(); ++row) {
        if (view->timeline()->index(row).data(TimelineModel::TextRole).toString().contains(text)) {
            return true;
        }
    }
    return false;
}

bool send_and_wait(WriteDialog* dialog) {
    QPointer<WriteDialog> guard(dialog);
    dialog->send();
    // Written: the dialog closes itself; refused: it stays, not busy, with the reason.
    return wait_until([&] { return !guard || (!guard->busy() && !guard->isVisible()); }, 30000) &&
           (!guard || !guard->isVisible());
}

}  // namespace

class FirstSessionTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        // The product's default: Dutch, the standard theme.
        QVERIFY(install_translation(*qApp, QStringLiteral("nl")));
        apply_theme(false);
        team_ = std::make_unique<DemoTeam>();
        for (const char* user : {"anne", "bram", "carla", "daan"}) {
            Desk desk;
            desk.controller = std::make_unique<AppController>(team_->profile(user));
            desk.window = std::make_unique<MainWindow>(*desk.controller);
            desk.window->resize(1280, 800);
            desks_[user] = std::move(desk);
        }
    }
    void cleanupTestCase() {
        desks_.clear();
        team_.reset();
        join_worker_threads();
    }

    void the_first_start_asks_to_join_or_found() {
        QTemporaryDir fresh;
        FirstRunWizard wizard(std::filesystem::path(fresh.path().toStdString()) / "profiel");
        wizard.resize(900, 640);
        QVERIFY(show_active(wizard));
        QVERIFY(screenshot(&wizard, QStringLiteral("eerste-start")));
        wizard.reject();
    }

    void everyone_unlocks_once() {
        MainWindow& bram = *desks_["bram"].window;
        QVERIFY(show_active(bram));
        QVERIFY(screenshot(&bram, QStringLiteral("ontgrendelen")));
        for (auto& [user, desk] : desks_) {
            desk.window->show();
            QVERIFY2(unlock(*desk.window, QString::fromLatin1(kDemoPassphrase)), user.c_str());
        }
    }

    void anne_sees_the_team_with_their_fingerprints() {
        MainWindow& anne = *desks_["anne"].window;
        anne.tabs()->setCurrentWidget(anne.members_page());
        MembersPage* page = anne.members_page();
        QVERIFY(wait_until(
            [&] { return !page->loading() && page->member_view()->model()->rowCount() == 4; }));
        QVERIFY(show_active(anne));
        QVERIFY(screenshot(&anne, QStringLiteral("leden")));
    }

    void bram_opens_a_case_through_the_intake_form() {
        MainWindow& bram = *desks_["bram"].window;
        QVERIFY(show_active(bram));
        bram.new_case();
        NewCaseDialog* dialog = nullptr;
        QVERIFY(wait_until([&] {
            const auto dialogs = bram.findChildren<NewCaseDialog*>();
            dialog = dialogs.isEmpty() ? nullptr : dialogs.front();
            return dialog != nullptr && dialog->isVisible();
        }));
        const Result<v1::Intake> example =
            client::read_intake_file(WEERBAAR_EXAMPLE_INTAKE, client::local_today());
        QVERIFY(example.ok());
        QString failed;
        QVERIFY2(fill_intake_form(*dialog->form(), example.value(), &failed), qPrintable(failed));
        dialog->resize(900, 760);
        QVERIFY(show_active(*dialog));
        // In Dutch too: every field named, reached by Tab, and under its own Alt+letter.
        QStringList problems = accessibility_problems(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(screenshot(dialog, QStringLiteral("nieuwe-zaak")));
        auto* open = find_by_name<QPushButton>(dialog, NewCaseDialog::tr("Open case"));
        QVERIFY(open != nullptr);
        QTest::mouseClick(open, Qt::LeftButton);
        // The new case opens in its own tab.
        QVERIFY(wait_until([&] {
            for (int i = 0; i < bram.tabs()->count(); ++i) {
                if (auto* view = qobject_cast<CaseView*>(bram.tabs()->widget(i));
                    view && view->verified()) {
                    case_hex_ = view->case_hex();
                    return true;
                }
            }
            return false;
        }));
        CaseView* view = bram.case_view(case_hex_);
        QVERIFY(view != nullptr);
        QVERIFY(view->header_label()->text().contains(QStringLiteral("wethouder")));
        for (int i = 0; i < view->tabs()->count(); ++i) {
            if (view->tabs()->widget(i)->isAncestorOf(view->intake_page()) ||
                view->tabs()->widget(i) == view->intake_page()) {
                view->tabs()->setCurrentIndex(i);
            }
        }
        QVERIFY(screenshot(&bram, QStringLiteral("zaak-melding")));
        problems = accessibility_problems(&bram);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void bram_writes_a_note_and_shares_with_carla() {
        QVERIFY2(!case_hex_.isEmpty(), "no case was opened");
        CaseView* view = desks_["bram"].window->case_view(case_hex_);
        auto* note = qobject_cast<NoteDialog*>(view->new_note());
        QVERIFY(note != nullptr);
        QTest::keyClicks(note->text_edit(),
                         QStringLiteral("Eerste gesprek gevoerd; aangifte is gedaan."));
        QVERIFY(send_and_wait(note));
        auto* share = qobject_cast<ShareDialog*>(view->share());
        QVERIFY(share != nullptr);
        const int carla = share->member_combo()->findData(QStringLiteral("carla"));
        QVERIFY(carla >= 0);
        share->member_combo()->setCurrentIndex(carla);
        QVERIFY(send_and_wait(share));
        QVERIFY(wait_until([&] { return view->member_model()->rowCount() == 2; }));
    }

    void the_case_arrives_in_carlas_list_marked_as_new() {
        QVERIFY2(!case_hex_.isEmpty(), "no case was opened");
        MainWindow& carla = *desks_["carla"].window;
        const QAbstractItemModel* list = carla.case_list_page()->table()->model();
        QVERIFY(wait_until(
            [&] {
                const int row = row_of_case(list, case_hex_);
                return row >= 0 && list->index(row, 0).data(CaseListModel::changed_role).toBool();
            },
            60000));
        QVERIFY(show_active(carla));
        carla.tabs()->setCurrentWidget(carla.case_list_page());
        QVERIFY(screenshot(&carla, QStringLiteral("zaken")));
    }

    void daan_never_sees_it() {
        QVERIFY2(!case_hex_.isEmpty(), "no case was opened");
        MainWindow& daan = *desks_["daan"].window;
        CaseListPage* page = daan.case_list_page();
        QVERIFY(wait_until([&] { return page->listings_done() > 0 && !page->loading(); }));
        page->refresh();
        QVERIFY(wait_until([&] { return page->listings_done() > 1 && !page->loading(); }));
        QCOMPARE(row_of_case(page->table()->model(), case_hex_), -1);
    }

    void carla_reads_it_and_answers_with_a_note_and_a_contact() {
        QVERIFY2(!case_hex_.isEmpty(), "no case was opened");
        MainWindow& carla = *desks_["carla"].window;
        CaseView* view = carla.open_case(case_hex_);
        QVERIFY(view != nullptr);
        QVERIFY(wait_until([&] { return view->verified(); }));
        QVERIFY(timeline_has(view, QStringLiteral("Eerste gesprek gevoerd")));
        QVERIFY(view->header_label()->text().contains(QStringLiteral("wethouder")));
        auto* note = qobject_cast<NoteDialog*>(view->new_note());
        QVERIFY(note != nullptr);
        QTest::keyClicks(note->text_edit(), QStringLiteral("Ik bel haar donderdag."));
        QVERIFY(send_and_wait(note));
        auto* contact = qobject_cast<ContactDialog*>(view->new_contact());
        QVERIFY(contact != nullptr);
        contact->date_edit()->setDate(QDate::currentDate());
        contact->minutes_spin()->setValue(45);
        contact->kind_combo()->setCurrentIndex(
            contact->kind_combo()->findData(QStringLiteral("telefoon")));
        QTest::keyClicks(contact->text_edit(), QStringLiteral("Gesprek na de raadsvergadering."));
        QTest::keyClick(contact->text_edit(), Qt::Key_Return);  // the report keeps its line break
        QTest::keyClicks(contact->text_edit(), QStringLiteral("Ze slaapt slecht."));
        QVERIFY(screenshot(contact, QStringLiteral("gesprek")));
        QVERIFY(send_and_wait(contact));
        QVERIFY(
            wait_until([&] { return timeline_has(view, QStringLiteral("Ze slaapt slecht.")); }));
    }

    void brams_open_view_shows_carlas_answer() {
        QVERIFY2(!case_hex_.isEmpty(), "no case was opened");
        CaseView* view = desks_["bram"].window->case_view(case_hex_);
        QVERIFY(wait_until(
            [&] { return timeline_has(view, QStringLiteral("Ik bel haar donderdag.")); }, 60000));
        QVERIFY(wait_until(
            [&] { return timeline_has(view, QStringLiteral("Gesprek na de raadsvergadering.")); }));
    }

    void bram_gives_carla_a_task_that_tops_her_list() {
        QVERIFY2(!case_hex_.isEmpty(), "no case was opened");
        CaseView* view = desks_["bram"].window->case_view(case_hex_);
        auto* task = qobject_cast<TaskDialog*>(view->new_task());
        QVERIFY(task != nullptr);
        QTest::keyClicks(task->title_edit(), QStringLiteral("Terugbellen"));
        task->assignee_combo()->setCurrentIndex(
            task->assignee_combo()->findData(QStringLiteral("carla")));
        task->due_edit()->setDate(QDate::currentDate().addDays(7));
        QVERIFY(send_and_wait(task));
        QVERIFY(wait_until([&] { return view->task_model()->rowCount() == 1; }));

        MainWindow& carla = *desks_["carla"].window;
        TaskListPage* tasks = carla.task_list_page();
        tasks->refresh();
        QVERIFY(wait_until([&] {
            return tasks->model()->rowCount() == 1 &&
                   tasks->model()->index(0, TaskListPage::task_column).data().toString() ==
                       QStringLiteral("Terugbellen");
        }));
        carla.tabs()->setCurrentWidget(tasks);
        QVERIFY(show_active(carla));
        QVERIFY(screenshot(&carla, QStringLiteral("mijn-taken")));
    }

    void carla_completes_it() {
        QVERIFY2(!case_hex_.isEmpty(), "no case was opened");
        MainWindow& carla = *desks_["carla"].window;
        CaseView* view = carla.open_case(case_hex_);
        QVERIFY(
            wait_until([&] { return view->verified() && view->task_model()->rowCount() == 1; }));
        view->task_view()->selectRow(0);
        view->complete_selected_task();
        QVERIFY(wait_until([&] {
            return view->task_model()->rowCount() == 1 &&
                   view->task_model()->item(0, 3)->text() == CaseView::tr("done");
        }));
        TaskListPage* tasks = carla.task_list_page();
        tasks->refresh();
        QVERIFY(wait_until([&] { return tasks->model()->rowCount() == 0; }));
    }

    void bram_refers_and_attaches_a_file_that_carla_saves() {
        QVERIFY2(!case_hex_.isEmpty(), "no case was opened");
        CaseView* view = desks_["bram"].window->case_view(case_hex_);
        auto* referral = qobject_cast<ReferralDialog*>(view->new_referral());
        QVERIFY(referral != nullptr);
        referral->to_combo()->setCurrentIndex(
            referral->to_combo()->findData(QStringLiteral("politie")));
        QTest::keyClicks(referral->note_edit(), QStringLiteral("Aangifte besproken."));
        QVERIFY(send_and_wait(referral));

        QTemporaryDir dir;
        const QString source = dir.filePath(QStringLiteral("verslag.txt"));
        {
            QFile file(source);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("verslag van het bezoek\n");
        }
        view->attach(source);
        QVERIFY(wait_until([&] { return view->transfers_running() == 0; }));

        CaseView* hers = desks_["carla"].window->open_case(case_hex_);
        const TimelineEntry* entry = nullptr;
        QVERIFY(wait_until(
            [&] {
                for (int row = 0; row < hers->timeline()->rowCount(); ++row) {
                    if (const TimelineEntry* e = hers->timeline()->entry(row);
                        e && !e->attachment_hex.isEmpty()) {
                        entry = e;
                        return true;
                    }
                }
                return false;
            },
            60000));
        const QString out =
            dir.filePath(QStringLiteral("opgehaald-") +
                         QString::fromStdString(client::safe_save_name(entry->attachment_name)));
        hers->save_attachment_to(entry->attachment_hex, out);
        QVERIFY(wait_until([&] { return hers->transfers_running() == 0 && QFile::exists(out); }));
        QFile saved(out);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), QByteArray("verslag van het bezoek\n"));
        QVERIFY(show_active(*desks_["carla"].window));
        for (int i = 0; i < hers->tabs()->count(); ++i) {
            if (hers->tabs()->widget(i)->isAncestorOf(hers->timeline_view())) {
                hers->tabs()->setCurrentIndex(i);
            }
        }
        QVERIFY(screenshot(desks_["carla"].window.get(), QStringLiteral("zaak-tijdlijn")));
    }

    void bram_closes_the_case_with_an_outcome() {
        QVERIFY2(!case_hex_.isEmpty(), "no case was opened");
        MainWindow& bram = *desks_["bram"].window;
        CaseView* view = bram.case_view(case_hex_);
        auto* status = qobject_cast<StatusDialog*>(view->change_status());
        QVERIFY(status != nullptr);
        status->status_combo()->setCurrentIndex(
            status->status_combo()->findData(QStringLiteral("gesloten")));
        status->outcome_combo()->setCurrentIndex(
            status->outcome_combo()->findData(QStringLiteral("opgelost")));
        QVERIFY(send_and_wait(status));
        QVERIFY(wait_until([&] {
            return view->snapshot() && view->snapshot()->status == QStringLiteral("gesloten") &&
                   !view->snapshot()->from_cache;
        }));
        const QString deadline =
            QString::fromStdString(client::utc_date(view->snapshot()->retention_until_unix));
        QVERIFY2(view->state_label()->text().contains(deadline),
                 qPrintable(view->state_label()->text()));
        QVERIFY(show_active(bram));
        QVERIFY(screenshot(&bram, QStringLiteral("zaak-gesloten")));

        // His list, filtered on gesloten, shows it with its deadline (as a local date).
        const QString local_deadline =
            QDateTime::fromSecsSinceEpoch(view->snapshot()->retention_until_unix)
                .toLocalTime()
                .toString(QStringLiteral("yyyy-MM-dd"));
        CaseListPage* page = bram.case_list_page();
        page->refresh();
        QVERIFY(wait_until([&] { return !page->loading(); }));
        page->filter()->set_status(std::string("gesloten"));
        const QAbstractItemModel* list = page->table()->model();
        QVERIFY(wait_until([&] {
            const int row = row_of_case(list, case_hex_);
            return row >= 0 && list->rowCount() == 1 &&
                   list->index(row, CaseListModel::retention).data().toString() == local_deadline;
        }));
    }

  private:
    std::unique_ptr<DemoTeam> team_;
    std::map<std::string, Desk> desks_;
    QString case_hex_;
};

QTEST_MAIN(FirstSessionTest)
#include "first_session_e2e_test.moc"
