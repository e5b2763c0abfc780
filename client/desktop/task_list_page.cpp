#include "task_list_page.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <map>

#include "app_controller.h"
#include "core_worker.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_overview.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/list_filters.h"

namespace weerbaar::desktop {

namespace {

// One row, as plain text made on the worker.
struct TaskRow {
    QString case_hex;
    QString title;       // display_line of the task's title
    QString case_title;  // the case's overview title
    QString due;         // YYYY-MM-DD as written
    bool overdue = false;
};

struct TaskListing {
    std::vector<TaskRow> rows;
    std::size_t unverified_cases = 0;
};

}  // namespace

TaskListPage::TaskListPage(AppController& controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    setAccessibleName(tr("My tasks"));
    auto* layout = new QVBoxLayout(this);

    unverified_ = new QLabel(this);
    unverified_->setTextFormat(Qt::PlainText);
    unverified_->setWordWrap(true);
    unverified_->setAccessibleName(tr("Cases that could not be verified"));
    unverified_->setStyleSheet(QStringLiteral(
        "QLabel { background: #8b0000; color: #ffffff; font-weight: bold; padding: 8px; }"));
    unverified_->hide();
    layout->addWidget(unverified_);

    auto* bar = new QHBoxLayout;
    progress_ = new QProgressBar(this);
    progress_->setAccessibleName(tr("Cases read"));
    progress_->setFormat(tr("%v of %m cases"));
    progress_->hide();
    status_line_ = new QLabel(this);
    status_line_->setTextFormat(Qt::PlainText);
    status_line_->setAccessibleName(tr("Task list status"));
    refresh_button_ = new QPushButton(tr("&Refresh"), this);
    refresh_button_->setAccessibleName(tr("Refresh my tasks"));
    refresh_button_->setToolTip(tr("Read the tasks again (F5)"));
    bar->addWidget(progress_);
    bar->addWidget(status_line_, 1);
    bar->addWidget(refresh_button_);
    layout->addLayout(bar);

    model_ = new QStandardItemModel(0, Column::column_count, this);
    model_->setHorizontalHeaderLabels({tr("Task"), tr("Case"), tr("Due")});
    table_ = new QTableView(this);
    table_->setAccessibleName(tr("My tasks"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setTabKeyNavigation(false);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(Column::task_column, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(Column::case_column, QHeaderView::Stretch);
    layout->addWidget(table_, 1);
    setFocusProxy(table_);

    connect(table_, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        Q_EMIT open_case_requested(index.data(case_id_role).toString());
    });
    connect(refresh_button_, &QPushButton::clicked, this, &TaskListPage::refresh);
    auto* refresh_action = new QAction(tr("Refresh"), this);
    refresh_action->setShortcut(QKeySequence::Refresh);
    refresh_action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(refresh_action, &QAction::triggered, this, &TaskListPage::refresh);
    addAction(refresh_action);
    refresh();
}

void TaskListPage::refresh() {
    if (!controller_.is_unlocked()) {
        return;
    }
    if (loading_) {
        refresh_again_ = true;
        return;
    }
    loading_ = true;
    progress_->setRange(0, 0);
    progress_->show();
    status_line_->setText(tr("Reading the tasks…"));
    const std::string user = controller_.user().toStdString();
    // Made here, on the UI thread: a pointer that knows when the bar is gone.
    const QPointer<QObject> bar(progress_);
    controller_.worker().post<Result<TaskListing>>(
        this,
        [bar, user](CoreContext& context) -> Result<TaskListing> {
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            client::LongWork work = context.work();
            work.on_progress = [bar](std::uint64_t done, std::uint64_t total) {
                CoreWorker::deliver(bar, [bar, done, total] {
                    auto* progress = static_cast<QProgressBar*>(bar.data());
                    progress->setRange(0, static_cast<int>(total));
                    progress->setValue(static_cast<int>(done));
                });
            };
            // list_tasks' walk, keeping each case's title on the way (the task list
            // names the case a task belongs to).
            const client::TaskFilter filter{user, std::nullopt};
            client::TaskList list;
            std::map<std::string, std::string> titles;
            WEERBAAR_TRY(client::visit_cases(
                context.session(), directory,
                [&](const v1::CaseSummary&, const client::OpenedCase* opened) {
                    if (opened != nullptr) {
                        client::CaseOverview overview = client::overview_of(*opened);
                        titles[overview.case_id] = std::move(overview.title);
                    }
                    client::add_case_tasks(list, opened, filter);
                },
                work));
            const auto today = client::local_today();
            TaskListing listing;
            listing.unverified_cases = list.unverified_cases;
            for (const client::CaseTask& task : client::task_agenda(std::move(list.tasks), today)) {
                listing.rows.push_back(
                    TaskRow{QString::fromStdString(task.case_id),
                            QString::fromStdString(client::display_line(task.view.task.title())),
                            QString::fromStdString(titles[task.case_id]),
                            QString::fromStdString(client::display_line(task.view.task.due())),
                            client::is_overdue(task.view.task, today)});
            }
            return listing;
        },
        [this](Result<TaskListing> result) {
            loading_ = false;
            progress_->hide();
            ++listings_done_;
            if (!result.ok()) {
                status_line_->setText(
                    QString::fromStdString(client::one_line_message(result.error())));
            } else {
                const TaskListing& listing = result.value();
                model_->removeRows(0, model_->rowCount());
                for (const TaskRow& row : listing.rows) {
                    QList<QStandardItem*> items;
                    items << new QStandardItem(row.title) << new QStandardItem(row.case_title);
                    // Overdue in words, so it does not rest on colour alone.
                    auto* due = new QStandardItem(
                        row.overdue ? tr("%1 (overdue)").arg(row.due)
                                    : (row.due.isEmpty() ? tr("no date") : row.due));
                    if (row.overdue) {
                        QFont bold = due->font();
                        bold.setBold(true);
                        due->setFont(bold);
                        due->setForeground(QColor(0x8B, 0x00, 0x00));
                    }
                    items << due;
                    for (QStandardItem* item : items) {
                        item->setData(row.case_hex, case_id_role);
                        item->setEditable(false);
                    }
                    model_->appendRow(items);
                }
                const int unverified = static_cast<int>(listing.unverified_cases);
                if (unverified > 0) {
                    const std::string_view lead = client::dutch_lead(ErrorCode::integrity_failure);
                    unverified_->setText(
                        tr("%n case(s) could not be verified; their tasks are not shown.", nullptr,
                           unverified) +
                        QLatin1Char(' ') +
                        QString::fromUtf8(lead.data(), static_cast<qsizetype>(lead.size())));
                }
                unverified_->setVisible(unverified > 0);
                status_line_->setText(tr("%n open task(s)", nullptr, model_->rowCount()));
                if (model_->rowCount() > 0 && !table_->currentIndex().isValid()) {
                    table_->setCurrentIndex(model_->index(0, 0));
                }
            }
            if (refresh_again_) {
                refresh_again_ = false;
                refresh();
            }
        });
}

}  // namespace weerbaar::desktop
