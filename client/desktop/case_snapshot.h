#pragma once
// What a case view paints, derived on the worker from a case the core verified (or
// from the core's cache of one, case_reader.h cached_case): no field of it comes
// from anywhere else. Built off the UI thread so that the UI thread only arranges.

#include <QString>
#include <optional>
#include <vector>

#include "case_members.h"
#include "timeline_model.h"
#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/intake_view.h"

namespace weerbaar::desktop {

struct TaskRow {
    QString task_hex;  // the task id (32 hex)
    QString title;     // display_line
    QString assignee;  // the user name as recorded
    QString due;       // YYYY-MM-DD
    bool done = false;
};

struct CaseSnapshot {
    bool from_cache = false;  // painted from the local store, a server read follows
    QString title;            // display_line of the intake title
    QString status;           // codebook code
    QString status_label;     // Dutch
    QString outcome_label;    // Dutch, when closed
    QString confidant;        // user name
    std::int64_t retention_until_unix = 0;
    std::size_t quarantined = 0;
    // Records this read gave back to a server restored from a backup
    // (client::OpenedCase::handed_back); 0 for every other read.
    std::uint64_t handed_back = 0;
    bool intake_readable = true;  // false: record 1 was quarantined
    std::vector<client::IntakeLine> intake;
    std::vector<TimelineEntry> timeline;
    std::vector<TaskRow> tasks;
    CaseMembers members;       // current members (with the directory's word when read)
    CaseMembers organisation;  // every member the directory verified (for share, handover)
};

// Everything but the directory's word on members (role, verified, revoked), which
// the caller adds when it has a directory. Any thread.
[[nodiscard]] CaseSnapshot snapshot_of(const client::OpenedCase& opened, bool from_cache);

}  // namespace weerbaar::desktop
