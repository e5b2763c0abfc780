// bench_desktop: the desktop client's figures (docs/benchmarks.md, "Desktop client"),
// each next to a baseline measured in the same run, on the offscreen platform.
//
//   bench_desktop [--out FILE] [--cases N] [--records R] [--runs K]
//
// 1. The case list at N cases (10,000 by default) against the same list at 100:
//    filling the model and painting the first screen; one keystroke of search
//    (the proxy filters all N rows and the view repaints); a status filter; a sort
//    by a column; scrolling a page down (per frame, every page of the first 50).
//    The rows are made from CaseOverview values as the worker makes them
//    (case_row.h); reading and verifying N cases is the core's cost, measured by
//    `make bench` (bench_client) and not repeated here.
// 2. A case of R records (1,000 by default) opened in a CaseView from the local
//    store, to its first paint, against a case of 1 record in the same run: a real
//    server, the case seeded by bench_seed_cases, read once through the core so the
//    local store holds it (that first, verified read is timed too, once), then the
//    view built and painted K times.
//
// Every figure is K runs (5 by default): min / median / max in milliseconds, and the
// median as a ratio to its baseline's median. A paint is forced with repaint() on
// the view's viewport, which paints synchronously, so a figure includes the paint.
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QProcess>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "app_controller.h"
#include "bench_report.h"
#include "case_list_filter.h"
#include "case_list_model.h"
#include "case_row.h"
#include "case_view.h"
#include "core_worker.h"
#include "demo_team.h"
#include "timeline_model.h"

