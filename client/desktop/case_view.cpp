#include "case_view.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMimeData>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QUrl>
#include <QVBoxLayout>
#include <filesystem>
#include <stop_token>

#include "app_controller.h"
#include "assign_task_dialog.h"
#include "contact_dialog.h"
#include "handover_dialog.h"
#include "note_dialog.h"
#include "referral_dialog.h"
#include "share_dialog.h"
#include "status_dialog.h"
#include "task_dialog.h"
#include "unshare_dialog.h"
#include "weerbaar/client/attachment_transfer.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_lifecycle.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/text_rule.h"

namespace weerbaar::desktop {

namespace {

QString message_of(const Error& error) {
    return QString::fromStdString(client::one_line_message(error));
}

QString shown(const QString& user_text) {
    return QString::fromStdString(client::display_line(user_text.toStdString()));
}

QLabel* plain_label(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);  // user text is never rich text
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

QString role_words(const QString& role) {
    if (role == QStringLiteral("confidant")) {
        return CaseView::tr("confidant");
    }
    if (role == QStringLiteral("coordinator")) {
        return CaseView::tr("coordinator");
    }
    if (role == QStringLiteral("peer")) {
        return CaseView::tr("peer");
    }
    if (role == QStringLiteral("researcher")) {
        return CaseView::tr("researcher");
    }
    return CaseView::tr("unknown");
}

std::filesystem::path to_path(const QString& path) {
    return std::filesystem::path(path.toStdU16String());
}

// Progress of a transfer as a dialog with Cancel; values scaled to per mille so
// files over 2 GiB fit an int (they cannot happen, kMaxAttachmentSize, but still).
QProgressDialog* transfer_progress(const QString& label, QWidget* parent) {
    auto* progress = new QProgressDialog(label, CaseView::tr("Cancel"), 0, 1000, parent);
    progress->setWindowModality(Qt::NonModal);  // the rest of the window stays usable
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumDuration(0);
    progress->setAccessibleName(CaseView::tr("Transfer progress"));
    progress->setValue(0);
    progress->show();
    return progress;
}

// The LongWork of a transfer: stopped by the lock or by `cancel`, with progress posted
// to the dialog. The dialog is named by a QPointer made on the UI thread (a pointer
// handed to another thread could dangle before a QPointer is made of it there).
client::LongWork transfer_work(CoreContext& context, const QPointer<QObject>& dialog,
                               const std::shared_ptr<std::stop_source>& cancel) {
    client::LongWork work = context.work({}, {}, cancel);
    work.on_progress = [dialog](std::uint64_t done, std::uint64_t total) {
        CoreWorker::deliver(dialog, [dialog, done, total] {
            if (auto* shown = qobject_cast<QProgressDialog*>(dialog.data())) {
                shown->setValue(total == 0 ? 0 : static_cast<int>(done * 1000 / total));
            }
        });
    };
    return work;
}

}  // namespace

CaseView::CaseView(AppController& controller, QString case_hex, QWidget* parent)
    : QWidget(parent), controller_(controller), case_hex_(std::move(case_hex)) {
    since_construction_.start();
    setAcceptDrops(true);
    build();
    // Transfers run on a worker of their own, which must not outlive the session.
    connect(&controller_, &AppController::about_to_lock, this,
            [this] { transfers_worker_.reset(); });
    if (controller_.is_unlocked()) {
        read_cached();
        reload();
    }
}

CaseView::~CaseView() = default;

void CaseView::build() {
    auto* layout = new QVBoxLayout(this);
    header_ = plain_label(tr("Case %1").arg(case_hex_.left(8)), this);
    QFont title_font = header_->font();
    title_font.setPointSizeF(title_font.pointSizeF() * 1.3);
    title_font.setBold(true);
    header_->setFont(title_font);
    header_->setAccessibleName(tr("Case title"));
    state_ = plain_label(tr("Reading the case…"), this);
    state_->setAccessibleName(tr("Case status"));
    notice_ = plain_label(QString(), this);
    notice_->setAccessibleName(tr("Case notice"));
    notice_->setVisible(false);
    QFont bold = notice_->font();
    bold.setBold(true);
    notice_->setFont(bold);
    message_ = plain_label(QString(), this);
    message_->setAccessibleName(tr("Last action"));
    message_->setObjectName(QStringLiteral("case_message"));
    research_notice_ = plain_label(QString(), this);
    research_notice_->setAccessibleName(tr("Research codes"));
    research_notice_->setObjectName(QStringLiteral("research_notice"));
    research_notice_->setVisible(false);
    layout->addWidget(header_);
    layout->addWidget(state_);
    layout->addWidget(notice_);

    auto* actions = new QHBoxLayout;
    const auto button = [this, actions](const QString& text, const QString& name, auto slot) {
        auto* pushed = new QPushButton(text, this);
        pushed->setAccessibleName(name);
        connect(pushed, &QPushButton::clicked, this, slot);
        actions->addWidget(pushed);
        write_buttons_.push_back(pushed);
        return pushed;
    };
    // Note and contact do not wait for the verified read: the write reads the case
    // verified itself, and typing should never wait on the network.
    auto* note = button(tr("&Note"), tr("New note"), [this] { new_note(); });
    auto* contact = button(tr("C&ontact"), tr("New contact"), [this] { new_contact(); });
    button(tr("&Referral"), tr("New referral"), [this] { new_referral(); });
    button(tr("&Task"), tr("New task"), [this] { new_task(); });
    button(tr("&Status"), tr("Change status"), [this] { change_status(); });
    button(tr("&Hand over…"), tr("Hand over the case"), [this] { hand_over(); });
    button(tr("Sh&are"), tr("Share the case"), [this] { share(); });
    button(tr("&Unshare…"), tr("Remove a member from the case"), [this] { unshare(); });
    button(tr("A&dd attachment…"), tr("Add an attachment"), [this] { add_attachment_dialog(); });
    write_buttons_.erase(write_buttons_.begin(), write_buttons_.begin() + 2);
    note->setEnabled(true);
    contact->setEnabled(true);
    actions->addStretch();
    layout->addLayout(actions);
    layout->addWidget(message_);
    layout->addWidget(research_notice_);

    tabs_ = new QTabWidget(this);
    tabs_->setAccessibleName(tr("Case sections"));
    intake_scroll_ = new QScrollArea(tabs_);
    intake_scroll_->setWidgetResizable(true);
    intake_scroll_->setAccessibleName(tr("Intake"));
    intake_page_ = new QWidget(intake_scroll_);
    intake_scroll_->setWidget(intake_page_);
    tabs_->addTab(intake_scroll_, tr("&Intake"));

    auto* timeline_page = new QWidget(tabs_);
    auto* timeline_layout = new QVBoxLayout(timeline_page);
    timeline_ = new TimelineModel(this);
    timeline_view_ = new QListView(timeline_page);
    timeline_view_->setModel(timeline_);
    timeline_view_->setWordWrap(true);
    timeline_view_->setAlternatingRowColors(true);
    timeline_view_->setSelectionMode(QAbstractItemView::SingleSelection);
    timeline_view_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Rows are laid out in batches, so a long history paints its first screen at once.
    timeline_view_->setLayoutMode(QListView::Batched);
    timeline_view_->setBatchSize(100);
    timeline_view_->setAccessibleName(tr("Timeline"));
    timeline_layout->addWidget(timeline_view_);
    save_attachment_button_ = new QPushButton(tr("Do&wnload attachment…"), timeline_page);
    save_attachment_button_->setAccessibleName(tr("Save the selected attachment"));
    connect(save_attachment_button_, &QPushButton::clicked, this,
            &CaseView::save_selected_attachment);
    timeline_layout->addWidget(save_attachment_button_, 0, Qt::AlignLeft);
    tabs_->addTab(timeline_page, tr("Time&line"));

    auto* task_page = new QWidget(tabs_);
    auto* task_layout = new QVBoxLayout(task_page);
    tasks_ = new QStandardItemModel(0, 4, this);
    tasks_->setHorizontalHeaderLabels({tr("Task"), tr("Assignee"), tr("Due"), tr("Done")});
    task_view_ = new QTableView(task_page);
    task_view_->setModel(tasks_);
    task_view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    task_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    task_view_->setSelectionMode(QAbstractItemView::SingleSelection);
    task_view_->horizontalHeader()->setStretchLastSection(true);
    task_view_->setAccessibleName(tr("Tasks"));
    task_view_->setTabKeyNavigation(false);  // Tab leaves the table; arrows move in it
    task_layout->addWidget(task_view_);
    auto* task_actions = new QHBoxLayout;
    auto* complete = new QPushButton(tr("Com&plete"), task_page);
    complete->setAccessibleName(tr("Complete the selected task"));
    connect(complete, &QPushButton::clicked, this, &CaseView::complete_selected_task);
    auto* assign = new QPushButton(tr("Assi&gn…"), task_page);
    assign->setAccessibleName(tr("Assign the selected task"));
    connect(assign, &QPushButton::clicked, this, [this] { assign_selected_task(); });
    write_buttons_.push_back(complete);
    write_buttons_.push_back(assign);
    task_actions->addWidget(complete);
    task_actions->addWidget(assign);
    task_actions->addStretch();
    task_layout->addLayout(task_actions);
    tabs_->addTab(task_page, tr("Tas&ks"));

    members_ = new QStandardItemModel(0, 3, this);
    members_->setHorizontalHeaderLabels({tr("Member"), tr("Role"), tr("Key")});
    member_view_ = new QTableView(tabs_);
    member_view_->setModel(members_);
    member_view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    member_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    member_view_->horizontalHeader()->setStretchLastSection(true);
    member_view_->setAccessibleName(tr("Members of the case"));
    member_view_->setTabKeyNavigation(false);
    tabs_->addTab(member_view_, tr("Mem&bers"));
    tabs_->setCurrentIndex(1);  // the timeline is what a member comes back for
    // Mnemonics here avoid the main window's (Cases, My tasks, Members: c, m, e), so
    // Alt+letter reaches exactly one control.
    layout->addWidget(tabs_, 1);
    set_writable(false);
}

void CaseView::set_writable(bool writable) {
    for (QPushButton* pushed : write_buttons_) {
        pushed->setEnabled(writable);
    }
}

void CaseView::read_cached() {
    auto id = crypto::from_hex(case_hex_.toStdString());
    if (!id.ok()) {
        return;
    }
    // On the local worker: the store alone, so the picture comes while the main
    // worker may still be listing every case.
    controller_.local_worker().post<Result<std::optional<CaseSnapshot>>>(
        this,
        [id = id.value()](CoreContext& context) -> Result<std::optional<CaseSnapshot>> {
            WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore * trust, context.trust());
            WEERBAAR_ASSIGN_OR_RETURN(std::optional<client::OpenedCase> cached,
                                      client::cached_case(*trust, id));
            if (!cached) {
                return std::optional<CaseSnapshot>{};
            }
            return std::optional<CaseSnapshot>(snapshot_of(*cached, true));
        },
        [this](Result<std::optional<CaseSnapshot>> result) {
            // The verified read may have come first (it runs on the main worker):
            // a view never goes back to an older picture.
            if (verified_ || !result.ok() || !result.value()) {
                return;
            }
            paint(std::move(*result.value()));
        });
}

