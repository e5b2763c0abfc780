#pragma once
// One case: header (title, status, confidant, retention deadline, closed with its
// outcome), and tabs Melding (the intake under Dutch names and labels), Tijdlijn
// (every record), Taken (each task's current version; complete, assign) and Leden
// (current members, role, whether you verified their key). Every write on the case
// starts here (write_dialog.h and its dialogs), and attachments are added by a file
// dialog or by dropping files on the view, and saved under a safe default name.
//
// Reading: the first paint comes from the core's cache of the case as last verified
// (cached_case: no network), when its head is still the remembered one; then the
// case is read whole and verified (open_case), and that replaces the view. Nothing
// is shown that the core did not verify; an integrity failure empties the view and
// says so. Writing is enabled once the verified read is in.
//
// Threading: UI thread; every core call goes through the controller's worker, and
// transfers through a worker of their own (dropped at the lock).

#include <QElapsedTimer>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <memory>
#include <optional>

#include "case_snapshot.h"
#include "core_worker.h"
#include "timeline_model.h"
#include "weerbaar/client/draft_store.h"

namespace weerbaar::desktop {

class AppController;
class WriteDialog;

class CaseView : public QWidget {
    Q_OBJECT
  public:
    CaseView(AppController& controller, QString case_hex, QWidget* parent = nullptr);
    ~CaseView() override;

    [[nodiscard]] const QString& case_hex() const { return case_hex_; }
    // Reopens the editor a draft of this case came from, with its text.
    void restore_draft(const client::Draft& draft);

    // Reads the case again from the server, verified, and repaints.
    void reload();
    // Whether the verified read is in (writes are enabled then).
    [[nodiscard]] bool verified() const { return verified_; }
    // Milliseconds from construction to the first paint of content (-1: none yet).
    [[nodiscard]] qint64 first_paint_ms() const { return first_paint_ms_; }
    [[nodiscard]] const std::optional<CaseSnapshot>& snapshot() const { return snapshot_; }

    // The writes, each opening its dialog (also reachable from the buttons). They
    // return the dialog so a caller (a test, a draft) can fill it; nullptr while
    // the verified read is not in.
    WriteDialog* new_note();
    WriteDialog* new_contact();
    WriteDialog* new_referral();
    WriteDialog* new_task();
    WriteDialog* change_status();
    WriteDialog* hand_over();
    WriteDialog* share();
    WriteDialog* unshare();
    WriteDialog* assign_selected_task();
    void complete_selected_task();

    // Attachments: the dialog-free halves of "add" and "save" (the buttons ask for
    // the file, drops give it).
    void attach(const QString& path);
    void save_attachment_to(const QString& attachment_hex, const QString& path);
    // Asks where to save the attachment of the selected timeline row.
    void save_selected_attachment();

    [[nodiscard]] QTabWidget* tabs() const { return tabs_; }
    [[nodiscard]] TimelineModel* timeline() const { return timeline_; }
    [[nodiscard]] QListView* timeline_view() const { return timeline_view_; }
    [[nodiscard]] QTableView* task_view() const { return task_view_; }
    [[nodiscard]] QStandardItemModel* task_model() const { return tasks_; }
    [[nodiscard]] QStandardItemModel* member_model() const { return members_; }
    [[nodiscard]] QWidget* intake_page() const { return intake_page_; }
    [[nodiscard]] QLabel* header_label() const { return header_; }
    [[nodiscard]] QLabel* state_label() const { return state_; }
    [[nodiscard]] QLabel* notice_label() const { return notice_; }
    [[nodiscard]] QLabel* message_label() const { return message_; }
    // The notice that the last write was kept but its research codes were not
    // updated (hidden when they were).
    [[nodiscard]] QLabel* research_notice_label() const { return research_notice_; }
    // Attachment transfers still running.
    [[nodiscard]] int transfers_running() const { return transfers_; }

  Q_SIGNALS:
    void title_changed(const QString& title);
    // Content was painted (from the cache, or from a verified read).
    void painted(bool from_cache);
    // A write or transfer ended; `message` says how, in the core's words on failure.
    void message_shown(const QString& message);

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void build();
    void read_cached();
    void paint(CaseSnapshot snapshot);
    void paint_intake(const CaseSnapshot& snapshot);
    void paint_tasks(const CaseSnapshot& snapshot);
    void paint_members(const CaseSnapshot& snapshot);
    void show_message(const QString& message);
    // The research line after a write: hidden for `problem` empty, else the core's reason.
    void show_research_problem(const QString& problem);
    void follow_research(WriteDialog* dialog);
    void set_writable(bool writable);
    WriteDialog* open_dialog(WriteDialog* dialog);
    [[nodiscard]] const TaskRow* selected_task() const;
    CoreWorker& transfer_worker();
    void add_attachment_dialog();

    AppController& controller_;
    QString case_hex_;
    QElapsedTimer since_construction_;
    qint64 first_paint_ms_ = -1;
    bool verified_ = false;
    std::optional<CaseSnapshot> snapshot_;
    std::unique_ptr<CoreWorker> transfers_worker_;
    int transfers_ = 0;

    QLabel* header_ = nullptr;
    QLabel* state_ = nullptr;
    QLabel* notice_ = nullptr;
    QLabel* message_ = nullptr;
    QLabel* research_notice_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QScrollArea* intake_scroll_ = nullptr;
    QWidget* intake_page_ = nullptr;
    TimelineModel* timeline_ = nullptr;
    QListView* timeline_view_ = nullptr;
    QStandardItemModel* tasks_ = nullptr;
    QTableView* task_view_ = nullptr;
    QStandardItemModel* members_ = nullptr;
    QTableView* member_view_ = nullptr;
    std::vector<QPushButton*> write_buttons_;
    QPushButton* save_attachment_button_ = nullptr;
};

}  // namespace weerbaar::desktop