namespace {

using weerbaar::bench::summarise;
using weerbaar::bench::Summary;
using namespace weerbaar::desktop;

struct Line {
    std::string figure;
    Summary measured;
    Summary baseline;
    std::string baseline_name;
};

double elapsed_ms(const std::function<void()>& work) {
    QElapsedTimer timer;
    timer.start();
    work();
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

// Overviews as the core makes them, varied like a real team's cases.
std::vector<CaseRow> make_rows(std::size_t count) {
    static const char* const offices[] = {"wethouder", "raadslid", "burgemeester", "gedeputeerde",
                                          "statenlid"};
    static const char* const statuses[] = {"intake", "lopend", "doorverwezen", "gesloten"};
    static const char* const labels[] = {"intake", "lopend", "doorverwezen", "gesloten"};
    static const char* const risks[] = {"laag", "midden", "hoog"};
    static const char* const confidants[] = {"bram", "eva", "sanne", "joost", "fatima"};
    std::vector<CaseRow> rows;
    rows.reserve(count);
    const std::int64_t now = QDateTime::currentSecsSinceEpoch();
    for (std::size_t i = 0; i < count; ++i) {
        weerbaar::client::CaseOverview overview;
        char id[33];
        std::snprintf(id, sizeof id, "%032zx", i + 1);
        overview.case_id = id;
        char title[96];
        std::snprintf(title, sizeof title, "%s, GM%04zu, 2026-%02zu-%02zu, %s", offices[i % 5],
                      300 + i % 97, 1 + i % 12, 1 + i % 28, risks[i % 3]);
        overview.title = title;
        overview.status = statuses[i % 4];
        overview.status_label = labels[i % 4];
        overview.confidant = confidants[i % 5];
        overview.open_tasks = i % 4;
        overview.last_change_unix = now - static_cast<std::int64_t>(i) * 600;
        overview.retention_until_unix = overview.status == "gesloten" ? now + 86400 * 365 : 0;
        overview.verified = i % 997 != 0;  // a few integrity failures, as the banner shows
        rows.push_back(make_case_row(std::move(overview)));
    }
    return rows;
}

struct ListView {
    CaseListModel model;
    CaseListFilter filter;
    QTableView view;
    ListView() {
        filter.setSourceModel(&model);
        view.setModel(&filter);
        view.setSortingEnabled(true);
        view.verticalHeader()->setDefaultSectionSize(24);
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.resize(1280, 800);
        view.show();
        (void)QTest::qWaitForWindowExposed(&view);
    }
    // Lays out what changed (scroll ranges, header) and paints the visible rows now.
    void paint() {
        QApplication::processEvents();
        view.viewport()->repaint();
    }
};

std::vector<double> runs_of(int runs, const std::function<double()>& one) {
    std::vector<double> values;
    for (int i = 0; i < runs; ++i) {
        values.push_back(one());
    }
    return values;
}

void list_figures(std::size_t cases, int runs, std::vector<Line>& lines) {
    const std::size_t small = 100;
    auto fill = [&](std::size_t count) {
        return runs_of(runs, [count] {
            ListView list;
            std::vector<CaseRow> rows = make_rows(count);  // made off the clock: the worker's part
            QApplication::processEvents();
            return elapsed_ms([&] {
                list.model.reset_rows(std::move(rows));
                list.paint();
            });
        });
    };
    const Summary fill_small = *summarise(fill(small));
    const Summary fill_large = *summarise(fill(cases));
    const std::string n = weerbaar::bench::with_thousands(cases);
    const std::string base = "the same at 100 cases";
    lines.push_back(
        {"case list, " + n + " cases: fill and first paint", fill_large, fill_small, base});

    // One step on a filled list, timed with its repaint; `step(list, run)` alternates
    // what it asks by run, so every run does the work afresh.
    auto steps = [&](std::size_t count, const std::function<void(ListView&, int)>& step) {
        ListView list;
        list.model.reset_rows(make_rows(count));
        list.paint();
        int run = 0;
        return runs_of(runs, [&] {
            const int this_run = run++;
            return elapsed_ms([&] {
                step(list, this_run);
                list.paint();
            });
        });
    };
    auto figure = [&](const std::string& what, const std::function<void(ListView&, int)>& step) {
        lines.push_back({"case list, " + n + " cases: " + what, *summarise(steps(cases, step)),
                         *summarise(steps(small, step)), base});
    };
    figure("one keystroke of search, filter and repaint", [](ListView& list, int run) {
        list.filter.set_search_text(run % 2 == 0 ? QStringLiteral("gm03") : QStringLiteral("gm04"));
    });
    figure("status filter and repaint", [](ListView& list, int run) {
        list.filter.set_status(run % 2 == 0 ? std::optional<std::string>("lopend") : std::nullopt);
    });
    figure("sort by last change and repaint", [](ListView& list, int run) {
        list.view.sortByColumn(CaseListModel::last_change,
                               run % 2 == 0 ? Qt::AscendingOrder : Qt::DescendingOrder);
    });

    auto scroll = [&](std::size_t count) {
        ListView list;
        list.model.reset_rows(make_rows(count));
        list.paint();
        QScrollBar* bar = list.view.verticalScrollBar();
        if (count > 1000 && bar->maximum() == 0) {
            std::fprintf(stderr, "bench_desktop: the list did not lay out (no scroll range)\n");
            std::exit(1);
        }
        std::vector<double> frames;
        for (int page = 0; page < 50 && bar->value() < bar->maximum(); ++page) {
            frames.push_back(elapsed_ms([&] {
                bar->setValue(bar->value() + bar->pageStep());
                list.paint();
            }));
        }
        if (frames.empty()) {  // 100 rows may fit on one screen: a repaint in place instead
            frames.push_back(elapsed_ms([&] { list.paint(); }));
        }
        return frames;
    };
    lines.push_back({"case list, " + n + " cases: scroll one page and repaint (per frame)",
                     *summarise(scroll(cases)), *summarise(scroll(small)), base});
}

bool wait_for(const std::function<bool()>& condition, int timeout_ms) {
    return QTest::qWaitFor(condition, timeout_ms);
}

// Construction of a CaseView to its first paint, from the local store: the cached
// read on the worker, the models filled, and the whole view painted once.
std::vector<double> first_paints(AppController& controller, const QString& case_hex,
                                 int expected_rows, int runs, std::string& failure) {
    std::vector<double> values;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        auto view = std::make_unique<CaseView>(controller, case_hex);
        view->resize(1280, 800);
        view->show();
        if (!wait_for([&] { return view->first_paint_ms() >= 0; }, 60000)) {
            failure = "the case view never painted";
            return {};
        }
        view->repaint();
        values.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        if (view->timeline()->rowCount() != expected_rows) {
            failure = "the case view shows " + std::to_string(view->timeline()->rowCount()) +
                      " records, not " + std::to_string(expected_rows);
            return {};
        }
        if (!view->snapshot() || !view->snapshot()->from_cache) {
            failure = "the first paint did not come from the local store";
            return {};
        }
        // Let the verified read behind it finish, so runs do not queue on each other.
        if (!wait_for([&] { return view->verified(); }, 600000)) {
            failure = "the verified read did not finish";
            return {};
        }
    }
    return values;
}

bool case_figures(std::size_t records, int runs, std::vector<Line>& lines, std::string& failure) {
    testing::DemoTeam team(std::map<std::string, std::string>{{"bram", "confidant"}});
    const QString long_case = QString::fromStdString(team.open_case("bram"));
    const QString short_case = QString::fromStdString(team.open_case("bram"));
    QTemporaryDir dir;
    const QString ids = dir.filePath(QStringLiteral("ids"));
    {
        QFile file(ids);
        if (!file.open(QIODevice::WriteOnly)) {
            failure = "cannot write the ids file";
            return false;
        }
        file.write(long_case.toLatin1() + "\n");
    }
    // R - 1 notes after the intake, sealed in a chain as the client does (seed_cases.cpp).
    QProcess seed;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("WEERBAAR_PASSPHRASE"),
                       QString::fromLatin1(testing::kDemoPassphrase));
    seed.setProcessEnvironment(environment);
    seed.start(QStringLiteral(WEERBAAR_SEED_BIN),
               {QStringLiteral("append"), QStringLiteral("--profile"),
                QString::fromStdString(team.profile("bram").string()), QStringLiteral("--ids"), ids,
                QStringLiteral("--records"), QString::number(records - 1),
                QStringLiteral("--threads"), QStringLiteral("1")});
    if (!seed.waitForFinished(1800000) || seed.exitCode() != 0) {
        failure = "seeding failed: " + seed.readAllStandardError().toStdString();
        return false;
    }

