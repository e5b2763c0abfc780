#pragma once
// One case as a list shows it, and the agenda of open tasks: what a front end's case
// list and "my tasks" show, derived here from the verified case so that no front end
// derives it on its own (the desktop client uses it; the CLI's `case list` still
// uses list_cases, whose fields agree with these).
//
// The list rule of list_filters.h holds here too: a filter never hides a case that
// failed verification (keeps_case), and a task list counts such cases.
//
// Pure functions; safe from any thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/list_filters.h"

namespace weerbaar::client {

struct CaseOverview {
    std::string case_id;       // format_case_id (32 hex)
    bool verified = true;      // false: the case failed an integrity check; nothing
                               // below but case_id and last_change_unix can be trusted
    std::string title;         // intake_title made safe to show (display_line)
    std::string status;        // codebook status ("intake", ...)
    std::string status_label;  // its Dutch label
    std::string outcome;       // codebook outcome while gesloten, else empty
    std::string confidant;     // who is responsible (case_state)
    std::size_t open_tasks = 0;
    // Assignees of the open tasks, each once, in order of first appearance.
    std::vector<std::string> open_task_assignees;
    std::int64_t last_change_unix = 0;      // unix seconds, the server's clock of the
                                            // newest record (the summary's when unverified)
    std::int64_t retention_until_unix = 0;  // 0: no deadline (the case is not closed)
    std::size_t quarantined = 0;            // records quarantined (case_reader.h)
    // quarantine_notice() of the first quarantined record (what happened and what to
    // do), or empty when none is.
    std::string quarantine_notice;
};

// The overview of a verified case.
[[nodiscard]] CaseOverview overview_of(const OpenedCase& opened);
// The overview of a case that failed verification (visit_cases gave nullptr): only
// what the server's summary says of it, marked unverified.
[[nodiscard]] CaseOverview unverified_overview(const v1::CaseSummary& summary);

struct CaseOverviewFilter {
    std::optional<std::string> status;   // a codebook status; none: any
    std::optional<std::string> mine_of;  // only cases this member is the confidant
                                         // of or has an open task in; none: any
};
// Whether a list filtered by `filter` shows `overview`: always for a case that failed
// verification (it has no status or tasks to trust), otherwise when it matches.
// A front end that adds a filter of its own (a search field) shows a case when its
// own test passes or keeps_case(overview, {}) says so: never_hidden() below.
[[nodiscard]] bool keeps_case(const CaseOverview& overview, const CaseOverviewFilter& filter);
// True for a case no filter may hide (it failed verification).
[[nodiscard]] bool never_hidden(const CaseOverview& overview);

// "My tasks": open tasks, overdue first (due before `today`), then by due date, then
// as list_tasks gave them (case order, then creation). A task without a due date
// comes last. Done tasks are left out.
[[nodiscard]] std::vector<CaseTask> task_agenda(std::vector<CaseTask> tasks,
                                                std::chrono::year_month_day today);
// A task is overdue when it is open and its due date lies before `today`.
[[nodiscard]] bool is_overdue(const v1::Task& task, std::chrono::year_month_day today);

}  // namespace weerbaar::client