void CaseView::reload() {
    auto id = crypto::from_hex(case_hex_.toStdString());
    if (!id.ok() || !controller_.is_unlocked()) {
        return;
    }
    controller_.worker().post<Result<CaseSnapshot>>(
        this,
        [id = id.value()](CoreContext& context) -> Result<CaseSnapshot> {
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            WEERBAAR_ASSIGN_OR_RETURN(client::OpenedCase opened,
                                      client::open_case(context.session(), directory, id));
            CaseSnapshot snapshot = snapshot_of(opened, false);
            for (CaseMember& member : snapshot.members) {
                auto verified = directory.member(member.user.toStdString());
                if (verified.ok()) {
                    member.role = QString::fromUtf8(crypto::role_name(verified.value().role()));
                    member.key_verified = verified.value().key_verified;
                    member.revoked = verified.value().revoked();
                    member.known = true;
                }
            }
            // Who else may be offered for a share or handover; the core judges each.
            if (auto all = directory.all(); all.ok()) {
                for (const client::VerifiedMember& member : all.value()) {
                    snapshot.organisation.push_back(
                        CaseMember{QString::fromStdString(member.user()),
                                   QString::fromUtf8(crypto::role_name(member.role())),
                                   member.key_verified, member.revoked(), true});
                }
            }
            return snapshot;
        },
        [this](Result<CaseSnapshot> result) {
            if (result.ok()) {
                verified_ = true;
                paint(std::move(result.value()));
                return;
            }
            const Error& error = result.error();
            if (error.code() == ErrorCode::integrity_failure) {
                // What failed verification is not shown, not even the older copy.
                verified_ = false;
                snapshot_.reset();
                timeline_->set_entries({});
                tasks_->removeRows(0, tasks_->rowCount());
                members_->removeRows(0, members_->rowCount());
                intake_scroll_->setWidget(intake_page_ = new QWidget(intake_scroll_));
                set_writable(false);
                state_->setText(tr("This case failed verification and is not shown."));
            }
            notice_->setText(message_of(error));
            notice_->setVisible(true);
        });
}

