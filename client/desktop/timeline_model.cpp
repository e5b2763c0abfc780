#include "timeline_model.h"

#include <QDateTime>
#include <QFont>

#include "weerbaar/client/attachment_transfer.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/record_description.h"
#include "weerbaar/client/record_time.h"

namespace weerbaar::desktop {

namespace {

QString from_std(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

}  // namespace

std::vector<TimelineEntry> timeline_entries(const client::OpenedCase& opened) {
    const auto replaced = client::superseded_records(opened);
    std::vector<TimelineEntry> entries;
    entries.reserve(opened.records.size());
    for (const client::CaseRecord& record : opened.records) {
        TimelineEntry entry;
        entry.sequence = record.sequence;
        entry.time = QDateTime::fromSecsSinceEpoch(client::shown_time(record))
                         .toLocalTime()
                         .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        entry.time_differs = client::time_differs(record);
        entry.author = from_std(client::display_line(record.author));
        entry.kind = from_std(client::record_kind_label(record));
        entry.quarantined = record.quarantined;
        if (record.quarantined) {
            entry.text = from_std(client::display_text(client::quarantine_notice(record)));
        } else {
            entry.text = from_std(client::describe_record_text(record.content));
        }
        if (const auto found = replaced.find(record.record_id); found != replaced.end()) {
            entry.replaced_by = found->second;
        }
        if (!record.quarantined && record.content.has_attachment()) {
            const std::string& id = record.content.attachment().attachment_id();
            entry.attachment_hex = from_std(client::format_attachment_id(
                crypto::ByteView(reinterpret_cast<const std::uint8_t*>(id.data()), id.size())));
            entry.attachment_name = record.content.attachment().file_name();
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

void TimelineModel::set_entries(std::vector<TimelineEntry> entries) {
    beginResetModel();
    entries_ = std::move(entries);
    endResetModel();
}

const TimelineEntry* TimelineModel::entry(int row) const {
    if (row < 0 || static_cast<std::size_t>(row) >= entries_.size()) {
        return nullptr;
    }
    return &entries_[static_cast<std::size_t>(row)];
}

int TimelineModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

QString TimelineModel::header_of(const TimelineEntry& entry) const {
    QString header = QStringLiteral("#%1  %2").arg(entry.sequence).arg(entry.time);
    if (entry.time_differs) {
        header += QLatin1Char(' ') + tr("(author's clock differs)");
    }
    header += QStringLiteral("  ") + entry.author + QStringLiteral("  ") + entry.kind;
    if (entry.replaced_by != 0) {
        header += QLatin1Char(' ') + tr("(replaced by #%1)").arg(entry.replaced_by);
    }
    return header;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const {
    const TimelineEntry* shown = entry(index.row());
    if (shown == nullptr || index.parent().isValid()) {
        return {};
    }
    switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            return header_of(*shown) + QLatin1Char('\n') + shown->text;
        case Qt::FontRole:
            if (shown->replaced_by != 0) {
                QFont font;
                font.setStrikeOut(true);  // still shown: records are never removed
                return font;
            }
            if (shown->quarantined) {
                QFont font;
                font.setBold(true);
                return font;
            }
            return {};
        case SequenceRole:
            return QVariant::fromValue<qulonglong>(shown->sequence);
        case KindRole:
            return shown->kind;
        case TextRole:
            return shown->text;
        case QuarantinedRole:
            return shown->quarantined;
        case ReplacedByRole:
            return QVariant::fromValue<qulonglong>(shown->replaced_by);
        case AttachmentRole:
            return shown->attachment_hex;
        default:
            return {};
    }
}

}  // namespace weerbaar::desktop
