#pragma once
// What a front end filters lists by, and the lists its choices come from. One rule
// holds for every filter here: a filter never hides an integrity failure. A case
// that failed verification has no status or tasks to trust, so it stays in a
// filtered case list (marked: CaseListEntry::verified is false) and is counted in a
// task list (TaskList::unverified_cases), whatever the filter asks.
//
// Pure functions except list_tasks (which reads every case, like visit_cases).
// Threading: as the Session they are given (session.h); the rest is safe from any
// thread.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/long_work.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/result.h"

namespace weerbaar::client {

// The roles a coordinator may approve a member as, in the order a form shows them.
[[nodiscard]] const std::vector<std::string>& role_choices();
// The Dutch label of a role name ("confidant" -> "vertrouwenspersoon"), as a member
// list or a role choice shows it; an unknown name comes back unchanged, so nothing a
// server sends is ever hidden behind a label.
[[nodiscard]] std::string dutch_role_label(std::string_view role_name);
// The statuses a case can have (codebook v1, intake included), for a list filter.
[[nodiscard]] std::vector<std::string> status_choices();
// The statuses a person may set (intake is only ever a new case's).
[[nodiscard]] std::vector<std::string> settable_status_choices();

struct CaseListFilter {
    std::optional<std::string> status;  // a codebook status; none: every case
};
// invalid_argument, field "status", for a status that is not in the codebook.
[[nodiscard]] Status check_case_list_filter(const CaseListFilter& filter);
// Keeps the cases the filter asks for, and every case that failed verification.
[[nodiscard]] std::vector<CaseListEntry> filter_cases(std::vector<CaseListEntry> cases,
                                                      const CaseListFilter& filter);

struct TaskFilter {
    std::optional<std::string> assignee;    // only tasks of this member
    std::optional<std::string> due_before;  // only tasks due before this date (YYYY-MM-DD)
};
// invalid_argument, field "due_before", for a date that is not a real YYYY-MM-DD date.
[[nodiscard]] Status check_task_filter(const TaskFilter& filter);

struct CaseTask {
    std::string case_id;  // format_case_id
    TaskView view;
};
struct TaskList {
    std::vector<CaseTask> tasks;       // in case order, then in order of creation
    std::size_t unverified_cases = 0;  // cases whose tasks could not be trusted
};
// Adds the tasks of one visited case (nullptr: it failed verification) to `list`.
void add_case_tasks(TaskList& list, const OpenedCase* opened, const TaskFilter& filter);

// The tasks across every case the caller can see (visit_cases: progress in cases).
// Errors: those of check_task_filter and visit_cases; cancelled when stopped.
[[nodiscard]] Result<TaskList> list_tasks(const Session& session, MemberDirectory& directory,
                                          const TaskFilter& filter, const LongWork& work = {});

}  // namespace weerbaar::client