void CaseView::paint(CaseSnapshot snapshot) {
    if (first_paint_ms_ < 0) {
        first_paint_ms_ = since_construction_.elapsed();
    }
    header_->setText(snapshot.title.isEmpty() ? tr("Case %1").arg(case_hex_.left(8))
                                              : snapshot.title);
    QString state = tr("Status: %1").arg(snapshot.status_label);
    if (!snapshot.outcome_label.isEmpty()) {
        state += QStringLiteral(" · ") + tr("closed, outcome: %1").arg(snapshot.outcome_label);
    }
    state += QStringLiteral(" · ") + tr("Confidant: %1").arg(shown(snapshot.confidant));
    if (snapshot.retention_until_unix != 0) {
        state += QStringLiteral(" · ") +
                 tr("Kept until %1")
                     .arg(QString::fromStdString(client::utc_date(snapshot.retention_until_unix)));
    }
    state_->setText(state);
    QStringList notices;
    if (snapshot.quarantined != 0) {
        notices << tr(
            "%n record(s) in quarantine: unreadable and ignored; the rest of the case is "
            "in order. Report it to the coordinator.",
            nullptr, static_cast<int>(snapshot.quarantined));
    }
    if (snapshot.from_cache) {
        notices << tr("Showing the copy verified earlier; checking with the server…");
    }
    if (snapshot.handed_back != 0) {
        notices << tr(
            "The server was restored from a backup and had lost %n record(s) of this "
            "case; this computer gave them back, and the case is whole again.",
            nullptr, static_cast<int>(snapshot.handed_back));
    }
    notice_->setText(notices.join(QLatin1Char('\n')));
    notice_->setVisible(!notices.isEmpty());
    paint_intake(snapshot);
    timeline_->set_entries(snapshot.timeline);
    paint_tasks(snapshot);
    paint_members(snapshot);
    set_writable(!snapshot.from_cache);
    const QString title = header_->text();
    const bool from_cache = snapshot.from_cache;
    snapshot_ = std::move(snapshot);
    Q_EMIT title_changed(title);
    Q_EMIT painted(from_cache);
}

