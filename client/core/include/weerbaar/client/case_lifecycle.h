#pragma once
// A case's lifecycle kept whole around the people in it: the latest version of an
// edited record (so a correction of a correction supersedes the latest one), the
// open tasks a member leaves behind when removed, and moving a task to someone else.
// Built on case_workflow.h; the same entitlement rules (may_replace) apply.

#include <cstdint>
#include <string>
#include <vector>

#include "weerbaar/client/case_workflow.h"

namespace weerbaar::client {

// The sequence of the newest valid version of the record at `sequence`: follows
// the supersedes links (superseded_records) until a version nobody replaced.
// `sequence` itself when nothing replaced it; 0 when it is not a record of the case.
[[nodiscard]] std::uint64_t latest_version(const OpenedCase& opened, std::uint64_t sequence);

// The tasks of the case, current version, not done, assigned to `user`.
[[nodiscard]] std::vector<TaskView> open_tasks_of(const OpenedCase& opened,
                                                  const std::string& user);

// One case's open tasks of a member, for a report before or after removing them.
struct LeftTasks {
    std::string case_id;  // 32 hex
    std::vector<TaskView> tasks;
};

// `user`'s open tasks in every case the caller can read (cases that fail
// verification are skipped: their tasks cannot be trusted). Only cases with tasks.
[[nodiscard]] Result<std::vector<LeftTasks>> open_tasks_across_cases(const Session& session,
                                                                     MemberDirectory& directory,
                                                                     const std::string& user);

// `task assign`: a new version of the task naming `to` as assignee, superseding the
// current version. `to` must hold the case's current key; the task must be open and
// not already theirs (invalid_argument). Allowed for whoever may_replace allows: the
// task's author, its current assignee, a confidant or a coordinator (else
// permission_denied); not_found for an unknown task id.
[[nodiscard]] Result<AppendedRecord> assign_task(const Session& session, MemberDirectory& directory,
                                                 crypto::ByteView case_id, crypto::ByteView task_id,
                                                 const std::string& to);

}  // namespace weerbaar::client
