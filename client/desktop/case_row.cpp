#include "case_row.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStringList>

#include "weerbaar/client/error_message.h"

namespace weerbaar::desktop {

namespace {

QString local_time(std::int64_t unix_seconds, const QString& format) {
    if (unix_seconds <= 0) {
        return {};
    }
    return QDateTime::fromSecsSinceEpoch(unix_seconds).toLocalTime().toString(format);
}

}  // namespace

CaseRow make_case_row(client::CaseOverview overview) {
    CaseRow row;
    row.case_hex = QString::fromStdString(overview.case_id);
    row.last_change = local_time(overview.last_change_unix, QStringLiteral("yyyy-MM-dd HH:mm"));
    if (!overview.verified) {
        // Nothing the case says can be trusted: the row names it by its id only, so
        // the coordinator can be told which case it is.
        row.title = QCoreApplication::translate("CaseRow", "Case %1 (not verified)")
                        .arg(row.case_hex.left(8));
        row.status_label = QCoreApplication::translate("CaseRow", "INTEGRITY FAILURE");
    } else {
        row.title = QString::fromStdString(overview.title);
        row.status_label = QString::fromStdString(overview.status_label);
        row.confidant = QString::fromStdString(overview.confidant);
        row.open_tasks = QString::number(overview.open_tasks);
        row.retention = local_time(overview.retention_until_unix, QStringLiteral("yyyy-MM-dd"));
        row.quarantine_notice = QString::fromStdString(overview.quarantine_notice);
    }
    row.overview = std::move(overview);
    set_notice(row);
    return row;
}

void set_notice(CaseRow& row) {
    QStringList words;
    QStringList advice;
    if (!row.overview.verified) {
        words << QCoreApplication::translate("CaseRow", "INTEGRITY FAILURE");
        // The core's words: what happened and that work on the case stops.
        const std::string_view lead = client::dutch_lead(ErrorCode::integrity_failure);
        advice << QString::fromUtf8(lead.data(), static_cast<qsizetype>(lead.size()));
    }
    if (row.overview.quarantined > 0) {
        words << QCoreApplication::translate("CaseRow", "%n in quarantine", nullptr,
                                             static_cast<int>(row.overview.quarantined));
        advice << row.quarantine_notice;
    }
    if (row.changed) {
        words << QCoreApplication::translate("CaseRow", "new");
        advice << QCoreApplication::translate("CaseRow", "Changed since you last opened it here.");
    }
    row.notice = words.join(QStringLiteral(", "));
    row.notice_tooltip = advice.join(QLatin1Char('\n'));
}

}  // namespace weerbaar::desktop