void CaseView::paint_intake(const CaseSnapshot& snapshot) {
    auto* page = new QWidget(intake_scroll_);
    auto* form = new QFormLayout(page);
    if (!snapshot.intake_readable) {
        form->addRow(plain_label(tr("The intake is in quarantine and cannot be shown."), page));
    }
    for (const client::IntakeLine& line : snapshot.intake) {
        auto* value = plain_label(QString::fromStdString(line.value), page);
        const QString name = QString::fromStdString(line.name);
        value->setAccessibleName(name);
        value->setObjectName(QStringLiteral("intake:") + QString::fromStdString(line.path));
        form->addRow(plain_label(name + QLatin1Char(':'), page), value);
    }
    intake_scroll_->setWidget(page);  // deletes the page before
    intake_page_ = page;
}

void CaseView::paint_tasks(const CaseSnapshot& snapshot) {
    tasks_->removeRows(0, tasks_->rowCount());
    for (const TaskRow& task : snapshot.tasks) {
        QList<QStandardItem*> row{
            new QStandardItem(task.title), new QStandardItem(shown(task.assignee)),
            new QStandardItem(task.due), new QStandardItem(task.done ? tr("done") : tr("open"))};
        row.front()->setData(task.task_hex, Qt::UserRole);
        tasks_->appendRow(row);
    }
    task_view_->resizeColumnsToContents();
}

