#include "weerbaar/client/case_lifecycle.h"

#include <algorithm>

#include "weerbaar/client/case_id.h"

namespace weerbaar::client {

std::uint64_t latest_version(const OpenedCase& opened, std::uint64_t sequence) {
    if (sequence == 0 || sequence > opened.records.size()) {
        return 0;
    }
    const auto replaced = superseded_records(opened);
    // Each step moves to a later sequence (replaced_record demands it), so this ends.
    for (;;) {
        const CaseRecord& record = opened.records[sequence - 1];
        const auto later = replaced.find(record.record_id);
        if (later == replaced.end()) {
            return sequence;
        }
        sequence = later->second;
    }
}

std::vector<TaskView> open_tasks_of(const OpenedCase& opened, const std::string& user) {
    std::vector<TaskView> tasks = case_tasks(opened);
    std::erase_if(tasks, [&](const TaskView& view) {
        return view.task.done() || view.task.assignee() != user;
    });
    return tasks;
}

Result<std::vector<LeftTasks>> open_tasks_across_cases(const Session& session,
                                                       MemberDirectory& directory,
                                                       const std::string& user) {
    std::vector<LeftTasks> left;
    WEERBAAR_TRY(visit_cases(
        session, directory, [&](const v1::CaseSummary& summary, const OpenedCase* opened) {
            if (opened == nullptr) {
                return;
            }
            std::vector<TaskView> tasks = open_tasks_of(*opened, user);
            if (!tasks.empty()) {
                left.push_back(
                    {format_case_id(crypto::as_bytes(summary.case_id())), std::move(tasks)});
            }
        }));
    return left;
}

Result<AppendedRecord> assign_task(const Session& session, MemberDirectory& directory,
                                   crypto::ByteView case_id, crypto::ByteView task_id,
                                   const std::string& to) {
    const std::string wanted = crypto::to_hex(task_id);
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    const TaskEditMessages messages{
        "geen taak " + wanted + " in deze zaak / no task " + wanted + " in this case",
        "taak " + wanted + " is al gedaan / task " + wanted + " is already done",
        "niet toegestaan: een taak wordt overgedragen door wie haar heeft, wie haar aanmaakte, "
        "een vertrouwenspersoon of een coordinator / not allowed: a task is reassigned by its "
        "assignee, its author, a confidant or a coordinator"};
    ContentBuilder build = [&](const OpenedCase& opened) -> Result<v1::RecordContent> {
        const std::vector<std::string> members = opened.current_members();
        return next_task_version(
            opened, session.user(), me.role(), wanted, messages,
            [&](const TaskView& view, v1::Task& task) -> Status {
                if (view.task.assignee() == to) {
                    return Error(
                        ErrorCode::invalid_argument,
                        "taak staat al op naam van " + to + " / the task is already " + to + "'s");
                }
                if (std::find(members.begin(), members.end(), to) == members.end()) {
                    return Error(ErrorCode::invalid_argument,
                                 "'" + to + "' is geen lid van deze zaak; deel haar eerst / '" +
                                     to + "' is not a member of this case; share it first");
                }
                task.set_assignee(to);
                return ok_status();
            });
    };
    return append_record(session, directory, case_id, build, AppendOptions("reassign the task"));
}

}  // namespace weerbaar::client