    AppController controller(team.profile("bram"));
    controller.unlock(QString::fromLatin1(testing::kDemoPassphrase));
    if (!wait_for([&] { return controller.is_unlocked(); }, 60000)) {
        failure = "bram did not unlock";
        return false;
    }
    // One verified read of each, so the local store holds both (what a member who
    // read the case before has). Timed too: the first opening of a case this client
    // never read in full, from construction to the verified read painted (one run
    // each: after it the case is cached).
    std::vector<double> verified_reads;
    for (const QString& hex : {long_case, short_case}) {
        QElapsedTimer timer;
        timer.start();
        auto view = std::make_unique<CaseView>(controller, hex);
        if (!wait_for([&] { return view->verified(); }, 1800000)) {
            failure = "the verified read of the case did not finish";
            return false;
        }
        view->repaint();
        verified_reads.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    const std::vector<double> long_paints =
        first_paints(controller, long_case, static_cast<int>(records), runs, failure);
    const std::vector<double> short_paints = first_paints(controller, short_case, 1, runs, failure);
    controller.lock();
    if (long_paints.empty() || short_paints.empty()) {
        return false;
    }
    lines.push_back({"case view, " + weerbaar::bench::with_thousands(records) +
                         " records: construction to first paint, from the local store",
                     *summarise(long_paints), *summarise(short_paints), "a case of 1 record"});
    lines.push_back(
        {"case view, " + weerbaar::bench::with_thousands(records) +
             " records never read before: construction to the verified read painted (1 run)",
         *summarise({verified_reads[0]}), *summarise({verified_reads[1]}), "a case of 1 record"});
    return true;
}

std::string row_of(const Line& line) {
    char text[512];
    const double ratio = line.baseline.median > 0 ? line.measured.median / line.baseline.median : 0;
    std::snprintf(text, sizeof text, "| %s | %.2f / %.2f / %.2f | %s: %.2f / %.2f / %.2f | %.1fx |",
                  line.figure.c_str(), line.measured.min, line.measured.median, line.measured.max,
                  line.baseline_name.c_str(), line.baseline.min, line.baseline.median,
                  line.baseline.max, ratio);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("markdown file for the table"),
                                 QStringLiteral("FILE"));
    const QCommandLineOption cases(QStringLiteral("cases"), QStringLiteral("cases in the list"),
                                   QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption records(QStringLiteral("records"),
                                     QStringLiteral("records in the case"), QStringLiteral("R"),
                                     QStringLiteral("1000"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("runs per figure"),
                                  QStringLiteral("K"), QStringLiteral("5"));
    parser.addOptions({out, cases, records, runs});
    parser.process(app);
    bool ok_cases = false;
    bool ok_records = false;
    bool ok_runs = false;
    const std::size_t case_count = parser.value(cases).toULongLong(&ok_cases);
    const std::size_t record_count = parser.value(records).toULongLong(&ok_records);
    const int run_count = parser.value(runs).toInt(&ok_runs);
    if (!ok_cases || !ok_records || !ok_runs || case_count < 100 || record_count < 2 ||
        run_count < 1) {
        std::fprintf(stderr, "bench_desktop: --cases >= 100, --records >= 2, --runs >= 1\n");
        return 2;
    }

    std::vector<Line> lines;
    list_figures(case_count, run_count, lines);
    std::fprintf(stderr, "bench_desktop: case list done; seeding a %zu-record case\n",
                 record_count);
    std::string failure;
    bool cased = false;
    try {
        cased = case_figures(record_count, run_count, lines, failure);
    } catch (const std::exception& error) {  // the team could not be set up (DemoTeam throws)
        failure = error.what();
    }
    if (!cased) {
        std::fprintf(stderr, "bench_desktop: %s\n", failure.c_str());
        return 1;
    }

    std::string table =
        "| figure | ms (min / median / max) | baseline, ms | median / baseline "
        "|\n|---|---|---|---|\n";
    for (const Line& line : lines) {
        table += row_of(line) + "\n";
    }
    std::fputs(table.c_str(), stdout);
    join_worker_threads();
    if (parser.isSet(out)) {
        QFile file(parser.value(out));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(table.data(), static_cast<qint64>(table.size())) !=
                static_cast<qint64>(table.size())) {
            std::fprintf(stderr, "bench_desktop: cannot write %s\n", qPrintable(parser.value(out)));
            return 1;
        }
    }
    return 0;
}
