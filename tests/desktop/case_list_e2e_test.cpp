// The case list, the notification stream and "Mijn taken" on a real server: bram
// (confidant) opens cases through the core and sees them listed with the right
// columns; carla (a peer the case is shared with) has her window open when bram
// writes a note, and the change arrives through the stream and marks the row,
// with a notice that says only that something changed; her "Mijn taken" lists the
// tasks assigned to her across cases, the overdue one first.
#include <QLabel>
#include <QMainWindow>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include "app_controller.h"
#include "case_change_stream.h"
#include "case_list_filter.h"
#include "case_list_model.h"
#include "case_list_page.h"
#include "core_worker.h"
#include "demo_team.h"
#include "gui_driver.h"
#include "main_window.h"
#include "operator_edits.h"
#include "record_layout.h"
#include "task_list_page.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"

using namespace weerbaar;
using namespace weerbaar::desktop;
using namespace weerbaar::desktop::testing;

namespace {

template <typename T>
T must(Result<T> result, const char* what) {
    if (!result.ok()) {
        qFatal("%s: %s", what, result.error().message().c_str());
    }
    return std::move(result).value();
}

void must(const Status& status, const char* what) {
    if (!status.ok()) {
        qFatal("%s: %s", what, status.error().message().c_str());
    }
}

// A member working through the core, as another client of theirs would.
struct CoreUser {
    CoreUser(const std::filesystem::path& profile)
        : session(must(client::Session::open(
                           client::Profile(profile),
                           crypto::SecretBuffer::copy_of(crypto::ByteView(
                               reinterpret_cast<const std::uint8_t*>(kDemoPassphrase),  // NOLINT
                               std::strlen(kDemoPassphrase)))),
                       "session")),
          trust(must(client::TrustStore::open(profile, session.keys().store_key), "trust")),
          directory(session, trust) {}
    client::Session session;
    client::TrustStore trust;
    client::MemberDirectory directory;
};

std::string date_in_days(int days) {
    const auto day = std::chrono::sys_days(client::local_today()) + std::chrono::days(days);
    return client::utc_date(
        std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count());
}

int row_of(const QAbstractItemModel* model, const QString& hex) {
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(CaseListModel::case_id_role).toString() == hex) {
            return r;
        }
    }
    return -1;
}

}  // namespace

