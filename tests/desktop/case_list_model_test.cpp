// The case list model and its filter, without a server: Qt's model tester on every
// change, sorting by raw values, the filters (search, status, mine), the rule that a
// case that failed verification stays visible whatever the filter, the marks of a
// changed or quarantined case, and 10,000 rows.
#include "case_list_model.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "app_controller.h"
#include "case_list_filter.h"
#include "case_list_page.h"
#include "case_row.h"
#include "gui_driver.h"

using namespace weerbaar;
using namespace weerbaar::desktop;

namespace {

QString hex_of(int n) { return QStringLiteral("%1").arg(n, 32, 16, QLatin1Char('0')); }

CaseRow verified_row(int n, const std::string& title, const std::string& status,
                     const std::string& confidant, std::int64_t last_change,
                     std::size_t open_tasks = 0, std::vector<std::string> assignees = {}) {
    client::CaseOverview o;
    o.case_id = hex_of(n).toStdString();
    o.verified = true;
    o.title = title;
    o.status = status;
    o.status_label = status;
    o.confidant = confidant;
    o.open_tasks = open_tasks;
    o.open_task_assignees = std::move(assignees);
    o.last_change_unix = last_change;
    return make_case_row(std::move(o));
}

CaseRow failed_row(int n) {
    v1::CaseSummary summary;
    summary.set_case_id(std::string(16, static_cast<char>(n)));
    summary.set_updated_unix(1'700'000'000);
    return make_case_row(client::unverified_overview(summary));
}

std::vector<CaseRow> sample() {
    std::vector<CaseRow> rows;
    rows.push_back(
        verified_row(1, "wethouder, Utrecht", "intake", "bram", 1'700'000'300, 2, {"carla"}));
    rows.push_back(verified_row(2, "raadslid, Zwolle", "gesloten", "erik", 1'700'000'100));
    rows.push_back(verified_row(3, "burgemeester, Ede", "nazorg", "bram", 1'700'000'200, 10));
    rows.push_back(failed_row(4));
    return rows;
}

QStringList column(const QAbstractItemModel& model, int col) {
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) {
        out << model.index(r, col).data().toString();
    }
    return out;
}

}  // namespace

class CaseListModelTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void the_model_tester_accepts_resets_updates_inserts_and_removals() {
        CaseListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        CaseListFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester proxy_tester(
            &filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reset_rows(sample());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(CaseListModel::count));
        model.update_row(verified_row(2, "raadslid, Zwolle", "nazorg", "erik", 1'700'000'900));
        QCOMPARE(model.rowCount(), 4);
        model.update_row(verified_row(5, "nieuw", "intake", "bram", 1'700'001'000));
        QCOMPARE(model.rowCount(), 5);
        model.remove_case(hex_of(1));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.row_of(hex_of(1)), -1);
        QCOMPARE(model.row_at(model.row_of(hex_of(5)))->title, QStringLiteral("nieuw"));
        model.reset_rows({});
        QCOMPARE(model.rowCount(), 0);
    }

    void columns_show_title_status_confidant_time_tasks_and_retention() {
        CaseListModel model;
        client::CaseOverview o;
        o.case_id = hex_of(9).toStdString();
        o.title = "wethouder, Utrecht";
        o.status = "gesloten";
        o.status_label = "gesloten";
        o.confidant = "bram";
        o.open_tasks = 3;
        o.last_change_unix = 1'700'000'000;
        o.retention_until_unix = 1'800'000'000;
        model.reset_rows({make_case_row(o)});
        auto text = [&](int col) { return model.index(0, col).data().toString(); };
        QCOMPARE(text(CaseListModel::title), QStringLiteral("wethouder, Utrecht"));
        QCOMPARE(text(CaseListModel::status), QStringLiteral("gesloten"));
        QCOMPARE(text(CaseListModel::confidant), QStringLiteral("bram"));
        QCOMPARE(text(CaseListModel::open_tasks), QStringLiteral("3"));
        // Local time, as the person's clock shows it.
        QCOMPARE(text(CaseListModel::last_change),
                 QDateTime::fromSecsSinceEpoch(1'700'000'000)
                     .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        QCOMPARE(
            text(CaseListModel::retention),
            QDateTime::fromSecsSinceEpoch(1'800'000'000).toString(QStringLiteral("yyyy-MM-dd")));
        QCOMPARE(model.index(0, CaseListModel::last_change).data(Qt::UserRole).toLongLong(),
                 1'700'000'000LL);
        QVERIFY(text(CaseListModel::notice).isEmpty());
        // An open case has no retention deadline: the column is empty, not a date.
        o.retention_until_unix = 0;
        model.update_row(make_case_row(o));
        QVERIFY(text(CaseListModel::retention).isEmpty());
    }

    void sorting_uses_raw_values_not_the_text() {
        CaseListModel model;
        model.reset_rows(sample());
        CaseListFilter filter;
        filter.setSourceModel(&model);
        // "10" open tasks sorts after "2", which a text sort would get wrong.
        filter.sort(CaseListModel::open_tasks, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, CaseListModel::open_tasks).data().toString(),
                 QStringLiteral("10"));
        QCOMPARE(filter.index(1, CaseListModel::open_tasks).data().toString(), QStringLiteral("2"));
        filter.sort(CaseListModel::last_change, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, CaseListModel::title).data().toString(),
                 QStringLiteral("wethouder, Utrecht"));
        // The notice column puts failures on top.
        filter.sort(CaseListModel::notice, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, 0).data(CaseListModel::verified_role).toBool(), false);
    }

    void search_status_and_mine_filter_but_a_failed_case_stays_visible() {
        CaseListModel model;
        model.reset_rows(sample());
        CaseListFilter filter;
        filter.setSourceModel(&model);
        filter.sort(CaseListModel::title, Qt::AscendingOrder);
        QCOMPARE(filter.rowCount(), 4);

        filter.set_search_text(QStringLiteral("utrecht"));  // any case of letters
        QCOMPARE(filter.rowCount(), 2);
        QVERIFY(
            column(filter, CaseListModel::title).contains(QStringLiteral("wethouder, Utrecht")));
        filter.set_search_text(QStringLiteral("ERIK"));  // the confidant too
        QCOMPARE(filter.rowCount(), 2);
        QVERIFY(column(filter, CaseListModel::confidant).contains(QStringLiteral("erik")));
        filter.set_search_text(QStringLiteral("niets dat past"));
        QCOMPARE(filter.rowCount(), 1);  // only the failed case, whatever is typed
        QCOMPARE(filter.index(0, 0).data(CaseListModel::verified_role).toBool(), false);
        filter.set_search_text({});

        filter.set_status(std::string("nazorg"));
        QCOMPARE(column(filter, CaseListModel::title).size(), 2);
        QVERIFY(column(filter, CaseListModel::title).contains(QStringLiteral("burgemeester, Ede")));
        filter.set_status(std::nullopt);

        filter.set_mine_of(std::string("carla"));  // an open task in case 1
        QCOMPARE(filter.rowCount(), 2);
        QVERIFY(
            column(filter, CaseListModel::title).contains(QStringLiteral("wethouder, Utrecht")));
        filter.set_mine_of(std::string("bram"));  // confidant of 1 and 3
        QCOMPARE(filter.rowCount(), 3);
        filter.set_mine_of(std::string("daan"));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, 0).data(CaseListModel::verified_role).toBool(), false);
    }

    void a_failed_case_is_marked_in_words_colour_icon_and_tooltip() {
        CaseListModel model;
        QSignalSpy marks(&model, &CaseListModel::marks_changed);
        model.reset_rows(sample());
        QCOMPARE(model.unverified_count(), 1);
        QCOMPARE(marks.count(), 1);
        const int at = model.row_of(failed_row(4).case_hex);
        QVERIFY(at >= 0);
        const QModelIndex notice = model.index(at, CaseListModel::notice);
        QVERIFY(notice.data().toString().contains(QStringLiteral("INTEGRITY FAILURE")));
        QVERIFY(model.index(at, CaseListModel::status)
                    .data()
                    .toString()
                    .contains(QStringLiteral("INTEGRITY FAILURE")));
        QVERIFY(notice.data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("INTEGRITEITSFOUT: stop en bel de coördinator")));
        QVERIFY(!notice.data(Qt::DecorationRole).isNull());
        QVERIFY(!model.index(at, CaseListModel::title).data(Qt::BackgroundRole).isNull());
        // Its title names the case by id, not by anything the case claims.
        QVERIFY(model.index(at, CaseListModel::title)
                    .data()
                    .toString()
                    .contains(failed_row(4).case_hex.left(8)));
        // A verified row carries none of it.
        const int fine = model.row_of(hex_of(1));
        QVERIFY(model.index(fine, CaseListModel::title).data(Qt::BackgroundRole).isNull());
        QVERIFY(model.index(fine, CaseListModel::notice).data(Qt::ToolTipRole).isNull());
    }

    void quarantined_records_are_marked_with_what_to_do() {
        CaseListModel model;
        client::CaseOverview o;
        o.case_id = hex_of(7).toStdString();
        o.title = "t";
        o.quarantined = 2;
        o.quarantine_notice =
            "onleesbaar record van 'daan', genegeerd: x; meld dit bij de "
            "coördinator / unreadable record";
        model.reset_rows({make_case_row(o)});
        QCOMPARE(model.quarantined_case_count(), 1);
        const QModelIndex notice = model.index(0, CaseListModel::notice);
        QVERIFY(notice.data().toString().contains(QStringLiteral("2 in quarantine")));
        QVERIFY(notice.data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("meld dit bij de coördinator")));
        QVERIFY(model.first_quarantine_notice().contains(QStringLiteral("daan")));
    }

    void a_changed_case_is_bold_and_new_until_opened_and_survives_a_full_refresh() {
        CaseListModel model;
        model.reset_rows(sample());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const QString hex = hex_of(2);
        model.set_changed(hex, true);
        QCOMPARE(changed.count(), 1);
        // Only that row changed.
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), model.row_of(hex));
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), model.row_of(hex));
        const QModelIndex notice = model.index(model.row_of(hex), CaseListModel::notice);
        QCOMPARE(notice.data().toString(), QStringLiteral("new"));
        QVERIFY(notice.data(Qt::FontRole).value<QFont>().bold());
        // A full listing keeps the mark; so does a re-read of that case.
        model.reset_rows(sample());
        QVERIFY(model.index(model.row_of(hex), 0).data(CaseListModel::changed_role).toBool());
        model.update_row(verified_row(2, "raadslid, Zwolle", "nazorg", "erik", 1'700'000'900));
        QVERIFY(model.index(model.row_of(hex), 0).data(CaseListModel::changed_role).toBool());
        model.set_changed(hex, false);
        QVERIFY(!model.index(model.row_of(hex), 0).data(CaseListModel::changed_role).toBool());
        QVERIFY(model.index(model.row_of(hex), CaseListModel::notice).data().toString().isEmpty());
    }

    void the_page_banners_a_failed_case_and_keeps_it_whatever_the_filter() {
        QTemporaryDir dir;
        AppController controller(dir.path().toStdString());  // locked: no reading
        CaseListPage page(controller);
        page.show();
        auto* banner =
            testing::find_by_name<QLabel>(&page, QStringLiteral("Cases that failed verification"));
        QVERIFY(banner != nullptr);
        QVERIFY(!banner->isVisible());
        page.model()->reset_rows(sample());
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("1 case")), qPrintable(banner->text()));
        QVERIFY(banner->text().contains(
            QStringLiteral("INTEGRITEITSFOUT: stop en bel de coördinator")));
        QCOMPARE(banner->textFormat(), Qt::PlainText);

        auto* search = testing::find_by_name<QLineEdit>(&page, QStringLiteral("Search cases"));
        auto* status = testing::find_by_name<QComboBox>(&page, QStringLiteral("Status filter"));
        auto* mine = testing::find_by_name<QCheckBox>(&page, QStringLiteral("My cases"));
        QVERIFY(search && status && mine);
        // The status filter offers "all" and the codebook's Dutch labels.
        QCOMPARE(status->count(), 6);
        QCOMPARE(status->itemText(2), QStringLiteral("in behandeling"));
        QTest::keyClicks(search, QStringLiteral("Zwolle"));
        QCOMPARE(page.table()->model()->rowCount(), 2);
        status->setCurrentIndex(status->findData(QStringLiteral("intake")));
        QCOMPARE(page.table()->model()->rowCount(), 1);
        QCOMPARE(page.table()->model()->index(0, 0).data(CaseListModel::verified_role).toBool(),
                 false);
        search->clear();
        QCOMPARE(page.table()->model()->rowCount(), 2);  // case 1 and the failed one
        mine->setChecked(true);  // nobody is logged in: only the failed case is left
        QCOMPARE(page.table()->model()->rowCount(), 1);
        QCOMPARE(page.table()->model()->index(0, 0).data(CaseListModel::verified_role).toBool(),
                 false);
        mine->setChecked(false);
        QCOMPARE(page.table()->model()->rowCount(), 2);

        // The banner's button takes the cursor to the failed case.
        auto* show = testing::find_by_name<QPushButton>(
            &page, QStringLiteral("Show the cases that failed verification"));
        QVERIFY(show != nullptr && show->isVisible());
        page.table()->sortByColumn(CaseListModel::title, Qt::DescendingOrder);
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(page.table()->currentIndex().row(), 0);
        QCOMPARE(page.table()->currentIndex().data(CaseListModel::verified_role).toBool(), false);
        QVERIFY(page.table()->hasFocus() || !page.isActiveWindow());
    }

    void enter_opens_the_selected_case_and_clears_its_mark() {
        QTemporaryDir dir;
        AppController controller(dir.path().toStdString());
        CaseListPage page(controller);
        page.show();
        page.model()->reset_rows(sample());
        page.model()->set_changed(hex_of(3), true);
        QSignalSpy opened(&page, &CaseListPage::open_case_requested);
        QAbstractItemModel* view_model = page.table()->model();
        int at = -1;
        for (int r = 0; r < view_model->rowCount(); ++r) {
            if (view_model->index(r, 0).data(CaseListModel::case_id_role).toString() == hex_of(3)) {
                at = r;
            }
        }
        QVERIFY(at >= 0);
        page.table()->setFocus();
        page.table()->setCurrentIndex(view_model->index(at, CaseListModel::title));
        QTest::keyClick(page.table(), Qt::Key_Return);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toString(), hex_of(3));
        QVERIFY(!page.model()
                     ->index(page.model()->row_of(hex_of(3)), 0)
                     .data(CaseListModel::changed_role)
                     .toBool());
    }

    void ten_thousand_rows_load_sort_filter_and_answer_every_cell() {
        std::vector<CaseRow> rows;
        rows.reserve(10'000);
        for (int i = 0; i < 10'000; ++i) {
            rows.push_back(verified_row(i + 1, "zaak " + std::to_string(i),
                                        i % 2 ? "nazorg" : "intake", i % 3 ? "bram" : "erik",
                                        1'700'000'000 + i, static_cast<std::size_t>(i % 7)));
        }
        rows[5'000] = failed_row(0x7f);
        CaseListModel model;
        CaseListFilter filter;
        filter.setSourceModel(&model);
        filter.sort(CaseListModel::last_change, Qt::DescendingOrder);
        QElapsedTimer timer;
        timer.start();
        model.reset_rows(std::move(rows));
        const qint64 load_ms = timer.restart();
        filter.set_search_text(QStringLiteral("zaak 99"));
        const qint64 filter_ms = timer.restart();
        // "zaak 99" matches 99, 990-999 and 9900-9999 (111 cases), plus the failed
        // case, which no filter hides.
        QCOMPARE(filter.rowCount(), 112);
        filter.set_search_text({});
        filter.sort(CaseListModel::open_tasks, Qt::AscendingOrder);
        const qint64 sort_ms = timer.restart();
        QCOMPARE(filter.rowCount(), 10'000);
        // data() of every cell, as a view scrolling through the list asks it.
        int cells = 0;
        for (int r = 0; r < filter.rowCount(); ++r) {
            for (int c = 0; c < CaseListModel::count; ++c) {
                cells += filter.index(r, c).data().isValid() ? 1 : 0;
            }
        }
        const qint64 scan_ms = timer.restart();
        QCOMPARE(cells, 10'000 * int(CaseListModel::count));
        QCOMPARE(filter.index(9'999, CaseListModel::open_tasks).data().toString(),
                 QStringLiteral("6"));
        qInfo("10,000 rows: load %lld ms, filter %lld ms, sort %lld ms, all cells %lld ms", load_ms,
              filter_ms, sort_ms, scan_ms);

        // A view over them, as the page sets it up: paint a screenful at the top,
        // page to the bottom, paint again.
        QTemporaryDir dir;
        AppController controller(dir.path().toStdString());
        CaseListPage page(controller);
        page.resize(1100, 700);
        page.show();
        timer.restart();
        page.model()->reset_rows(std::vector<CaseRow>(model.row_at(0), model.row_at(0) + 1));
        std::vector<CaseRow> copy;
        copy.reserve(10'000);
        for (int r = 0; r < model.rowCount(); ++r) {
            copy.push_back(*model.row_at(r));
        }
        page.model()->reset_rows(std::move(copy));
        (void)page.table()->viewport()->grab();
        const qint64 first_paint_ms = timer.restart();
        for (int step = 0; step < 20; ++step) {
            QTest::keyClick(page.table(), Qt::Key_PageDown);
            (void)page.table()->viewport()->grab();
        }
        page.table()->scrollToBottom();
        (void)page.table()->viewport()->grab();
        const qint64 scroll_ms = timer.restart();
        QVERIFY(page.table()->currentIndex().row() > 100);
        QTest::keyClicks(page.findChild<QLineEdit*>(), QStringLiteral("zaak 12"));
        (void)page.table()->viewport()->grab();
        const qint64 typing_ms = timer.restart();
        QCOMPARE(page.table()->model()->rowCount(), 112);  // 12, 120-129, 1200-1299 + failed
        qInfo(
            "10,000 rows in the page: first paint %lld ms, 20 pages down and to the end "
            "%lld ms, typing 7 characters of search %lld ms",
            first_paint_ms, scroll_ms, typing_ms);
        // Figures, not a bound: a loaded test machine must not fail the build
        // (issue 10 asks for a benchmark, not a timed test).
    }
};

QTEST_MAIN(CaseListModelTest)
#include "case_list_model_test.moc"
