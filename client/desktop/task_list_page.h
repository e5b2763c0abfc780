#pragma once
// "Mijn taken": every open task assigned to the user across all cases (the core's
// list_tasks rule, add_case_tasks), overdue first, then by due date (task_agenda).
// Overdue is said in words in the due column, not by colour alone. Cases whose
// tasks could not be trusted (failed verification) are counted above the list,
// never silently left out. Enter or double-click opens the task's case.
//
// Threading: UI thread only; the reading runs on the worker.

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace weerbaar::desktop {

class AppController;

class TaskListPage : public QWidget {
    Q_OBJECT
  public:
    enum Column { task_column, case_column, due_column, column_count };
    // The case of a row (32 hex), under Qt::UserRole + 1 of any column.
    static constexpr int case_id_role = Qt::UserRole + 1;

    explicit TaskListPage(AppController& controller, QWidget* parent = nullptr);

    // Reads the tasks again (F5 too).
    void refresh();

    [[nodiscard]] QTableView* table() const { return table_; }
    [[nodiscard]] QStandardItemModel* model() const { return model_; }
    [[nodiscard]] QLabel* unverified_label() const { return unverified_; }
    [[nodiscard]] int listings_done() const { return listings_done_; }

  Q_SIGNALS:
    void open_case_requested(const QString& case_hex);

  private:
    AppController& controller_;
    QStandardItemModel* model_ = nullptr;
    QTableView* table_ = nullptr;
    QLabel* unverified_ = nullptr;
    QLabel* status_line_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* refresh_button_ = nullptr;
    bool loading_ = false;
    bool refresh_again_ = false;
    int listings_done_ = 0;
};

}  // namespace weerbaar::desktop
