#include "members_page.h"

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <chrono>
#include <optional>
#include <vector>

#include "app_controller.h"
#include "approve_member_dialog.h"
#include "audit_check_dialog.h"
#include "clipboard_guard.h"
#include "member_list_model.h"
#include "revoke_member_dialog.h"
#include "verify_key_dialog.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/member_approval.h"

namespace weerbaar::desktop {
namespace {

struct EnrolmentRow {
    QString user;
    QString name;
    quint64 requested = 0;
    bool self_signed = false;
};

// One refresh as the worker hands it over: made of what the core verified.
struct MembersSnapshot {
    std::optional<Error> members_error;
    std::vector<MemberRow> members;
    std::optional<Error> enrolments_error;
    std::vector<EnrolmentRow> enrolments;
};

QTableView* make_table(QWidget* parent, const QString& accessible_name) {
    auto* view = new QTableView(parent);
    view->setAccessibleName(accessible_name);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setTabKeyNavigation(false);  // Tab leaves the table for the buttons
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

QPushButton* make_button(QWidget* parent, const QString& text, const QString& accessible_name) {
    auto* button = new QPushButton(text, parent);
    button->setAccessibleName(accessible_name);
    return button;
}

}  // namespace

MembersPage::MembersPage(AppController& controller, QWidget* parent)
    : QWidget(parent), controller_(controller) {
    // Nothing copied here stays on the clipboard past the lock (the main window asks
    // the same; asking twice connects once).
    ClipboardGuard::instance().clear_on_lock(controller_);

    auto* layout = new QVBoxLayout(this);
    key_notice_ = new QLabel(this);
    key_notice_->setTextFormat(Qt::PlainText);
    key_notice_->setWordWrap(true);
    key_notice_->setAccessibleName(tr("Changed keys"));
    key_notice_->setFrameShape(QFrame::Box);
    QFont bold = key_notice_->font();
    bold.setBold(true);
    key_notice_->setFont(bold);
    key_notice_->hide();
    layout->addWidget(key_notice_);

    members_ = new MemberListModel(this);
    sorted_ = new QSortFilterProxyModel(this);
    sorted_->setSourceModel(members_);
    member_view_ = make_table(this, tr("Members"));
    member_view_->setModel(sorted_);
    member_view_->setSortingEnabled(true);
    member_view_->sortByColumn(MemberListModel::name_column, Qt::AscendingOrder);
    member_view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* members_label = new QLabel(tr("Mem&bers:"), this);
    members_label->setBuddy(member_view_);
    layout->addWidget(members_label);
    layout->addWidget(member_view_, 1);

    auto* actions = new QHBoxLayout;
    verify_ = make_button(this, tr("Ver&ify..."), tr("Verify the member's key"));
    copy_ = make_button(this, tr("Co&py fingerprint"), tr("Copy fingerprint"));
    refresh_ = make_button(this, tr("Refres&h"), tr("Refresh members"));
    actions->addWidget(verify_);
    actions->addWidget(copy_);
    connect(verify_, &QPushButton::clicked, this, &MembersPage::verify_selected);
    connect(copy_, &QPushButton::clicked, this, &MembersPage::copy_selected_fingerprint);
    connect(refresh_, &QPushButton::clicked, this, &MembersPage::refresh);
    connect(member_view_, &QTableView::activated, this, &MembersPage::verify_selected);
    if (is_coordinator()) {
        revoke_ = make_button(this, tr("&Revoke..."), tr("Revoke the member"));
        audit_ = make_button(this, tr("Check &audit log..."), tr("Check the audit log"));
        actions->addWidget(revoke_);
        actions->addWidget(audit_);
        connect(revoke_, &QPushButton::clicked, this, &MembersPage::revoke_selected);
        connect(audit_, &QPushButton::clicked, this, &MembersPage::check_audit_log);
    }
    actions->addStretch(1);
    actions->addWidget(refresh_);
    layout->addLayout(actions);
    auto* f5 = new QShortcut(QKeySequence::Refresh, this);
    connect(f5, &QShortcut::activated, this, &MembersPage::refresh);

    if (is_coordinator()) {
        auto* pending = new QGroupBox(tr("Requests to join"), this);
        auto* pending_layout = new QVBoxLayout(pending);
        auto* explanation = new QLabel(
            tr("Approve a request only after the person read you their fingerprint by phone."),
            pending);
        explanation->setTextFormat(Qt::PlainText);
        explanation->setWordWrap(true);
        pending_layout->addWidget(explanation);
        enrolments_ = new QStandardItemModel(0, 2, this);
        enrolments_->setHorizontalHeaderLabels({tr("Name"), tr("Requested (server time)")});
        enrolment_view_ = make_table(pending, tr("Requests to join"));
        enrolment_view_->setModel(enrolments_);
        pending_layout->addWidget(enrolment_view_);
        approve_ = make_button(pending, tr("A&pprove..."), tr("Approve the request"));
        pending_layout->addWidget(approve_, 0, Qt::AlignLeft);
        connect(approve_, &QPushButton::clicked, this, &MembersPage::approve_selected);
        connect(enrolment_view_, &QTableView::activated, this, &MembersPage::approve_selected);
        connect(enrolment_view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &MembersPage::update_actions);
        layout->addWidget(pending);
    }

    status_ = new QLabel(this);
    status_->setTextFormat(Qt::PlainText);
    status_->setWordWrap(true);
    status_->setAccessibleName(tr("Status"));
    layout->addWidget(status_);

    connect(member_view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MembersPage::update_actions);
    update_actions();
    refresh();
}

bool MembersPage::is_coordinator() const {
    return controller_.role() == QStringLiteral("coordinator");
}

void MembersPage::refresh() {
    if (!controller_.is_unlocked()) {
        return;
    }
    if (loading_) {
        // A change (an approval, a revocation) during a fetch: fetch once more after it.
        refresh_again_ = true;
        return;
    }
    loading_ = true;
    refresh_->setEnabled(false);
    status_->setText(tr("Fetching members..."));
    const std::string own = controller_.user().toStdString();
    const bool coordinator = is_coordinator();
    controller_.worker().post<MembersSnapshot>(
        this,
        [own, coordinator](CoreContext& context) -> MembersSnapshot {
            MembersSnapshot snapshot;
            auto directory = context.directory();
            if (!directory.ok()) {
                snapshot.members_error = directory.error();
                return snapshot;
            }
            auto all = directory.value().all();
            if (all.ok()) {
                for (const client::VerifiedMember& member : all.value()) {
                    snapshot.members.push_back(MemberRow::from_verified(member, own));
                }
            } else {
                snapshot.members_error = all.error();
            }
            if (coordinator) {
                auto pending = client::list_enrolments(context.session());
                if (pending.ok()) {
                    for (const client::PendingEnrolment& enrolment : pending.value()) {
                        snapshot.enrolments.push_back(
                            {QString::fromStdString(enrolment.user),
                             QString::fromStdString(client::display_line(enrolment.user)),
                             enrolment.requested, enrolment.self_signed});
                    }
                } else {
                    snapshot.enrolments_error = pending.error();
                }
            }
            return snapshot;
        },
        [this](MembersSnapshot snapshot) {
            loading_ = false;
            refresh_->setEnabled(true);
            if (snapshot.members_error) {
                // Nothing unverified is shown: the old list goes too.
                members_->set_rows({});
                status_->setText(
                    QString::fromStdString(client::one_line_message(*snapshot.members_error)));
            } else {
                members_->set_rows(std::move(snapshot.members));
                status_->setText(after_refresh_.isEmpty()
                                     ? tr("%n member(s).", nullptr, members_->rowCount())
                                     : after_refresh_);
                if (!refresh_again_) {
                    after_refresh_.clear();
                }
            }
            if (enrolments_ != nullptr) {
                enrolments_->removeRows(0, enrolments_->rowCount());
                for (const EnrolmentRow& row : snapshot.enrolments) {
                    auto* name = new QStandardItem(
                        row.self_signed
                            ? row.name
                            : tr("%1 (invalid request: not signed by its keys)").arg(row.name));
                    name->setData(row.user, Qt::UserRole);
                    name->setEnabled(row.self_signed);
                    const QString when =
                        row.requested == 0
                            ? tr("unknown")
                            : QLocale().toString(
                                  QDateTime::fromSecsSinceEpoch(static_cast<qint64>(row.requested))
                                      .toLocalTime(),
                                  QLocale::ShortFormat);
                    enrolments_->appendRow({name, new QStandardItem(when)});
                }
                if (snapshot.enrolments_error) {
                    status_->setText(status_->text() + QLatin1Char(' ') +
                                     QString::fromStdString(
                                         client::one_line_message(*snapshot.enrolments_error)));
                }
            }
            show_key_notice();
            update_actions();
            if (refresh_again_) {
                refresh_again_ = false;
                refresh();
                return;
            }
            Q_EMIT refreshed();
        });
}

void MembersPage::show_key_notice() {
    QStringList changed;
    for (const MemberRow& row : members_->rows()) {
        if (row.key == MemberRow::Key::changed && !row.revoked) {
            changed << row.name;
        }
    }
    if (changed.isEmpty()) {
        key_notice_->hide();
        return;
    }
    key_notice_->setText(
        tr("KEY CHANGED: %1. Nothing is shared with them until you check the new key: call "
           "them on a number you know, have them read their fingerprint, select them and choose "
           "Verify. If they did not set up a new device or passphrase, tell your coordinator.")
            .arg(changed.join(QStringLiteral(", "))));
    key_notice_->show();
}

QString MembersPage::selected_user() const {
    const QModelIndexList rows = member_view_->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return {};
    }
    return rows.first().data(MemberListModel::user_role).toString();
}

void MembersPage::update_actions() {
    const MemberRow* row = members_->find(selected_user());
    const bool other_active = row != nullptr && !row->self && row->active;
    verify_->setEnabled(other_active);
    copy_->setEnabled(row != nullptr);
    if (revoke_ != nullptr) {
        revoke_->setEnabled(other_active);
    }
    if (approve_ != nullptr) {
        const QModelIndexList rows = enrolment_view_->selectionModel()->selectedRows();
        approve_->setEnabled(!rows.isEmpty() && enrolments_->itemFromIndex(rows.first()) &&
                             enrolments_->itemFromIndex(rows.first())->isEnabled());
    }
}

void MembersPage::verify_selected() { (void)verify_member(selected_user()); }

bool MembersPage::verify_member(const QString& user) {
    const MemberRow* row = members_->find(user);
    if (row == nullptr || row->self || !row->active) {
        return false;
    }
    auto* dialog = new VerifyKeyDialog(controller_, row->user, row->name, row->fingerprint, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &VerifyKeyDialog::verified, this, [this](const QString&) {
        after_refresh_ = tr("Key verified.");
        refresh();
    });
    dialog->open();
    return true;
}

void MembersPage::copy_selected_fingerprint() {
    if (const MemberRow* row = members_->find(selected_user())) {
        ClipboardGuard::instance().copy(row->fingerprint);
        const auto seconds =
            std::chrono::duration_cast<std::chrono::seconds>(ClipboardGuard::kClearAfter).count();
        status_->setText(tr("Fingerprint copied; the clipboard is cleared in %n second(s).",
                            nullptr, static_cast<int>(seconds)));
    }
}

void MembersPage::revoke_selected() {
    const MemberRow* row = members_->find(selected_user());
    if (!is_coordinator() || row == nullptr || row->self || !row->active) {
        return;
    }
    auto* dialog = new RevokeMemberDialog(controller_, row->user, row->name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RevokeMemberDialog::revoked, this,
            [this](const QString&, const QString& summary) {
                after_refresh_ = summary;
                refresh();
            });
    dialog->open();
}

void MembersPage::approve_selected() {
    if (!is_coordinator()) {
        return;
    }
    const QModelIndexList rows = enrolment_view_->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return;
    }
    const QStandardItem* item = enrolments_->itemFromIndex(rows.first());
    if (item == nullptr || !item->isEnabled()) {
        return;
    }
    const QString user = item->data(Qt::UserRole).toString();
    auto* dialog = new ApproveMemberDialog(
        controller_, user, QString::fromStdString(client::display_line(user.toStdString())), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ApproveMemberDialog::approved, this, [this](const QString&) {
        after_refresh_ = tr("Member approved.");
        refresh();
    });
    dialog->open();
}

void MembersPage::check_audit_log() {
    if (!is_coordinator()) {
        return;
    }
    auto* dialog = new AuditCheckDialog(controller_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    dialog->start();
}

}  // namespace weerbaar::desktop
