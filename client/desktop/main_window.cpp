#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>

#include "app_controller.h"
#include "case_list_page.h"
#include "case_view.h"
#include "clipboard_guard.h"
#include "members_page.h"
#include "new_case_dialog.h"
#include "research_dialogs.h"
#include "task_list_page.h"
#include "theme.h"
#include "unlock_page.h"
#include "weerbaar/client/list_filters.h"

namespace weerbaar::desktop {

MainWindow::MainWindow(AppController& controller, QWidget* parent)
    : QMainWindow(parent), controller_(controller) {
    setWindowTitle(tr("Weerbaar"));
    setAccessibleName(tr("Weerbaar"));
    stack_ = new QStackedWidget(this);
    unlock_page_ = new UnlockPage(controller_, stack_);
    stack_->addWidget(unlock_page_);
    setCentralWidget(stack_);
    build_menus();
    resize(1100, 720);

    connect(&controller_, &AppController::unlocked, this, [this] {
        build_work_area();
        statusBar()->showMessage(
            tr("Unlocked as %1 (%2)")
                .arg(controller_.user(), QString::fromStdString(client::dutch_role_label(
                                             controller_.role().toStdString()))));
        update_actions();
    });
    connect(&controller_, &AppController::locked, this, [this] {
        tear_down_work_area();
        statusBar()->showMessage(tr("Locked"));
        update_actions();
    });
    connect(&controller_, &AppController::logged_out, this, [this] {
        statusBar()->showMessage(tr("Logged out: your session at the server has ended"));
    });
    connect(&controller_, &AppController::logout_failed, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    connect(&controller_, &AppController::server_certificate_followed, this,
            [this](const QString& fingerprint) {
                statusBar()->showMessage(
                    tr("The server has a new certificate, confirmed by its pinned audit key "
                       "(fingerprint %1).")
                        .arg(fingerprint));
            });
    connect(&controller_, &AppController::drafts_restored, this, &MainWindow::restore_drafts);
    // A fingerprint or id copied to the clipboard goes with the lock too.
    ClipboardGuard::instance().clear_on_lock(controller_);
    connect(&controller_, &AppController::draft_error, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    update_actions();
    unlock_page_->reset();
}

MainWindow::~MainWindow() = default;

QTabWidget* MainWindow::tabs() const { return tabs_; }
CaseListPage* MainWindow::case_list_page() const { return case_list_; }
TaskListPage* MainWindow::task_list_page() const { return task_list_; }
MembersPage* MainWindow::members_page() const { return members_; }

void MainWindow::build_menus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    new_case_action_ = file->addAction(tr("&New case…"), this, &MainWindow::new_case);
    new_case_action_->setShortcut(QKeySequence::New);
    lock_action_ = file->addAction(tr("&Lock"), &controller_, &AppController::lock);
    lock_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    logout_action_ = file->addAction(tr("Log &out"), &controller_, &AppController::log_out);
    logout_action_->setObjectName(QStringLiteral("logout_action"));
    logout_action_->setToolTip(tr("End your session at the server and lock"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* contrast = view->addAction(tr("&High contrast"));
    contrast->setCheckable(true);
    contrast->setChecked(controller_.settings().high_contrast());
    connect(contrast, &QAction::toggled, this, [this](bool on) {
        controller_.settings().set_high_contrast(on);
        apply_theme(on);
    });
    QMenu* language = view->addMenu(tr("&Language"));
    for (const auto& [code, name] : {std::pair{QStringLiteral("nl"), QStringLiteral("Nederlands")},
                                     std::pair{QStringLiteral("en"), QStringLiteral("English")}}) {
        QAction* action = language->addAction(name);
        action->setCheckable(true);
        action->setChecked(controller_.settings().language() == code);
        connect(action, &QAction::triggered, this, [this, code = code] {
            controller_.settings().set_language(code);
            QMessageBox::information(
                this, tr("Language"),
                tr("The new language is used from the next start of Weerbaar."));
        });
    }
    QAction* settings = view->addAction(tr("&Settings…"), this, &MainWindow::show_settings);
    settings->setShortcut(QKeySequence::Preferences);

    // The anonymised research export (docs/research-export.md), and the research key
    // it needs (the CLI's research setup and research grant).
    // Alt+X: every letter of "Research" is taken in a case tab (Referral, Status,
    // Share, Cases, Members, Hand over), and two controls under one Alt key fire
    // neither.
    QMenu* research = menuBar()->addMenu(tr("Research e&xport"));
    research_export_action_ =
        research->addAction(tr("Make an &export…"), this, [this] { research_export(); });
    research_open_action_ =
        research->addAction(tr("&Open a package…"), this, [this] { research_open(); });
    research_backfill_action_ =
        research->addAction(tr("&Update research codes"), this, [this] { research_backfill(); });
    research->addSeparator();
    research_key_action_ =
        research->addAction(tr("Make the research &key…"), this, [this] { research_key(); });
    research_grant_action_ =
        research->addAction(tr("&Give the research key…"), this, [this] { research_grant(); });
}

ResearchKeyDialog* MainWindow::research_key() {
    if (!research_key_action_->isEnabled()) {
        return nullptr;
    }
    auto* dialog = new ResearchKeyDialog(controller_, this);
    dialog->open();
    return dialog;
}

ResearchGrantDialog* MainWindow::research_grant() {
    if (!research_grant_action_->isEnabled()) {
        return nullptr;
    }
    auto* dialog = new ResearchGrantDialog(controller_, this);
    connect(dialog, &WriteDialog::written, this,
            [this] { statusBar()->showMessage(tr("Research key given."), 10000); });
    dialog->open();
    return dialog;
}

ResearchExportDialog* MainWindow::research_export() {
    if (!research_export_action_->isEnabled()) {
        return nullptr;
    }
    auto* dialog = new ResearchExportDialog(controller_, this);
    dialog->open();
    return dialog;
}

ResearchOpenDialog* MainWindow::research_open() {
    if (!research_open_action_->isEnabled()) {
        return nullptr;
    }
    auto* dialog = new ResearchOpenDialog(controller_, this);
    dialog->open();
    return dialog;
}

ResearchBackfillDialog* MainWindow::research_backfill() {
    if (!research_backfill_action_->isEnabled()) {
        return nullptr;
    }
    auto* dialog = new ResearchBackfillDialog(controller_, this);
    dialog->open();
    return dialog;
}

void MainWindow::update_actions() {
    const bool open = controller_.is_unlocked();
    new_case_action_->setEnabled(open && controller_.role() == QStringLiteral("confidant"));
    lock_action_->setEnabled(open);
    logout_action_->setEnabled(open);
    const QString role = controller_.role();
    // Exports need the research key, which only coordinators hold; a researcher
    // reads no case, so has no research codes to record.
    research_export_action_->setEnabled(open && role == QStringLiteral("coordinator"));
    research_open_action_->setEnabled(open);
    research_backfill_action_->setEnabled(open && role != QStringLiteral("researcher"));
    // Only the founding coordinator's keystore can make the key (the core says so to
    // any other coordinator); only a holder can give it (the core checks).
    research_key_action_->setEnabled(open && role == QStringLiteral("coordinator"));
    research_grant_action_->setEnabled(open && role == QStringLiteral("coordinator"));
}

void MainWindow::build_work_area() {
    tabs_ = new QTabWidget(stack_);
    tabs_->setAccessibleName(tr("Work area"));
    tabs_->setTabsClosable(true);
    tabs_->setDocumentMode(true);
    case_list_ = new CaseListPage(controller_, tabs_);
    task_list_ = new TaskListPage(controller_, tabs_);
    members_ = new MembersPage(controller_, tabs_);
    tabs_->addTab(case_list_, tr("&Cases"));
    tabs_->addTab(task_list_, tr("&My tasks"));
    tabs_->addTab(members_, tr("M&embers"));
    // The three fixed pages have no close button; case tabs do.
    for (int i = 0; i < 3; ++i) {
        tabs_->tabBar()->setTabButton(i, QTabBar::RightSide, nullptr);
        tabs_->tabBar()->setTabButton(i, QTabBar::LeftSide, nullptr);
    }
    connect(tabs_, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (index >= 3) {
            QWidget* page = tabs_->widget(index);
            tabs_->removeTab(index);
            page->deleteLater();
        }
    });
    connect(case_list_, &CaseListPage::open_case_requested, this, &MainWindow::open_case);
    // A change that arrived through the notification stream: the task list and an
    // open view of that case read again (the list re-reads its own row).
    connect(case_list_, &CaseListPage::case_changed, this, [this](const QString& case_hex) {
        if (task_list_) {
            task_list_->refresh();
        }
        if (CaseView* view = case_view(case_hex)) {
            view->reload();
        }
    });
    connect(task_list_, &TaskListPage::open_case_requested, this, &MainWindow::open_case);
    stack_->addWidget(tabs_);
    stack_->setCurrentWidget(tabs_);
    case_list_->setFocus();
}

void MainWindow::tear_down_work_area() {
    // Every open dialog holding case content closes with the work area: they are
    // children of it or of this window.
    for (QDialog* dialog : findChildren<QDialog*>()) {
        dialog->reject();
        dialog->deleteLater();
    }
    if (tabs_) {
        stack_->removeWidget(tabs_);
        delete tabs_.data();
    }
    stack_->setCurrentWidget(unlock_page_);
    unlock_page_->reset();
}

CaseView* MainWindow::case_view(const QString& case_hex) const {
    if (!tabs_) {
        return nullptr;
    }
    for (int i = 0; i < tabs_->count(); ++i) {
        if (auto* view = qobject_cast<CaseView*>(tabs_->widget(i));
            view && view->case_hex() == case_hex) {
            return view;
        }
    }
    return nullptr;
}

CaseView* MainWindow::open_case(const QString& case_hex) {
    if (!tabs_) {
        return nullptr;
    }
    CaseView* view = case_view(case_hex);
    if (view == nullptr) {
        view = new CaseView(controller_, case_hex, tabs_);
        tabs_->addTab(view, tr("Case %1").arg(case_hex.left(8)));
        connect(view, &CaseView::message_shown, this,
                [this](const QString& message) { statusBar()->showMessage(message, 10000); });
        connect(view, &CaseView::title_changed, this, [this, view](const QString& title) {
            if (tabs_) {
                tabs_->setTabText(tabs_->indexOf(view), title);
            }
        });
    }
    tabs_->setCurrentWidget(view);
    if (case_list_) {
        case_list_->case_opened(case_hex);  // clears its "new" mark however it was opened
    }
    return view;
}

void MainWindow::new_case() {
    if (!controller_.is_unlocked()) {
        return;
    }
    auto* dialog = new NewCaseDialog(controller_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewCaseDialog::case_created, this, [this](const QString& case_hex) {
        if (case_list_) {
            case_list_->refresh();
        }
        open_case(case_hex);
    });
    dialog->open();
}

void MainWindow::restore_drafts(const std::vector<client::Draft>& drafts) {
    for (const client::Draft& draft : drafts) {
        if (draft.kind == "intake") {
            auto* dialog = new NewCaseDialog(controller_, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &NewCaseDialog::case_created, this, [this](const QString& case_hex) {
                if (case_list_) {
                    case_list_->refresh();
                }
                open_case(case_hex);
            });
            dialog->restore_draft(draft);
            dialog->open();
        } else if (!draft.case_id.empty()) {
            if (CaseView* view = open_case(QString::fromStdString(draft.case_id))) {
                view->restore_draft(draft);
            }
        }
    }
    statusBar()->showMessage(tr("%n draft(s) restored", nullptr, static_cast<int>(drafts.size())));
}

void MainWindow::show_settings() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Settings"));
    auto* minutes = new QSpinBox(&dialog);
    minutes->setRange(kMinLockMinutes, kMaxLockMinutes);
    minutes->setValue(controller_.lock_minutes());
    minutes->setSuffix(tr(" min"));
    minutes->setAccessibleName(tr("Lock after minutes without use"));
    auto* form = new QFormLayout(&dialog);
    auto* label = new QLabel(tr("&Lock after (minutes without use):"), &dialog);
    label->setBuddy(minutes);
    form->addRow(label, minutes);
    // The server's address is a person's choice, never learned from a server (ADR
    // 0010); the pinned certificate and keys still apply at the new address.
    const QString address_before = controller_.server_address();
    auto* address = new QLineEdit(address_before, &dialog);
    address->setObjectName(QStringLiteral("server_address"));
    address->setAccessibleName(tr("Server address"));
    auto* address_label = new QLabel(tr("&Server address (host:port):"), &dialog);
    address_label->setBuddy(address);
    form->addRow(address_label, address);
    auto* address_error = new QLabel(&dialog);
    address_error->setObjectName(QStringLiteral("server_address_error"));
    address_error->setWordWrap(true);
    address_error->hide();
    form->addRow(address_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        if (address->text().trimmed() != address_before) {
            const QString refused = controller_.set_server_address(address->text().trimmed());
            if (!refused.isEmpty()) {
                address_error->setText(refused);
                address_error->show();
                address->setFocus();
                return;  // the dialog stays open; nothing was changed
            }
            statusBar()->showMessage(
                tr("Server address changed; it is used from the next unlock."));
        }
        dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() == QDialog::Accepted) {
        controller_.set_lock_minutes(minutes->value());
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Typed text is kept as a draft before the window goes (about_to_lock).
    controller_.lock();
    event->accept();
}

}  // namespace weerbaar::desktop
