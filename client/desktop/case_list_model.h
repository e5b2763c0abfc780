#pragma once
// The case list as a Qt table model: rows of plain data (case_row.h) computed on
// the worker thread, never a decrypted case. data() answers from memory with
// shared strings and brushes made once, so 10,000 rows scroll and sort without
// work per call.
//
// Roles: Qt::DisplayRole the text; Qt::UserRole the raw value to sort by (numbers
// as numbers, times in unix seconds); ToolTipRole and AccessibleDescriptionRole say
// what a mark means and what to do; the roles below give a row's facts whatever the
// column. An unverified case is marked in text, colour and icon; a changed case is
// bold with "new" in the notice column.
//
// Updates: reset_rows() for a full listing (marks of changed cases are kept),
// update_row() for one case read again (dataChanged for that row, or an insert),
// remove_case() for one no longer shared with the user.
//
// Threading: UI thread only.

#include <QAbstractTableModel>
#include <QBrush>
#include <QFont>
#include <QHash>
#include <QIcon>
#include <vector>

#include "case_row.h"

namespace weerbaar::desktop {

class CaseListModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { notice, title, status, confidant, last_change, open_tasks, retention, count };
    enum Role {
        case_id_role = Qt::UserRole + 1,  // QString, 32 hex
        verified_role,                    // bool
        changed_role,                     // bool
        quarantined_role,                 // int, records in quarantine
    };

    explicit CaseListModel(QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    void reset_rows(std::vector<CaseRow> rows);
    void update_row(CaseRow row);
    void remove_case(const QString& case_hex);
    // A change arrived (true) or the case was opened (false).
    void set_changed(const QString& case_hex, bool changed);

    // nullptr when out of range.
    [[nodiscard]] const CaseRow* row_at(int row) const;
    // -1 when the case is not listed.
    [[nodiscard]] int row_of(const QString& case_hex) const;
    [[nodiscard]] int unverified_count() const { return unverified_; }
    [[nodiscard]] int quarantined_case_count() const { return quarantined_cases_; }
    // The core's notice of the first listed case with a quarantined record, or empty.
    [[nodiscard]] QString first_quarantine_notice() const;

  Q_SIGNALS:
    // The counts behind the banners changed.
    void marks_changed();

  private:
    void reindex();
    void recount();

    std::vector<CaseRow> rows_;
    QHash<QString, int> index_;  // case hex -> row
    int unverified_ = 0;
    int quarantined_cases_ = 0;
    // Made once: data() hands out copies of these (shared, no allocation).
    QBrush failure_background_;
    QBrush failure_foreground_;
    QFont changed_font_;
    QIcon failure_icon_;
    QIcon warning_icon_;
    QIcon changed_icon_;
};

}  // namespace weerbaar::desktop
