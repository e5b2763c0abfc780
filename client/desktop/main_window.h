#pragma once
// The one main window. Locked, it shows only the unlock page; unlocked, the work
// area: tabs for the case list, "Mijn taken" and the members, and one closable tab
// per opened case. The work area is built at every unlock and destroyed at every
// lock, so nothing decrypted survives a lock in any model or view.
//
// Threading: UI thread only; every core call goes through the controller's worker.

#include <QMainWindow>
#include <QPointer>
#include <vector>

#include "weerbaar/client/draft_store.h"

class QStackedWidget;
class QTabWidget;
class QAction;

namespace weerbaar::desktop {

class AppController;
class UnlockPage;
class CaseListPage;
class TaskListPage;
class MembersPage;
class CaseView;
class ResearchExportDialog;
class ResearchOpenDialog;
class ResearchBackfillDialog;
class ResearchKeyDialog;
class ResearchGrantDialog;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(AppController& controller, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens the case (32 hex) in its tab, or brings its tab forward.
    CaseView* open_case(const QString& case_hex);
    // The intake form for a new case (confidants).
    void new_case();
    // The settings dialog (modal): lock time and the server's address.
    void show_settings();

    // The research menu (research_dialogs.h): each opens its dialog over the
    // window and returns it (nullptr while locked or when the role may not).
    ResearchExportDialog* research_export();
    ResearchOpenDialog* research_open();
    ResearchBackfillDialog* research_backfill();
    ResearchKeyDialog* research_key();
    ResearchGrantDialog* research_grant();
    [[nodiscard]] QAction* research_export_action() const { return research_export_action_; }
    [[nodiscard]] QAction* research_open_action() const { return research_open_action_; }
    [[nodiscard]] QAction* research_backfill_action() const { return research_backfill_action_; }
    [[nodiscard]] QAction* research_key_action() const { return research_key_action_; }
    [[nodiscard]] QAction* research_grant_action() const { return research_grant_action_; }

    // For tests and screenshots: the parts by role (nullptr while locked).
    [[nodiscard]] UnlockPage* unlock_page() const { return unlock_page_; }
    [[nodiscard]] QTabWidget* tabs() const;
    [[nodiscard]] CaseListPage* case_list_page() const;
    [[nodiscard]] TaskListPage* task_list_page() const;
    [[nodiscard]] MembersPage* members_page() const;
    [[nodiscard]] CaseView* case_view(const QString& case_hex) const;

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    void build_menus();
    void build_work_area();
    void tear_down_work_area();
    void restore_drafts(const std::vector<client::Draft>& drafts);
    void update_actions();

    AppController& controller_;
    QStackedWidget* stack_ = nullptr;
    UnlockPage* unlock_page_ = nullptr;
    QPointer<QTabWidget> tabs_;
    QPointer<CaseListPage> case_list_;
    QPointer<TaskListPage> task_list_;
    QPointer<MembersPage> members_;
    QAction* new_case_action_ = nullptr;
    QAction* lock_action_ = nullptr;
    QAction* logout_action_ = nullptr;
    QAction* research_export_action_ = nullptr;
    QAction* research_open_action_ = nullptr;
    QAction* research_backfill_action_ = nullptr;
    QAction* research_key_action_ = nullptr;
    QAction* research_grant_action_ = nullptr;
};

}  // namespace weerbaar::desktop
