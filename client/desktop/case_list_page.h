#pragma once
// "Zaken": every case the user can see, as the core verified it (case_overview.h),
// in a sortable, filterable table (case_list_model.h, case_list_filter.h).
//
// A case that failed verification is impossible to miss: a red banner above the
// table with the count and the core's words (stop and call the coordinator), and
// the row marked in text, colour and icon; no filter hides it. Quarantined records
// get a banner and a row mark with what to do, in the core's words.
//
// Changes arrive through the notification stream (case_change_stream.h): the
// case's row is marked "new" and read again, alone; the status line (and the
// system tray, when there is one) says only that a case changed, never which or
// what. Opening a case from the list clears its mark.
//
// Every read runs on the worker (core_worker.h); a full listing shows progress in
// cases. Threading: UI thread only.

#include <QSet>
#include <QString>
#include <QTimer>
#include <QWidget>
#include <vector>

#include "weerbaar/client/case_healing.h"

namespace weerbaar::desktop {

class AppController;
class CaseChangeStream;
class CaseListFilter;
class CaseListModel;
struct CaseRow;

}  // namespace weerbaar::desktop

class QCheckBox;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSystemTrayIcon;
class QTableView;

namespace weerbaar::desktop {

class CaseListPage : public QWidget {
    Q_OBJECT
  public:
    explicit CaseListPage(AppController& controller, QWidget* parent = nullptr);
    ~CaseListPage() override;

    // Syncs and lists again (after a write elsewhere in the window). F5 too.
    void refresh();
    // The case was opened (from anywhere in the window): its "new" mark goes.
    void case_opened(const QString& case_hex);
    // Sorts the failed cases to the top and puts the cursor on the first (the
    // banner's button).
    void show_failed_cases();

    [[nodiscard]] CaseListModel* model() const { return model_; }
    [[nodiscard]] CaseListFilter* filter() const { return filter_; }
    [[nodiscard]] QTableView* table() const { return table_; }
    [[nodiscard]] CaseChangeStream* change_stream() const { return stream_; }
    // True while a full listing runs.
    [[nodiscard]] bool loading() const { return loading_; }
    // Times a full listing finished (ok or not): tests wait on it.
    [[nodiscard]] int listings_done() const { return listings_done_; }
    // Times a single case was read again after a change: tests wait on it.
    [[nodiscard]] int rereads_done() const { return rereads_done_; }

  Q_SIGNALS:
    void open_case_requested(const QString& case_hex);
    // A change to the case arrived (for an open case view to read again).
    void case_changed(const QString& case_hex);
    // A listing gave back what a restore lost, or opened again our own cases it had
    // lost (show_restore_healing): the line shown, and how many reopened came back whole.
    void healed_after_restore(const QString& line, int reopened_whole);

  private:
    void build();
    void open_current();
    void on_case_changed(const QString& case_hex);
    void reread_pending();
    void update_banners();
    void show_status(const QString& line);
    // Says, in the status line and the window's status bar, of how many cases the
    // listing gave back what a restore lost (`healed`: cases visited with records
    // handed back), how many of our own cases it opened again, and the first that is
    // not whole.
    void show_restore_healing(std::size_t healed,
                              const std::vector<client::ReopenedCase>& reopened);
    void notify_change();

    // What a listing on the worker hands the UI thread.
    struct Listing {
        std::vector<CaseRow> rows;
        std::vector<client::ReopenedCase> reopened;
        std::size_t healed = 0;  // cases visited with records handed back
    };

    AppController& controller_;
    CaseListModel* model_ = nullptr;
    CaseListFilter* filter_ = nullptr;
    QTableView* table_ = nullptr;
    QFrame* failure_frame_ = nullptr;
    QLabel* failure_banner_ = nullptr;
    QLabel* quarantine_banner_ = nullptr;
    QLineEdit* search_ = nullptr;
    QComboBox* status_ = nullptr;
    QCheckBox* mine_ = nullptr;
    QPushButton* refresh_button_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_line_ = nullptr;
    QSystemTrayIcon* tray_ = nullptr;
    CaseChangeStream* stream_ = nullptr;
    QSet<QString> pending_;  // cases to read again, gathered for a moment
    QTimer reread_timer_;
    bool loading_ = false;
    bool refresh_again_ = false;
    int listings_done_ = 0;
    int rereads_done_ = 0;
    qint64 last_notified_ms_ = 0;
};

}  // namespace weerbaar::desktop
