#include "weerbaar/client/case_overview.h"

#include <algorithm>

#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/record_description.h"

namespace weerbaar::client {

CaseOverview overview_of(const OpenedCase& opened) {
    CaseOverview out;
    out.case_id = format_case_id(opened.case_id);
    out.verified = true;
    // The intake holds a municipality as typed: made safe like any user text.
    out.title = opened.intake() != nullptr
                    ? display_line(intake_title(*opened.intake()))
                    : std::string("(melding in quarantaine / intake quarantined)");
    const CaseState state = case_state(opened);
    out.status = state.status;
    out.status_label = std::string(dutch_label(CodeList::status, state.status));
    out.outcome = state.outcome;
    out.confidant = state.confidant;
    // The server's deadline (the one workflow fact it knows, case_workflow.h).
    out.retention_until_unix = state.retention_until_unix;
    for (const TaskView& view : case_tasks(opened)) {
        if (view.task.done()) {
            continue;
        }
        ++out.open_tasks;
        const std::string& assignee = view.task.assignee();
        if (std::find(out.open_task_assignees.begin(), out.open_task_assignees.end(), assignee) ==
            out.open_task_assignees.end()) {
            out.open_task_assignees.push_back(assignee);
        }
    }
    for (const CaseRecord& record : opened.records) {
        // The server's clock: the author's clock is the author's to set, and a
        // record written "in the future" must not stay on top of the list.
        out.last_change_unix = std::max(out.last_change_unix, record.stored_unix);
        if (record.quarantined) {
            if (out.quarantined == 0) {
                out.quarantine_notice = quarantine_notice(record);
            }
            ++out.quarantined;
        }
    }
    return out;
}

CaseOverview unverified_overview(const v1::CaseSummary& summary) {
    CaseOverview out;
    out.case_id = format_case_id(crypto::as_bytes(summary.case_id()));
    out.verified = false;
    out.last_change_unix = summary.updated_unix();
    return out;
}

bool never_hidden(const CaseOverview& overview) { return !overview.verified; }

bool keeps_case(const CaseOverview& overview, const CaseOverviewFilter& filter) {
    if (never_hidden(overview)) {
        return true;
    }
    if (filter.status && overview.status != *filter.status) {
        return false;
    }
    if (filter.mine_of) {
        const std::string& user = *filter.mine_of;
        const bool has_task =
            std::find(overview.open_task_assignees.begin(), overview.open_task_assignees.end(),
                      user) != overview.open_task_assignees.end();
        if (overview.confidant != user && !has_task) {
            return false;
        }
    }
    return true;
}

bool is_overdue(const v1::Task& task, std::chrono::year_month_day today) {
    if (task.done()) {
        return false;
    }
    const auto due = parse_date(task.due());
    return due && std::chrono::sys_days(*due) < std::chrono::sys_days(today);
}

std::vector<CaseTask> task_agenda(std::vector<CaseTask> tasks, std::chrono::year_month_day today) {
    std::erase_if(tasks, [](const CaseTask& task) { return task.view.task.done(); });
    // Rank: overdue, then due (by date), then without a usable date. Stable, so
    // equal dates keep list_tasks' order (case, then creation).
    auto rank = [today](const CaseTask& task) {
        const auto due = parse_date(task.view.task.due());
        if (!due) {
            return std::pair{2, std::chrono::sys_days::max()};
        }
        const std::chrono::sys_days day(*due);
        return std::pair{day < std::chrono::sys_days(today) ? 0 : 1, day};
    };
    std::stable_sort(tasks.begin(), tasks.end(),
                     [&](const CaseTask& a, const CaseTask& b) { return rank(a) < rank(b); });
    return tasks;
}

}  // namespace weerbaar::client
