#pragma once
// The case list as filtered and sorted for the page: search text (title and
// confidant), a status and "my cases" (case_overview.h, keeps_case). A case that
// failed verification stays visible whatever is asked (the core's rule,
// never_hidden): it has no status or title to match, and hiding it would hide the
// one row the person must act on. Sorting is by the source's Qt::UserRole.
//
// Threading: UI thread only.

#include <QSortFilterProxyModel>
#include <optional>
#include <string>

#include "weerbaar/client/case_overview.h"

namespace weerbaar::desktop {

class CaseListFilter : public QSortFilterProxyModel {
    Q_OBJECT
  public:
    explicit CaseListFilter(QObject* parent = nullptr);

    // Shows cases whose title or confidant holds `text` (any case of letters).
    void set_search_text(const QString& text);
    // A codebook status, or none for every status.
    void set_status(std::optional<std::string> status);
    // Only cases `user` is the confidant of or has an open task in; none: all.
    void set_mine_of(std::optional<std::string> user);

  protected:
    [[nodiscard]] bool filterAcceptsRow(int source_row,
                                        const QModelIndex& source_parent) const override;

  private:
    QString text_;
    client::CaseOverviewFilter filter_;
};

}  // namespace weerbaar::desktop