class CaseListE2eTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        team_ = std::make_unique<DemoTeam>();
        shared_hex_ = team_->open_case("bram");
        own_hex_ = team_->open_case("bram");
        bram_ = std::make_unique<CoreUser>(team_->profile("bram"));
        const crypto::Bytes shared = must(client::parse_case_id(shared_hex_), "id");
        must(bram_->directory.verify_key("carla", team_->fingerprint("carla")), "verify carla");
        must(client::share_case(bram_->session, bram_->directory, shared, "carla"), "share");
        // carla's tasks: one due next week (add_task, as the case view writes it) and
        // one that has become overdue. A task cannot be written with a date in the
        // past (check_task_fields), but one written last week for yesterday is
        // overdue now; append_record writes it as that client did.
        v1::Task later;
        later.set_title("Terugbellen");
        later.set_assignee("carla");
        later.set_due(date_in_days(7));
        must(client::add_task(bram_->session, bram_->directory, shared, later), "task");
        v1::RecordContent overdue;
        overdue.mutable_task()->set_title("Verslag sturen");
        overdue.mutable_task()->set_assignee("carla");
        overdue.mutable_task()->set_due(date_in_days(-2));
        must(client::append_record(
                 bram_->session, bram_->directory, shared,
                 [&](const client::OpenedCase&) { return Result<v1::RecordContent>(overdue); },
                 client::AppendOptions("add the task")),
             "overdue task");
        v1::Task brams;
        brams.set_title("Niet voor carla");
        brams.set_assignee("bram");
        brams.set_due(date_in_days(3));
        must(client::add_task(bram_->session, bram_->directory, shared, brams), "bram's task");
    }

    void cleanupTestCase() {
        carla_window_.reset();
        carla_.reset();
        bram_.reset();
        team_.reset();
        join_worker_threads();
    }

    void bram_sees_his_cases_with_every_column() {
        AppController controller(team_->profile("bram"));
        MainWindow window(controller);
        window.show();
        QVERIFY(unlock(window, QString::fromLatin1(kDemoPassphrase)));
        CaseListPage* page = window.case_list_page();
        QVERIFY(page != nullptr);
        QVERIFY(wait_until([&] { return page->listings_done() >= 1; }));
        const QAbstractItemModel* model = page->table()->model();
        QCOMPARE(model->rowCount(), 2);
        const int row = row_of(model, QString::fromStdString(shared_hex_));
        QVERIFY(row >= 0);
        auto text = [&](int col) { return model->index(row, col).data().toString(); };
        QCOMPARE(text(CaseListModel::title),
                 QStringLiteral("wethouder, GM0344, 2026-11-14, risico hoog"));
        QCOMPARE(text(CaseListModel::status), QStringLiteral("intake"));
        QCOMPARE(text(CaseListModel::confidant), QStringLiteral("bram"));
        QCOMPARE(text(CaseListModel::open_tasks), QStringLiteral("3"));
        QVERIFY(!text(CaseListModel::last_change).isEmpty());
        QVERIFY(text(CaseListModel::retention).isEmpty());  // open: no deadline
        QVERIFY(text(CaseListModel::notice).isEmpty());
        QCOMPARE(model->index(row, 0).data(CaseListModel::verified_role).toBool(), true);
        auto* banner = find_by_name<QLabel>(page, QStringLiteral("Cases that failed verification"));
        QVERIFY(banner != nullptr && !banner->isVisibleTo(page));
        screenshot(&window, QStringLiteral("case-list"));
    }

    void carla_sees_a_change_arrive_while_her_window_is_open() {
        carla_ = std::make_unique<AppController>(team_->profile("carla"));
        carla_window_ = std::make_unique<MainWindow>(*carla_);
        carla_window_->show();
        QVERIFY(unlock(*carla_window_, QString::fromLatin1(kDemoPassphrase)));
        CaseListPage* page = carla_window_->case_list_page();
        QVERIFY(wait_until([&] { return page->listings_done() >= 1; }));
        const QAbstractItemModel* model = page->table()->model();
        // Only the case shared with her.
        QCOMPARE(model->rowCount(), 1);
        const QString hex = QString::fromStdString(shared_hex_);
        QVERIFY(row_of(model, hex) >= 0);
        QVERIFY(page->change_stream()->running());
        QCOMPARE(model->index(row_of(model, hex), 0).data(CaseListModel::changed_role).toBool(),
                 false);
        QSignalSpy changed(page, &CaseListPage::case_changed);

        const int rereads = page->rereads_done();
        must(client::append_note(bram_->session, bram_->directory,
                                 must(client::parse_case_id(shared_hex_), "id"),
                                 "Gesprek gehad met de wethouder."),
             "note");
        QVERIFY(wait_until([&] { return changed.count() >= 1; }));
        QCOMPARE(changed.at(0).at(0).toString(), hex);
        QVERIFY(wait_until([&] { return page->rereads_done() > rereads; }));
        const int row = row_of(model, hex);
        QVERIFY(model->index(row, 0).data(CaseListModel::changed_role).toBool());
        QCOMPARE(model->index(row, CaseListModel::notice).data().toString(), QStringLiteral("new"));
        QVERIFY(model->index(row, CaseListModel::title).data(Qt::FontRole).value<QFont>().bold());
        // The notice says that something changed, and nothing of what or where.
        const QString line = carla_window_->statusBar()->currentMessage();
        QCOMPARE(line, QStringLiteral("A case has changed"));
        QVERIFY(!line.contains(QStringLiteral("wethouder")));
        auto* status = find_by_name<QLabel>(page, QStringLiteral("Case list status"));
        QVERIFY(status != nullptr);
        QVERIFY(!status->text().contains(QStringLiteral("Gesprek")));

        // Opening the case from the list clears its mark.
        QSignalSpy open(page, &CaseListPage::open_case_requested);
        page->table()->setFocus();
        page->table()->setCurrentIndex(model->index(row, CaseListModel::title));
        QTest::keyClick(page->table(), Qt::Key_Return);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).toString(), hex);
        QCOMPARE(model->index(row_of(model, hex), 0).data(CaseListModel::changed_role).toBool(),
                 false);
    }

    void carlas_tasks_list_hers_overdue_first() {
        QVERIFY(carla_window_ != nullptr);
        TaskListPage* tasks = carla_window_->task_list_page();
        QVERIFY(tasks != nullptr);
        QVERIFY(wait_until([&] { return tasks->listings_done() >= 1; }));
        const QStandardItemModel* model = tasks->model();
        QCOMPARE(model->rowCount(), 2);  // bram's own task is not hers
        QCOMPARE(model->index(0, TaskListPage::task_column).data().toString(),
                 QStringLiteral("Verslag sturen"));
        QVERIFY(model->index(0, TaskListPage::due_column)
                    .data()
                    .toString()
                    .contains(QStringLiteral("overdue")));
        QCOMPARE(model->index(1, TaskListPage::task_column).data().toString(),
                 QStringLiteral("Terugbellen"));
        QCOMPARE(model->index(1, TaskListPage::due_column).data().toString(),
                 QString::fromStdString(date_in_days(7)));
        QCOMPARE(model->index(0, TaskListPage::case_column).data().toString(),
                 QStringLiteral("wethouder, GM0344, 2026-11-14, risico hoog"));
        QVERIFY(!tasks->unverified_label()->isVisibleTo(tasks));

        QSignalSpy open(tasks, &TaskListPage::open_case_requested);
        tasks->table()->setFocus();
        tasks->table()->setCurrentIndex(model->index(1, 0));
        QTest::keyClick(tasks->table(), Qt::Key_Return);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).toString(), QString::fromStdString(shared_hex_));
    }

    void the_stream_tries_again_when_the_server_comes_back() {
        QVERIFY(carla_window_ != nullptr);
        CaseListPage* page = carla_window_->case_list_page();
        CaseChangeStream* stream = page->change_stream();
        QSignalSpy retrying(stream, &CaseChangeStream::retrying);
        QSignalSpy watching(stream, &CaseChangeStream::watching);
        QSignalSpy changed(page, &CaseListPage::case_changed);
        team_->server().stop();
        QVERIFY(wait_until([&] { return retrying.count() >= 1; }));
        auto* status = find_by_name<QLabel>(page, QStringLiteral("Case list status"));
        QVERIFY2(status->text().contains(QStringLiteral("cannot be reached")),
                 qPrintable(status->text()));
        team_->server().start();
        // What bram writes after the restart still arrives.
        must(
            client::append_note(bram_->session, bram_->directory,
                                must(client::parse_case_id(shared_hex_), "id"), "Nog een gesprek."),
            "note after restart");
        // gRPC reconnects a channel that failed during the outage after about 18 s
        // (its own back-off, longer on a loaded machine), and the stream tries again
        // at most every 30 s: under a minute on a quiet machine; two are allowed, as a
        // full parallel `make test` on two cores once took longer than one.
        QVERIFY(wait_until([&] { return changed.count() >= 1; }, 120'000));
        QCOMPARE(changed.at(0).at(0).toString(), QString::fromStdString(shared_hex_));
        QVERIFY(watching.count() >= 1);
        QVERIFY(stream->running());
    }

    void a_case_that_fails_verification_is_bannered_marked_and_never_filtered_out() {
        // A case bram has not read yet, whose intake the operator alters behind the
        // server's back: his next listing reads it in full and it does not verify.
        const std::string tampered = team_->open_case("bram");
        QCOMPARE(team_->server().stop(), 0);
        {
            e2e::OperatorDatabase db(team_->server().data_dir());
            const crypto::Bytes id = must(crypto::from_hex(tampered), "id");
            const crypto::Bytes blob = e2e::record_blob(db, id, 1);
            e2e::replace_record_blob(
                db, id, 1, e2e::with_flipped_byte(blob, e2e::record_layout(blob).ciphertext + 3));
        }
        team_->server().start();

        AppController controller(team_->profile("bram"));
        MainWindow window(controller);
        window.show();
        QVERIFY(unlock(window, QString::fromLatin1(kDemoPassphrase)));
        CaseListPage* page = window.case_list_page();
        QVERIFY(wait_until([&] { return page->listings_done() >= 1; }));
        const QAbstractItemModel* model = page->table()->model();
        QCOMPARE(model->rowCount(), 3);
        const int row = row_of(model, QString::fromStdString(tampered));
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, 0).data(CaseListModel::verified_role).toBool(), false);
        QVERIFY(model->index(row, CaseListModel::notice)
                    .data()
                    .toString()
                    .contains(QStringLiteral("INTEGRITY FAILURE")));
        QVERIFY(model->index(row, CaseListModel::notice)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("INTEGRITEITSFOUT")));
        // Nothing the altered case claims is shown: not its intake's title.
        QVERIFY(!model->index(row, CaseListModel::title)
                     .data()
                     .toString()
                     .contains(QStringLiteral("wethouder")));
        auto* banner = find_by_name<QLabel>(page, QStringLiteral("Cases that failed verification"));
        QVERIFY(banner != nullptr && banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("1 case")), qPrintable(banner->text()));
        QVERIFY(banner->text().contains(
            QStringLiteral("INTEGRITEITSFOUT: stop en bel de coördinator")));
        // A filter that matches nothing else still shows it.
        page->filter()->set_status(std::string("gesloten"));
        page->filter()->set_search_text(QStringLiteral("niets"));
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, 0).data(CaseListModel::case_id_role).toString(),
                 QString::fromStdString(tampered));
        screenshot(&window, QStringLiteral("case-list-integrity-failure"));

        // Mijn taken counts it, never hides it.
        TaskListPage* tasks = window.task_list_page();
        QVERIFY(wait_until([&] { return tasks->listings_done() >= 1; }));
        QVERIFY(tasks->unverified_label()->isVisibleTo(tasks));
        QVERIFY2(tasks->unverified_label()->text().contains(QStringLiteral("1 case")),
                 qPrintable(tasks->unverified_label()->text()));
        QVERIFY(tasks->unverified_label()->text().contains(QStringLiteral("INTEGRITEITSFOUT")));
        controller.lock();
    }

    void the_stream_ends_at_the_lock() {
        QVERIFY(carla_window_ != nullptr);
        QPointer<CaseChangeStream> stream = carla_window_->case_list_page()->change_stream();
        QVERIFY(stream->running());
        carla_->lock();
        // The page and its stream are gone with the work area; the watch was
        // cancelled before the session was let go of.
        QVERIFY(stream.isNull());
        QVERIFY(carla_window_->case_list_page() == nullptr);
    }

  private:
    std::unique_ptr<DemoTeam> team_;
    std::unique_ptr<CoreUser> bram_;
    std::unique_ptr<AppController> carla_;
    std::unique_ptr<MainWindow> carla_window_;
    std::string shared_hex_;
    std::string own_hex_;
};

QTEST_MAIN(CaseListE2eTest)
#include "case_list_e2e_test.moc"
