#include "case_list_filter.h"

#include "case_list_model.h"

namespace weerbaar::desktop {

CaseListFilter::CaseListFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(Qt::UserRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // A re-read case moves to its place in the sort and the filter at once.
    setDynamicSortFilter(true);
}

void CaseListFilter::set_search_text(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed == text_) {
        return;
    }
    text_ = trimmed;
    invalidateFilter();
}

void CaseListFilter::set_status(std::optional<std::string> status) {
    filter_.status = std::move(status);
    invalidateFilter();
}

void CaseListFilter::set_mine_of(std::optional<std::string> user) {
    filter_.mine_of = std::move(user);
    invalidateFilter();
}

bool CaseListFilter::filterAcceptsRow(int source_row, const QModelIndex&) const {
    const auto* model = qobject_cast<const CaseListModel*>(sourceModel());
    const CaseRow* row = model != nullptr ? model->row_at(source_row) : nullptr;
    if (row == nullptr) {
        return false;
    }
    if (client::never_hidden(row->overview)) {
        return true;
    }
    if (!client::keeps_case(row->overview, filter_)) {
        return false;
    }
    return text_.isEmpty() || row->title.contains(text_, Qt::CaseInsensitive) ||
           row->confidant.contains(text_, Qt::CaseInsensitive);
}

}  // namespace weerbaar::desktop
