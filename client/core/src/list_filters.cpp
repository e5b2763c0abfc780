#include "weerbaar/client/list_filters.h"

#include <algorithm>

#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/codebook.h"

namespace weerbaar::client {
namespace {

constexpr crypto::Role kRoles[] = {crypto::Role::confidant, crypto::Role::peer,
                                   crypto::Role::coordinator, crypto::Role::researcher};

}  // namespace

const std::vector<std::string>& role_choices() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const crypto::Role role : kRoles) {
            out.emplace_back(crypto::role_name(role));
        }
        return out;
    }();
    return names;
}

std::string dutch_role_label(std::string_view role_name) {
    const auto role = crypto::parse_role(role_name);
    if (!role.ok()) {
        return std::string(role_name);
    }
    switch (role.value()) {
        case crypto::Role::confidant:
            return "vertrouwenspersoon";
        case crypto::Role::peer:
            return "peer";
        case crypto::Role::coordinator:
            return "coördinator";
        case crypto::Role::researcher:
            return "onderzoeker";
    }
    return std::string(role_name);
}

std::vector<std::string> status_choices() {
    std::vector<std::string> out;
    for (const Code& code : codes(CodeList::status)) {
        out.emplace_back(code.code);
    }
    return out;
}

std::vector<std::string> settable_status_choices() {
    std::vector<std::string> out = status_choices();
    std::erase(out, "intake");
    return out;
}

Status check_case_list_filter(const CaseListFilter& filter) {
    if (!filter.status || is_known_code(CodeList::status, *filter.status)) {
        return ok_status();
    }
    std::string known;
    for (const std::string& status : status_choices()) {
        known += known.empty() ? "" : ", ";
        known += status;
    }
    return Error(ErrorCode::invalid_argument,
                 "unknown status '" + *filter.status + "' (" + known + ")", "status");
}

std::vector<CaseListEntry> filter_cases(std::vector<CaseListEntry> cases,
                                        const CaseListFilter& filter) {
    if (filter.status) {
        // A case that failed verification has no status to trust: it stays.
        std::erase_if(cases, [&](const CaseListEntry& entry) {
            return entry.verified && entry.status != *filter.status;
        });
    }
    return cases;
}

Status check_task_filter(const TaskFilter& filter) {
    if (filter.due_before && !parse_date(*filter.due_before)) {
        return Error(ErrorCode::invalid_argument,
                     "'" + *filter.due_before + "' must be a real date as YYYY-MM-DD",
                     "due_before");
    }
    return ok_status();
}

void add_case_tasks(TaskList& list, const OpenedCase* opened, const TaskFilter& filter) {
    if (opened == nullptr) {
        ++list.unverified_cases;  // counted, never silently dropped
        return;
    }
    for (TaskView& view : case_tasks(*opened)) {
        if (filter.assignee && view.task.assignee() != *filter.assignee) {
            continue;
        }
        // Dates as YYYY-MM-DD compare as text in calendar order.
        if (filter.due_before && view.task.due() >= *filter.due_before) {
            continue;
        }
        list.tasks.push_back(CaseTask{format_case_id(opened->case_id), std::move(view)});
    }
}

Result<TaskList> list_tasks(const Session& session, MemberDirectory& directory,
                            const TaskFilter& filter, const LongWork& work) {
    WEERBAAR_TRY(check_task_filter(filter));
    TaskList list;
    WEERBAAR_TRY(visit_cases(
        session, directory,
        [&](const v1::CaseSummary&, const OpenedCase* opened) {
            add_case_tasks(list, opened, filter);
        },
        work));
    return list;
}

}  // namespace weerbaar::client