void CaseView::paint_members(const CaseSnapshot& snapshot) {
    members_->removeRows(0, members_->rowCount());
    for (const CaseMember& member : snapshot.members) {
        QString key;
        if (!member.known) {
            key = snapshot.from_cache ? tr("checking…") : tr("unknown");
        } else if (member.revoked) {
            key = tr("revoked");
        } else if (member.key_verified) {
            key = tr("verified by you");
        } else {
            key = tr("not verified by you");
        }
        QList<QStandardItem*> row{
            new QStandardItem(shown(member.user)),
            new QStandardItem(member.known ? role_words(member.role) : QString()),
            new QStandardItem(key)};
        row.front()->setData(member.user, Qt::UserRole);
        members_->appendRow(row);
    }
    member_view_->resizeColumnsToContents();
}

void CaseView::show_message(const QString& message) {
    message_->setText(message);
    Q_EMIT message_shown(message);
}

void CaseView::show_research_problem(const QString& problem) {
    if (problem.isEmpty()) {
        research_notice_->clear();
        research_notice_->setVisible(false);
        return;
    }
    // A line, never a modal error: the record was kept, and the next write or
    // "Update research codes" catches up (case_writer.h).
    research_notice_->setText(
        tr("The research codes of this case were not updated (%1). The next change or "
           "\"Update research codes\" in the Research menu catches up.")
            .arg(problem));
    research_notice_->setVisible(true);
}

void CaseView::follow_research(WriteDialog* dialog) {
    // written() comes first and clears the line; research_not_updated() follows it
    // only when the core reported a problem.
    connect(dialog, &WriteDialog::written, this, [this] { show_research_problem(QString()); });
    connect(dialog, &WriteDialog::research_not_updated, this, &CaseView::show_research_problem);
}

WriteDialog* CaseView::open_dialog(WriteDialog* dialog) {
    connect(dialog, &WriteDialog::written, this, [this](const QString& message) {
        show_message(message.isEmpty() ? tr("Saved.") : message);
        reload();
    });
    follow_research(dialog);
    dialog->open();
    return dialog;
}

WriteDialog* CaseView::new_note() {
    return open_dialog(new NoteDialog(controller_, case_hex_, this));
}

WriteDialog* CaseView::new_contact() {
    return open_dialog(new ContactDialog(controller_, case_hex_, this));
}

WriteDialog* CaseView::new_referral() {
    if (!verified_) {
        return nullptr;
    }
    return open_dialog(new ReferralDialog(controller_, case_hex_, this));
}

WriteDialog* CaseView::new_task() {
    if (!verified_ || !snapshot_) {
        return nullptr;
    }
    return open_dialog(new TaskDialog(controller_, case_hex_, snapshot_->members, this));
}

