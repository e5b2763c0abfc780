#pragma once
// The timeline of a case for a QListView: one row per record, oldest first, each
// with its local time, author, Dutch kind label and its text with line breaks kept.
// Everything in a row comes from the verified case: the text through the core's
// display_text (controls and reordering characters become visible markers), kinds
// through record_kind_label, a quarantined record through quarantine_notice, and a
// note another note replaced is marked as such (superseded_records). The model
// answers data() from memory; building the entries (timeline_entries) is done on
// the worker, so a case of a thousand records costs the UI thread one reset.
//
// The text is plain: the default delegate never interprets it as rich text.

#include <QAbstractListModel>
#include <QString>
#include <cstdint>
#include <string>
#include <vector>

#include "weerbaar/client/case_reader.h"

namespace weerbaar::desktop {

struct TimelineEntry {
    std::uint64_t sequence = 0;
    QString time;               // local time, yyyy-MM-dd HH:mm
    bool time_differs = false;  // the author's clock and the server's disagree
    QString author;             // display_line
    QString kind;               // Dutch kind label ("notitie", "IN QUARANTAINE", ...)
    QString text;               // display_text: may hold line breaks
    bool quarantined = false;
    std::uint64_t replaced_by = 0;  // sequence of the record that replaced it, or 0
    QString attachment_hex;         // an attachment record's id, else empty
    std::string attachment_name;    // as stored (for safe_save_name), else empty
};

// Every record of `opened`, in order. Any thread.
[[nodiscard]] std::vector<TimelineEntry> timeline_entries(const client::OpenedCase& opened);

class TimelineModel : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role {
        SequenceRole = Qt::UserRole + 1,
        KindRole,
        TextRole,
        QuarantinedRole,
        ReplacedByRole,
        AttachmentRole,  // attachment id (32 hex) or empty
    };

    using QAbstractListModel::QAbstractListModel;

    void set_entries(std::vector<TimelineEntry> entries);
    [[nodiscard]] const TimelineEntry* entry(int row) const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;

  private:
    [[nodiscard]] QString header_of(const TimelineEntry& entry) const;

    std::vector<TimelineEntry> entries_;
};

}  // namespace weerbaar::desktop
