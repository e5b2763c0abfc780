#pragma once
// Case work on top of the verified record history: what state a case is in, which
// tasks it holds, and the writes of daily work (contacts, referrals, status, tasks,
// corrections, handover). The server sees none of it; it learns only that a case
// was closed or reopened (its retention deadline, docs/server.md).
//
// Records are append-only. An edit is a new record naming the one it replaces in
// RecordContent.supersedes; both stay in the history. A supersedes link counts only
// when it names an earlier record of the same case and the same kind, written by
// someone allowed to replace it (may_replace); anything else is shown but changes
// nothing.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/record_content_check.h"  // kMaxTaskTitleCharacters

namespace weerbaar::client {

inline constexpr std::uint32_t kMaxContactMinutes = 24 * 60;

// Whether `record` may replace `earlier` (same kind assumed): its own author may; a
// task also its assignee, a confidant or a coordinator.
[[nodiscard]] bool may_replace(const CaseRecord& record, const CaseRecord& earlier);
// The earlier record that `record` validly supersedes, or nullptr.
[[nodiscard]] const CaseRecord* replaced_record(const OpenedCase& opened, const CaseRecord& record);
// Record id -> sequence of the record that replaced it (the latest replacement).
[[nodiscard]] std::map<crypto::Bytes, std::uint64_t> superseded_records(const OpenedCase& opened);

struct CaseState {
    std::string status = "intake";          // codebook status
    std::string outcome;                    // codebook outcome, set while gesloten
    std::string confidant;                  // responsible: the creator, or the last handover's `to`
    std::int64_t retention_until_unix = 0;  // the server's deadline (0: none)
};
// Only records whose author was entitled count: a status change by a confidant or
// coordinator, a handover by a coordinator or the confidant at that point. Others
// (possible only from a modified client) stay in the history and change nothing.
// A handover counts only to a member of the case; a status record only with a known
// status (not intake) and an outcome exactly when gesloten.
[[nodiscard]] bool changes_state(const OpenedCase& opened, const CaseRecord& record,
                                 const std::string& confidant);
[[nodiscard]] CaseState case_state(const OpenedCase& opened);

struct TaskView {
    std::string task_id;         // hex of the record id that created the task
    std::uint64_t sequence = 0;  // the record holding the current version
    v1::Task task;               // the current version
};
// Every task of the case in order of creation, each in its current version.
[[nodiscard]] std::vector<TaskView> case_tasks(const OpenedCase& opened);

// Checks that need no server: codes, dates, lengths. invalid_argument naming the
// field. `today` is the user's local date.
[[nodiscard]] Status check_counselling_note(const v1::CounsellingNote& note,
                                            std::chrono::year_month_day today);
[[nodiscard]] Status check_referral(const v1::Referral& referral);
[[nodiscard]] Status check_status_request(const std::string& status,
                                          const std::optional<std::string>& outcome);
[[nodiscard]] Status check_task_fields(const v1::Task& task, std::chrono::year_month_day today);
// A task id as typed: 32 hex digits.
[[nodiscard]] Result<crypto::Bytes> parse_task_id(const std::string& text);

// The writes. Each opens the case verified (case_writer.h), checks what depends on
// its state, and appends one record.
[[nodiscard]] Result<AppendedRecord> add_counselling_note(const Session& session,
                                                          MemberDirectory& directory,
                                                          crypto::ByteView case_id,
                                                          const v1::CounsellingNote& note);
[[nodiscard]] Result<AppendedRecord> add_referral(const Session& session,
                                                  MemberDirectory& directory,
                                                  crypto::ByteView case_id,
                                                  const v1::Referral& referral);
// Closing (gesloten) needs an outcome and starts the retention deadline; leaving
// gesloten clears it. Confidants and coordinators only.
[[nodiscard]] Result<AppendedRecord> change_status(const Session& session,
                                                   MemberDirectory& directory,
                                                   crypto::ByteView case_id,
                                                   const std::string& status,
                                                   const std::optional<std::string>& outcome);
// The assignee must be a member of the case's current epoch.
[[nodiscard]] Result<AppendedRecord> add_task(const Session& session, MemberDirectory& directory,
                                              crypto::ByteView case_id, const v1::Task& task);
// What a refusal of a task edit says, per edit (Dutch / English where the edit has it).
struct TaskEditMessages {
    std::string no_task;  // not_found: no task with that id in the case
    std::string done;     // invalid_argument: the task is done already
    std::string denied;   // permission_denied: may_replace says no
};
// The next version of the open task `task_id` (32 hex), as `author` with `role` would
// write it: the current version with `change` applied, superseding it. Refused as
// `messages` say when the task is unknown, done, or not the author's to replace
// (may_replace, the rule readers apply); `change` may refuse too. For every edit of
// a task (done, assign), so they find and judge the task one way.
[[nodiscard]] Result<v1::RecordContent> next_task_version(
    const OpenedCase& opened, const std::string& author, crypto::Role role,
    const std::string& task_id, const TaskEditMessages& messages,
    const std::function<Status(const TaskView&, v1::Task&)>& change);

[[nodiscard]] Result<AppendedRecord> complete_task(const Session& session,
                                                   MemberDirectory& directory,
                                                   crypto::ByteView case_id,
                                                   crypto::ByteView task_id);
// A note that replaces the (plain) note at sequence `replaces`; when that note was
// corrected already, the new note replaces its latest version (case_lifecycle.h).
[[nodiscard]] Result<AppendedRecord> correct_note(const Session& session,
                                                  MemberDirectory& directory,
                                                  crypto::ByteView case_id, std::uint64_t replaces,
                                                  const std::string& text);

// Hands the case to confidant `to`: shares the key with them if they lack it,
// records the handover, and, unless `previous_keeps_access`, removes the previous
// confidant (a new epoch). Allowed for a coordinator who is a member of the case
// and for the case's current confidant; only a coordinator can remove the previous
// confidant in the same step (nobody removes themselves: they would see the new key).
[[nodiscard]] Status hand_over(const Session& session, MemberDirectory& directory,
                               crypto::ByteView case_id, const std::string& to,
                               bool previous_keeps_access);

}  // namespace weerbaar::client