WriteDialog* CaseView::change_status() {
    if (!verified_ || !snapshot_) {
        return nullptr;
    }
    auto* dialog = new StatusDialog(controller_, case_hex_, snapshot_->status, this);
    // The write answers with the retention deadline when it set one (closing).
    connect(dialog, &WriteDialog::written, this, [this](const QString& deadline) {
        show_message(deadline.isEmpty()
                         ? tr("Status changed.")
                         : tr("Status changed. The case is kept until %1.").arg(deadline));
        reload();
    });
    follow_research(dialog);
    dialog->open();
    return dialog;
}

WriteDialog* CaseView::hand_over() {
    if (!verified_ || !snapshot_) {
        return nullptr;
    }
    return open_dialog(new HandoverDialog(controller_, case_hex_, snapshot_->organisation,
                                          snapshot_->confidant, this));
}

WriteDialog* CaseView::share() {
    if (!verified_ || !snapshot_) {
        return nullptr;
    }
    return open_dialog(
        new ShareDialog(controller_, case_hex_, snapshot_->organisation, snapshot_->members, this));
}

WriteDialog* CaseView::unshare() {
    if (!verified_ || !snapshot_) {
        return nullptr;
    }
    return open_dialog(new UnshareDialog(controller_, case_hex_, snapshot_->members, this));
}

const TaskRow* CaseView::selected_task() const {
    if (!snapshot_) {
        return nullptr;
    }
    const QModelIndexList rows = task_view_->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return nullptr;
    }
    const auto row = static_cast<std::size_t>(rows.front().row());
    return row < snapshot_->tasks.size() ? &snapshot_->tasks[row] : nullptr;
}

WriteDialog* CaseView::assign_selected_task() {
    const TaskRow* task = selected_task();
    if (!verified_ || task == nullptr) {
        show_message(tr("Select a task first."));
        return nullptr;
    }
    return open_dialog(new AssignTaskDialog(controller_, case_hex_, task->task_hex, task->assignee,
                                            snapshot_->members, this));
}

void CaseView::complete_selected_task() {
    const TaskRow* task = selected_task();
    if (!verified_ || task == nullptr) {
        show_message(tr("Select a task first."));
        return;
    }
    auto id = crypto::from_hex(case_hex_.toStdString());
    if (!id.ok()) {
        return;
    }
    controller_.worker().post<Result<Written>>(
        this,
        [id = id.value(),
         task = task->task_hex.toStdString()](CoreContext& context) -> Result<Written> {
            WEERBAAR_ASSIGN_OR_RETURN(crypto::Bytes task_id, client::parse_task_id(task));
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            WEERBAAR_ASSIGN_OR_RETURN(
                const client::AppendedRecord appended,
                client::complete_task(context.session(), directory, id, task_id));
            return Written::after(appended);
        },
        [this](Result<Written> result) {
            show_message(result.ok() ? tr("Task completed.") : message_of(result.error()));
            if (result.ok()) {
                show_research_problem(result.value().research_problem
                                          ? message_of(*result.value().research_problem)
                                          : QString());
                reload();
            }
        });
}

void CaseView::restore_draft(const client::Draft& draft) {
    if (draft.kind == "note") {
        auto* dialog = new NoteDialog(controller_, case_hex_, this);
        open_dialog(dialog);
        dialog->restore(draft);
    } else if (draft.kind == "counselling") {
        auto* dialog = new ContactDialog(controller_, case_hex_, this);
        open_dialog(dialog);
        dialog->restore(draft);
    }
}

CoreWorker& CaseView::transfer_worker() {
    if (!transfers_worker_) {
        transfers_worker_ = controller_.new_worker();
    }
    return *transfers_worker_;
}

void CaseView::add_attachment_dialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Add an attachment"));
    if (!path.isEmpty()) {
        attach(path);
    }
}

