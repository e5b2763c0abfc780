#include "case_list_model.h"

#include <QApplication>
#include <QStyle>

namespace weerbaar::desktop {

CaseListModel::CaseListModel(QObject* parent)
    : QAbstractTableModel(parent),
      // Dark red on light red: readable (WCAG AA) in the light and the high-contrast
      // theme alike, and the words and icon say the same for whoever sees no colour.
      failure_background_(QColor(0xFF, 0xD7, 0xD7)),
      failure_foreground_(QColor(0x8B, 0x00, 0x00)) {
    changed_font_.setBold(true);
    if (QApplication::style() != nullptr) {
        failure_icon_ = QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        warning_icon_ = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        changed_icon_ = QApplication::style()->standardIcon(QStyle::SP_ArrowRight);
    }
}

int CaseListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int CaseListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Column::count;
}

QVariant CaseListModel::data(const QModelIndex& index, int role) const {
    const CaseRow* row = row_at(index.row());
    if (row == nullptr || index.column() < 0 || index.column() >= Column::count) {
        return {};
    }
    const client::CaseOverview& o = row->overview;
    switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            switch (index.column()) {
                case Column::notice:
                    return row->notice;
                case Column::title:
                    return row->title;
                case Column::status:
                    return row->status_label;
                case Column::confidant:
                    return row->confidant;
                case Column::last_change:
                    return row->last_change;
                case Column::open_tasks:
                    return row->open_tasks;
                case Column::retention:
                    return row->retention;
                default:
                    return {};
            }
        case Qt::UserRole:
            // Raw values to sort by: numbers and times as numbers, so "10" sorts
            // after "9" and times in time order whatever the display format.
            switch (index.column()) {
                case Column::notice:
                    // Failures first, then quarantine, then changed.
                    return (o.verified ? 0 : 4) + (o.quarantined > 0 ? 2 : 0) +
                           (row->changed ? 1 : 0);
                case Column::title:
                    return row->title;
                case Column::status:
                    return row->status_label;
                case Column::confidant:
                    return row->confidant;
                case Column::last_change:
                    return static_cast<qlonglong>(o.last_change_unix);
                case Column::open_tasks:
                    return static_cast<qulonglong>(o.open_tasks);
                case Column::retention:
                    return static_cast<qlonglong>(o.retention_until_unix);
                default:
                    return {};
            }
        case Qt::ToolTipRole:
        case Qt::AccessibleDescriptionRole:
            return row->notice_tooltip.isEmpty() ? QVariant() : QVariant(row->notice_tooltip);
        case Qt::DecorationRole:
            if (index.column() != Column::notice) {
                return {};
            }
            if (!o.verified) {
                return failure_icon_;
            }
            if (o.quarantined > 0) {
                return warning_icon_;
            }
            return row->changed ? QVariant(changed_icon_) : QVariant();
        case Qt::BackgroundRole:
            return o.verified ? QVariant() : QVariant(failure_background_);
        case Qt::ForegroundRole:
            return o.verified ? QVariant() : QVariant(failure_foreground_);
        case Qt::FontRole:
            return row->changed || !o.verified ? QVariant(changed_font_) : QVariant();
        case Qt::TextAlignmentRole:
            return index.column() == Column::open_tasks
                       ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                       : QVariant();
        case case_id_role:
            return row->case_hex;
        case verified_role:
            return o.verified;
        case changed_role:
            return row->changed;
        case quarantined_role:
            return static_cast<int>(o.quarantined);
        default:
            return {};
    }
}

QVariant CaseListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Column::notice:
            return tr("Notice");
        case Column::title:
            return tr("Title");
        case Column::status:
            return tr("Status");
        case Column::confidant:
            return tr("Confidant");
        case Column::last_change:
            return tr("Last change");
        case Column::open_tasks:
            return tr("Open tasks");
        case Column::retention:
            return tr("Retention until");
        default:
            return {};
    }
}

void CaseListModel::reset_rows(std::vector<CaseRow> rows) {
    beginResetModel();
    // A full listing does not take away what arrived meanwhile: a case marked as
    // changed stays marked until it is opened.
    for (CaseRow& row : rows) {
        const auto found = index_.constFind(row.case_hex);
        if (found != index_.constEnd() && rows_[static_cast<std::size_t>(*found)].changed) {
            row.changed = true;
            set_notice(row);
        }
    }
    rows_ = std::move(rows);
    reindex();
    endResetModel();
    recount();
}

void CaseListModel::update_row(CaseRow row) {
    const int at = row_of(row.case_hex);
    if (at < 0) {
        const int end = static_cast<int>(rows_.size());
        beginInsertRows({}, end, end);
        index_.insert(row.case_hex, end);
        rows_.push_back(std::move(row));
        endInsertRows();
    } else {
        CaseRow& held = rows_[static_cast<std::size_t>(at)];
        if (held.changed && !row.changed) {
            row.changed = true;
            set_notice(row);
        }
        held = std::move(row);
        Q_EMIT dataChanged(index(at, 0), index(at, Column::count - 1));
    }
    recount();
}

void CaseListModel::remove_case(const QString& case_hex) {
    const int at = row_of(case_hex);
    if (at < 0) {
        return;
    }
    beginRemoveRows({}, at, at);
    rows_.erase(rows_.begin() + at);
    reindex();
    endRemoveRows();
    recount();
}

void CaseListModel::set_changed(const QString& case_hex, bool changed) {
    const int at = row_of(case_hex);
    if (at < 0) {
        return;
    }
    CaseRow& row = rows_[static_cast<std::size_t>(at)];
    if (row.changed == changed) {
        return;
    }
    row.changed = changed;
    set_notice(row);
    Q_EMIT dataChanged(index(at, 0), index(at, Column::count - 1));
}

const CaseRow* CaseListModel::row_at(int row) const {
    if (row < 0 || row >= static_cast<int>(rows_.size())) {
        return nullptr;
    }
    return &rows_[static_cast<std::size_t>(row)];
}

int CaseListModel::row_of(const QString& case_hex) const { return index_.value(case_hex, -1); }

QString CaseListModel::first_quarantine_notice() const {
    for (const CaseRow& row : rows_) {
        if (row.overview.quarantined > 0) {
            return row.quarantine_notice;
        }
    }
    return {};
}

void CaseListModel::reindex() {
    index_.clear();
    index_.reserve(static_cast<qsizetype>(rows_.size()));
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        index_.insert(rows_[i].case_hex, static_cast<int>(i));
    }
}

void CaseListModel::recount() {
    int unverified = 0;
    int quarantined = 0;
    for (const CaseRow& row : rows_) {
        unverified += row.overview.verified ? 0 : 1;
        quarantined += row.overview.quarantined > 0 ? 1 : 0;
    }
    if (unverified != unverified_ || quarantined != quarantined_cases_) {
        unverified_ = unverified;
        quarantined_cases_ = quarantined;
        Q_EMIT marks_changed();
    }
}

}  // namespace weerbaar::desktop
