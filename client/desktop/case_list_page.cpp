#include "case_list_page.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFontMetrics>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <optional>

#include "app_controller.h"
#include "case_change_stream.h"
#include "case_list_filter.h"
#include "case_list_model.h"
#include "case_row.h"
#include "core_worker.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_overview.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/list_filters.h"

namespace weerbaar::desktop {

namespace {

QString from_view(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// What one case read again gives the page.
struct Reread {
    QString case_hex;
    std::optional<CaseRow> row;  // the new row, or none
    bool removed = false;        // no longer shared with the user
    QString error;               // the core's line when the read failed otherwise
};

// A tray message at most this often: a burst of changes is one notice.
constexpr qint64 kTrayQuietMs = 10'000;

}  // namespace

CaseListPage::CaseListPage(AppController& controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    setAccessibleName(tr("Cases"));
    build();
    stream_ = new CaseChangeStream(controller_, this);
    connect(stream_, &CaseChangeStream::case_changed, this,
            [this](const QString& hex, bool by_self) {
                if (!by_self) {
                    on_case_changed(hex);
                } else {
                    pending_.insert(hex);
                    reread_timer_.start();
                }
            });
    connect(stream_, &CaseChangeStream::ended, this,
            [this](const QString& message, bool integrity_failure) {
                show_status(message);
                if (integrity_failure) {
                    refresh();  // the listing marks the case that failed
                }
            });
    connect(stream_, &CaseChangeStream::retrying, this, [this](int seconds) {
        show_status(
            tr("The server cannot be reached; trying again in %n second(s).", nullptr, seconds));
    });
    // The watch holds the session: it ends before the lock lets go of the keys.
    connect(&controller_, &AppController::about_to_lock, stream_, &CaseChangeStream::stop);
    reread_timer_.setSingleShot(true);
    reread_timer_.setInterval(300);
    connect(&reread_timer_, &QTimer::timeout, this, &CaseListPage::reread_pending);
    refresh();
}

CaseListPage::~CaseListPage() = default;

void CaseListPage::build() {
    auto* layout = new QVBoxLayout(this);

    // The banner and a way to the rows it is about: in a list of thousands a
    // marked row may be far out of sight.
    failure_frame_ = new QFrame(this);
    failure_frame_->setStyleSheet(
        QStringLiteral("QFrame { background: #8b0000; } QLabel { color: #ffffff; "
                       "font-weight: bold; padding: 8px; }"));
    auto* failure_row = new QHBoxLayout(failure_frame_);
    failure_row->setContentsMargins(0, 0, 8, 0);
    failure_banner_ = new QLabel(failure_frame_);
    failure_banner_->setTextFormat(Qt::PlainText);
    failure_banner_->setWordWrap(true);
    failure_banner_->setAccessibleName(tr("Cases that failed verification"));
    auto* show_failed = new QPushButton(tr("S&how them"), failure_frame_);
    show_failed->setAccessibleName(tr("Show the cases that failed verification"));
    failure_row->addWidget(failure_banner_, 1);
    failure_row->addWidget(show_failed);
    failure_frame_->hide();
    layout->addWidget(failure_frame_);
    connect(show_failed, &QPushButton::clicked, this, &CaseListPage::show_failed_cases);

    quarantine_banner_ = new QLabel(this);
    quarantine_banner_->setTextFormat(Qt::PlainText);
    quarantine_banner_->setWordWrap(true);
    quarantine_banner_->setAccessibleName(tr("Cases with records in quarantine"));
    quarantine_banner_->setStyleSheet(
        QStringLiteral("QLabel { background: #fff3cd; color: #3d2e00; border: 2px solid #8a6d00; "
                       "padding: 6px; }"));
    quarantine_banner_->hide();
    layout->addWidget(quarantine_banner_);

    auto* bar = new QHBoxLayout;
    auto* search_label = new QLabel(tr("&Search:"), this);
    search_ = new QLineEdit(this);
    search_->setPlaceholderText(tr("Title or confidant"));
    search_->setAccessibleName(tr("Search cases"));
    search_->setClearButtonEnabled(true);
    search_label->setBuddy(search_);
    bar->addWidget(search_label);
    bar->addWidget(search_, 1);

    auto* status_label = new QLabel(tr("S&tatus:"), this);
    status_ = new QComboBox(this);
    status_->setAccessibleName(tr("Status filter"));
    status_->addItem(tr("All"), QString());
    for (const std::string& code : client::status_choices()) {
        status_->addItem(from_view(client::dutch_label(client::CodeList::status, code)),
                         QString::fromStdString(code));
    }
    status_label->setBuddy(status_);
    bar->addWidget(status_label);
    bar->addWidget(status_);

    mine_ = new QCheckBox(tr("Only m&ine"), this);
    mine_->setAccessibleName(tr("My cases"));
    mine_->setToolTip(tr("Cases you are the confidant of or have an open task in"));
    bar->addWidget(mine_);

    refresh_button_ = new QPushButton(tr("&Refresh"), this);
    refresh_button_->setAccessibleName(tr("Refresh"));
    refresh_button_->setToolTip(tr("Read the cases again (F5)"));
    bar->addWidget(refresh_button_);
    layout->addLayout(bar);

    auto* progress_row = new QHBoxLayout;
    progress_ = new QProgressBar(this);
    progress_->setAccessibleName(tr("Cases read"));
    progress_->setFormat(tr("%v of %m cases"));
    progress_->hide();
    status_line_ = new QLabel(this);
    status_line_->setTextFormat(Qt::PlainText);
    status_line_->setAccessibleName(tr("Case list status"));
    progress_row->addWidget(progress_);
    progress_row->addWidget(status_line_, 1);
    layout->addLayout(progress_row);

    model_ = new CaseListModel(this);
    filter_ = new CaseListFilter(this);
    filter_->setSourceModel(model_);
    table_ = new QTableView(this);
    table_->setAccessibleName(tr("Case list"));
    table_->setModel(filter_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSortingEnabled(true);
    table_->setWordWrap(false);
    table_->setTabKeyNavigation(false);  // Tab leaves the table, arrows move in it
    // Fixed row heights and no fitting to contents: the view never measures 10,000
    // rows to lay them out.
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->horizontalHeader()->setSectionResizeMode(CaseListModel::title, QHeaderView::Stretch);
    // Every other column at least as wide as its (translated) heading, so no heading
    // is cut off; measured once here, never over the rows (10,000 of them).
    const QFontMetrics metrics(table_->horizontalHeader()->font());
    for (int column = 0; column < CaseListModel::count; ++column) {
        if (column == CaseListModel::title) {
            continue;
        }
        const QString heading =
            model_->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
        const int wanted = metrics.horizontalAdvance(heading) + 3 * metrics.averageCharWidth() + 16;
        table_->horizontalHeader()->resizeSection(
            column,
            std::max(wanted,
                     column == CaseListModel::last_change
                         ? metrics.horizontalAdvance(QStringLiteral("0000-00-00 00:00")) + 16
                         : 0));
    }
    table_->setColumnWidth(CaseListModel::notice, 160);
    table_->sortByColumn(CaseListModel::last_change, Qt::DescendingOrder);
    layout->addWidget(table_, 1);

    connect(search_, &QLineEdit::textChanged, filter_, &CaseListFilter::set_search_text);
    connect(status_, &QComboBox::currentIndexChanged, this, [this] {
        const QString code = status_->currentData().toString();
        filter_->set_status(code.isEmpty() ? std::nullopt
                                           : std::optional<std::string>(code.toStdString()));
    });
    connect(mine_, &QCheckBox::toggled, this, [this](bool on) {
        filter_->set_mine_of(on ? std::optional<std::string>(controller_.user().toStdString())
                                : std::nullopt);
    });
    connect(refresh_button_, &QPushButton::clicked, this, &CaseListPage::refresh);
    auto* refresh_action = new QAction(tr("Refresh"), this);
    refresh_action->setShortcut(QKeySequence::Refresh);
    refresh_action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(refresh_action, &QAction::triggered, this, &CaseListPage::refresh);
    addAction(refresh_action);
    // Enter and double-click (the view's "activated") open the case.
    connect(table_, &QAbstractItemView::activated, this, [this] { open_current(); });
    connect(model_, &CaseListModel::marks_changed, this, &CaseListPage::update_banners);
    setFocusProxy(table_);
}

void CaseListPage::refresh() {
    if (!controller_.is_unlocked()) {
        return;
    }
    if (loading_) {
        refresh_again_ = true;  // one more listing after this one, not a queue of them
        return;
    }
    loading_ = true;
    progress_->setRange(0, 0);
    progress_->show();
    show_status(tr("Reading the cases…"));
    // Made here, on the UI thread: a pointer that knows when the bar is gone.
    const QPointer<QObject> bar(progress_);
    controller_.worker().post<Result<Listing>>(
        this,
        [bar](CoreContext& context) -> Result<Listing> {
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            client::LongWork work = context.work();
            work.on_progress = [bar](std::uint64_t done, std::uint64_t total) {
                CoreWorker::deliver(bar, [bar, done, total] {
                    auto* progress = static_cast<QProgressBar*>(bar.data());
                    progress->setRange(0, static_cast<int>(total));
                    progress->setValue(static_cast<int>(done));
                });
            };
            Listing listing;
            WEERBAAR_TRY(client::visit_cases(
                context.session(), directory,
                [&listing](const v1::CaseSummary& summary, const client::OpenedCase* opened) {
                    // visit_cases fills `reopened` before the walk: a case it opened
                    // again is told of as such, not as healed.
                    if (opened != nullptr && opened->handed_back != 0 &&
                        std::none_of(listing.reopened.begin(), listing.reopened.end(),
                                     [&](const client::ReopenedCase& one) {
                                         return one.case_id == opened->case_id;
                                     })) {
                        ++listing.healed;
                    }
                    listing.rows.push_back(
                        make_case_row(opened != nullptr ? client::overview_of(*opened)
                                                        : client::unverified_overview(summary)));
                },
                work, &listing.reopened));
            return listing;
        },
        [this](Result<Listing> result) {
            loading_ = false;
            progress_->hide();
            if (result.ok()) {
                const std::vector<client::ReopenedCase> reopened =
                    std::move(result.value().reopened);
                const std::size_t healed = result.value().healed;
                model_->reset_rows(std::move(result.value().rows));
                show_status(tr("%n case(s)", nullptr, model_->rowCount()));
                show_restore_healing(healed, reopened);
            } else {
                show_status(QString::fromStdString(client::one_line_message(result.error())));
            }
            ++listings_done_;
            // The watch starts after the first listing, so both do not read every
            // changed case at the same moment.
            if (!stream_->running()) {
                stream_->start();
            }
            if (refresh_again_) {
                refresh_again_ = false;
                refresh();
            }
        });
}

void CaseListPage::case_opened(const QString& case_hex) { model_->set_changed(case_hex, false); }

void CaseListPage::open_current() {
    const QModelIndex current = table_->currentIndex();
    if (!current.isValid()) {
        return;
    }
    const QString hex = current.data(CaseListModel::case_id_role).toString();
    case_opened(hex);
    Q_EMIT open_case_requested(hex);
}

void CaseListPage::on_case_changed(const QString& case_hex) {
    model_->set_changed(case_hex, true);
    pending_.insert(case_hex);
    reread_timer_.start();  // a burst of records in one case is one read
    notify_change();
    Q_EMIT case_changed(case_hex);
}

void CaseListPage::reread_pending() {
    if (!controller_.is_unlocked()) {
        return;
    }
    const QSet<QString> cases = std::exchange(pending_, {});
    for (const QString& hex : cases) {
        const std::string id = hex.toStdString();
        controller_.worker().post<Reread>(
            this,
            [hex, id](CoreContext& context) {
                Reread out{hex, std::nullopt, false, {}};
                auto case_id = client::parse_case_id(id);
                auto directory = context.directory();
                if (!case_id.ok() || !directory.ok()) {
                    out.error = QString::fromStdString(client::one_line_message(
                        case_id.ok() ? directory.error() : case_id.error()));
                    return out;
                }
                // The case alone, verified whole (open_case), not the whole list.
                auto opened =
                    client::open_case(context.session(), directory.value(), case_id.value());
                if (opened.ok()) {
                    out.row = make_case_row(client::overview_of(opened.value()));
                } else if (opened.error().code() == ErrorCode::integrity_failure) {
                    v1::CaseSummary summary;
                    summary.set_case_id(
                        std::string(case_id.value().begin(), case_id.value().end()));
                    summary.set_updated_unix(QDateTime::currentSecsSinceEpoch());
                    out.row = make_case_row(client::unverified_overview(summary));
                } else if (opened.error().code() == ErrorCode::not_found ||
                           opened.error().code() == ErrorCode::permission_denied) {
                    out.removed = true;
                } else {
                    out.error = QString::fromStdString(client::one_line_message(opened.error()));
                }
                return out;
            },
            [this](Reread result) {
                if (result.row) {
                    // Still marked "new" if the stream marked it (update_row keeps it).
                    const bool listed = model_->row_of(result.case_hex) >= 0;
                    if (!listed) {
                        result.row->changed = true;  // a case shared with the user just now
                        set_notice(*result.row);
                    }
                    model_->update_row(std::move(*result.row));
                } else if (result.removed) {
                    model_->remove_case(result.case_hex);
                } else if (!result.error.isEmpty()) {
                    show_status(result.error);
                }
                ++rereads_done_;
            });
    }
}

void CaseListPage::update_banners() {
    const int failed = model_->unverified_count();
    if (failed > 0) {
        const std::string_view lead = client::dutch_lead(ErrorCode::integrity_failure);
        failure_banner_->setText(
            tr("%n case(s) failed verification; they stay in the list, marked.", nullptr, failed) +
            QLatin1Char(' ') + from_view(lead));
    }
    failure_frame_->setVisible(failed > 0);
    const int quarantined = model_->quarantined_case_count();
    if (quarantined > 0) {
        quarantine_banner_->setText(
            tr("%n case(s) hold records in quarantine.", nullptr, quarantined) + QLatin1Char(' ') +
            model_->first_quarantine_notice());
    }
    quarantine_banner_->setVisible(quarantined > 0);
}

void CaseListPage::show_failed_cases() {
    // Failures sort first on the notice column (CaseListModel's Qt::UserRole).
    table_->sortByColumn(CaseListModel::notice, Qt::DescendingOrder);
    const QModelIndex first = filter_->index(0, CaseListModel::title);
    if (first.isValid() && !first.data(CaseListModel::verified_role).toBool()) {
        table_->setCurrentIndex(first);
        table_->scrollTo(first);
    }
    table_->setFocus();
}

void CaseListPage::show_status(const QString& line) { status_line_->setText(line); }

void CaseListPage::show_restore_healing(std::size_t healed,
                                        const std::vector<client::ReopenedCase>& reopened) {
    const auto whole = std::count_if(reopened.begin(), reopened.end(),
                                     [](const client::ReopenedCase& one) { return !one.problem; });
    const auto given_back = static_cast<int>(healed);
    if (reopened.empty() && given_back == 0) {
        return;
    }
    QString line;
    if (given_back > 0) {
        line =
            tr("The server was restored from a backup: this computer gave back what the server "
               "missed of %n case(s).",
               nullptr, given_back);
    }
    if (!reopened.empty()) {
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) +
                tr("The server was restored from a backup: this computer opened %n case(s) "
                   "again that you opened after that backup.",
                   nullptr, static_cast<int>(whole));
    }
    for (const client::ReopenedCase& one : reopened) {
        if (one.problem) {
            // The first one only: the list marks every case that is not whole.
            line +=
                QLatin1Char(' ') + QString::fromStdString(client::one_line_message(*one.problem));
            break;
        }
    }
    show_status(line);
    if (auto* main = qobject_cast<QMainWindow*>(window())) {
        main->statusBar()->showMessage(line);
    }
    Q_EMIT healed_after_restore(line, static_cast<int>(whole));
}

void CaseListPage::notify_change() {
    // Only that something changed: never which case, its title, a name or content
    // (a shared desk, a screen seen by others, a notification centre that keeps
    // messages).
    const QString line = tr("A case has changed");
    show_status(line);
    if (auto* main = qobject_cast<QMainWindow*>(window())) {
        main->statusBar()->showMessage(line, 10'000);
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!QSystemTrayIcon::isSystemTrayAvailable() || now - last_notified_ms_ < kTrayQuietMs) {
        return;
    }
    last_notified_ms_ = now;
    if (tray_ == nullptr) {
        tray_ = new QSystemTrayIcon(window()->windowIcon(), this);
        tray_->setToolTip(tr("Weerbaar"));
    }
    tray_->show();
    tray_->showMessage(tr("Weerbaar"), line, QSystemTrayIcon::Information, 5000);
}

}  // namespace weerbaar::desktop