void CaseView::attach(const QString& path) {
    auto id = crypto::from_hex(case_hex_.toStdString());
    if (!id.ok() || !controller_.is_unlocked()) {
        return;
    }
    const QString name = shown(QFileInfo(path).fileName());
    QProgressDialog* progress = transfer_progress(tr("Encrypting and sending %1…").arg(name), this);
    auto stop = std::make_shared<std::stop_source>();
    connect(progress, &QProgressDialog::canceled, this, [stop] { stop->request_stop(); });
    const QPointer<QObject> guard(progress);
    ++transfers_;
    transfer_worker().post<Result<client::AttachedFile>>(
        this,
        [id = id.value(), file = to_path(path), stop,
         guard](CoreContext& context) -> Result<client::AttachedFile> {
            // The file's checks touch the disk, so they run here, not on the UI thread.
            auto size = client::check_attachable_file(file);
            if (!size.ok()) {
                return size.error();
            }
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            client::LongWork work = transfer_work(context, guard, stop);
            return client::attach_file(context.session(), directory, id, file, work);
        },
        [this,
         progress = QPointer<QProgressDialog>(progress)](Result<client::AttachedFile> result) {
            --transfers_;
            if (progress) {
                progress->deleteLater();
            }
            if (!result.ok()) {
                show_message(message_of(result.error()));
                return;
            }
            const QString stored = shown(QString::fromStdString(result.value().file_name));
            show_message(result.value().name_repaired
                             ? tr("Attached. The file name could not be kept as it was; it is "
                                  "stored as \"%1\".")
                                   .arg(stored)
                             : tr("Attached \"%1\".").arg(stored));
            reload();
        });
}

void CaseView::save_selected_attachment() {
    const QModelIndex index = timeline_view_->currentIndex();
    const TimelineEntry* entry = timeline_->entry(index.row());
    if (entry == nullptr || entry->attachment_hex.isEmpty()) {
        show_message(tr("Select an attachment in the timeline first."));
        return;
    }
    // The stored name is another member's word: only a safe base name from it, in a
    // folder the person picks.
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    const QString proposed = QDir(folder).filePath(
        QString::fromStdString(client::safe_save_name(entry->attachment_name)));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save the attachment"), proposed, QString(), nullptr,
                                     QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty()) {
        save_attachment_to(entry->attachment_hex, path);
    }
}

void CaseView::save_attachment_to(const QString& attachment_hex, const QString& path) {
    auto id = crypto::from_hex(case_hex_.toStdString());
    if (!id.ok() || !controller_.is_unlocked()) {
        return;
    }
    QProgressDialog* progress = transfer_progress(
        tr("Receiving and decrypting %1…").arg(shown(QFileInfo(path).fileName())), this);
    auto stop = std::make_shared<std::stop_source>();
    connect(progress, &QProgressDialog::canceled, this, [stop] { stop->request_stop(); });
    const QPointer<QObject> guard(progress);
    ++transfers_;
    transfer_worker().post<Result<client::FetchedAttachment>>(
        this,
        [id = id.value(), attachment = attachment_hex.toStdString(), out = to_path(path), stop,
         guard](CoreContext& context) -> Result<client::FetchedAttachment> {
            WEERBAAR_ASSIGN_OR_RETURN(crypto::Bytes attachment_id,
                                      client::parse_attachment_id(attachment));
            // Never overwrite: the core refuses an existing file in its own words.
            WEERBAAR_TRY(client::check_attachment_destination(out));
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            client::LongWork work = transfer_work(context, guard, stop);
            return client::fetch_attachment(context.session(), directory, id, attachment_id, out,
                                            work);
        },
        [this, path,
         progress = QPointer<QProgressDialog>(progress)](Result<client::FetchedAttachment> result) {
            --transfers_;
            if (progress) {
                progress->deleteLater();
            }
            show_message(result.ok() ? tr("Saved as %1.").arg(QDir::toNativeSeparators(path))
                                     : message_of(result.error()));
        });
}

void CaseView::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (!mime->hasUrls() || !controller_.is_unlocked()) {
        return;
    }
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile()) {
            return;
        }
    }
    event->acceptProposedAction();
}

void CaseView::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            attach(url.toLocalFile());
        }
    }
    event->acceptProposedAction();
}

}  // namespace weerbaar::desktop
