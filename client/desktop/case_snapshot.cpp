#include "case_snapshot.h"

#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/intake_json.h"

namespace weerbaar::desktop {

namespace {
QString from_std(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}
}  // namespace

CaseSnapshot snapshot_of(const client::OpenedCase& opened, bool from_cache) {
    CaseSnapshot snapshot;
    snapshot.from_cache = from_cache;
    snapshot.handed_back = opened.handed_back;
    if (const v1::Intake* intake = opened.intake()) {
        snapshot.title = from_std(client::display_line(client::intake_title(*intake)));
        snapshot.intake = client::intake_lines(*intake);
    } else {
        snapshot.intake_readable = false;
    }
    const client::CaseState state = client::case_state(opened);
    snapshot.status = from_std(state.status);
    snapshot.status_label =
        from_std(client::display_line(client::dutch_label(client::CodeList::status, state.status)));
    if (!state.outcome.empty()) {
        snapshot.outcome_label = from_std(
            client::display_line(client::dutch_label(client::CodeList::outcome, state.outcome)));
    }
    snapshot.confidant = from_std(state.confidant);
    snapshot.retention_until_unix = state.retention_until_unix;
    snapshot.quarantined = opened.quarantined_count();
    snapshot.timeline = timeline_entries(opened);
    for (const client::TaskView& view : client::case_tasks(opened)) {
        snapshot.tasks.push_back(
            TaskRow{from_std(view.task_id), from_std(client::display_line(view.task.title())),
                    from_std(view.task.assignee()), from_std(client::display_line(view.task.due())),
                    view.task.done()});
    }
    for (const std::string& user : opened.current_members()) {
        snapshot.members.push_back(CaseMember{from_std(user), {}, false, false, false});
    }
    return snapshot;
}

}  // namespace weerbaar::desktop
