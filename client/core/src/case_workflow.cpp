#include "weerbaar/client/case_workflow.h"

#include <algorithm>

#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_lifecycle.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/intake_json.h"

namespace weerbaar::client {
namespace {

Error bad(const std::string& message, std::string field = {}) {
    return Error(ErrorCode::invalid_argument, message, std::move(field));
}

Status check_free_text(const std::string& text, const std::string& field, bool required) {
    return check_text(text, field, TextRule{required, kMaxFreeTextCharacters});
}

std::string known_codes(CodeList list, std::string_view except = {}) {
    std::string out;
    for (const Code& code : codes(list)) {
        if (code.code == except) {
            continue;
        }
        out += out.empty() ? "" : ", ";
        out += code.code;
    }
    return out;
}

Status check_code(CodeList list, const std::string& code, const std::string& field) {
    if (is_known_code(list, code)) {
        return ok_status();
    }
    return bad("unknown " + field + " '" + display_line(code) + "' (codebook " +
                   std::string(code_list_name(list)) + ": " + known_codes(list) + ")",
               field);
}

const CaseRecord* find_record(const OpenedCase& opened, crypto::ByteView record_id) {
    for (const CaseRecord& record : opened.records) {
        if (crypto::equal_constant_time(record.record_id, record_id)) {
            return &record;
        }
    }
    return nullptr;
}

Status require_case_manager(MemberDirectory& directory, const std::string& action) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    if (me.role() != crypto::Role::confidant && me.role() != crypto::Role::coordinator) {
        return Error(ErrorCode::permission_denied,
                     "not allowed: only a confidant or coordinator may " + action);
    }
    return ok_status();
}

ContentBuilder fixed(v1::RecordContent content) {
    return [content = std::move(content)](const OpenedCase&) -> Result<v1::RecordContent> {
        return content;
    };
}

v1::RetentionChange retention_change(const CaseState& state, const std::string& status) {
    if (status == "gesloten") {
        return v1::RETENTION_START;
    }
    return state.status == "gesloten" ? v1::RETENTION_CLEAR : v1::RETENTION_UNCHANGED;
}

}  // namespace

bool may_replace(const CaseRecord& record, const CaseRecord& earlier) {
    if (record.author == earlier.author) {
        return true;
    }
    // A task is also moved on by whoever it is assigned to and by those who run cases.
    return record.content.has_task() && (record.author == earlier.content.task().assignee() ||
                                         record.author_role == crypto::Role::confidant ||
                                         record.author_role == crypto::Role::coordinator);
}

const CaseRecord* replaced_record(const OpenedCase& opened, const CaseRecord& record) {
    const std::string& target = record.content.supersedes();
    if (target.empty()) {
        return nullptr;
    }
    const CaseRecord* earlier = find_record(opened, crypto::as_bytes(target));
    if (earlier == nullptr || earlier->sequence >= record.sequence ||
        earlier->content.body_case() != record.content.body_case()) {
        return nullptr;
    }
    return may_replace(record, *earlier) ? earlier : nullptr;
}

std::map<crypto::Bytes, std::uint64_t> superseded_records(const OpenedCase& opened) {
    std::map<crypto::Bytes, std::uint64_t> replaced;
    for (const CaseRecord& record : opened.records) {
        if (const CaseRecord* earlier = replaced_record(opened, record)) {
            replaced[earlier->record_id] = record.sequence;
        }
    }
    return replaced;
}

bool changes_state(const OpenedCase& opened, const CaseRecord& record,
                   const std::string& confidant) {
    const bool manager = record.author_role == crypto::Role::confidant ||
                         record.author_role == crypto::Role::coordinator;
    if (record.content.has_status()) {
        const v1::StatusChange& change = record.content.status();
        return manager &&
               check_status_request(change.status(), change.outcome().empty()
                                                         ? std::nullopt
                                                         : std::optional(change.outcome()))
                   .ok();
    }
    if (record.content.has_handover()) {
        const bool entitled =
            record.author_role == crypto::Role::coordinator || record.author == confidant;
        const std::string& to = record.content.handover().to();
        const bool to_member = std::any_of(opened.members.begin(), opened.members.end(),
                                           [&](const CaseMemberEntry& m) { return m.user == to; });
        return entitled && to_member;
    }
    return false;
}

CaseState case_state(const OpenedCase& opened) {
    CaseState state;
    state.confidant = opened.creator;
    state.retention_until_unix = opened.summary.retention_until_unix();
    for (const CaseRecord& record : opened.records) {
        if (!changes_state(opened, record, state.confidant)) {
            continue;
        }
        if (record.content.has_status()) {
            state.status = record.content.status().status();
            state.outcome = record.content.status().outcome();
        } else {
            state.confidant = record.content.handover().to();
        }
    }
    return state;
}

std::vector<TaskView> case_tasks(const OpenedCase& opened) {
    std::vector<TaskView> tasks;
    std::map<crypto::Bytes, std::size_t> index_of_version;  // record id -> task
    for (const CaseRecord& record : opened.records) {
        if (!record.content.has_task()) {
            continue;
        }
        const CaseRecord* earlier = replaced_record(opened, record);
        const auto found =
            earlier == nullptr ? index_of_version.end() : index_of_version.find(earlier->record_id);
        if (found == index_of_version.end()) {
            index_of_version[record.record_id] = tasks.size();
            tasks.push_back(
                TaskView{crypto::to_hex(record.record_id), record.sequence, record.content.task()});
            continue;
        }
        TaskView& task = tasks[found->second];
        // A later version of an older version is a branch: the newest record wins.
        task.sequence = record.sequence;
        task.task = record.content.task();
        index_of_version[record.record_id] = found->second;
    }
    return tasks;
}

Status check_counselling_note(const v1::CounsellingNote& note, std::chrono::year_month_day today) {
    const auto date = parse_date(note.date());
    if (!date) {
        return bad("date '" + display_line(note.date()) + "' must be a real date as YYYY-MM-DD",
                   "date");
    }
    if (std::chrono::sys_days{*date} > std::chrono::sys_days{today}) {
        return bad("date " + note.date() + " lies in the future", "date");
    }
    if (note.duration_minutes() == 0 || note.duration_minutes() > kMaxContactMinutes) {
        return bad("duration must be 1 to " + std::to_string(kMaxContactMinutes) + " minutes",
                   "duration_minutes");
    }
    WEERBAAR_TRY(check_code(CodeList::contact_kind, note.contact_kind(), "contact kind"));
    WEERBAAR_TRY(check_free_text(note.text(), "text", true));
    v1::RecordContent content;
    *content.mutable_counselling() = note;
    return check_record_content(content);
}

Status check_referral(const v1::Referral& referral) {
    WEERBAAR_TRY(check_code(CodeList::referral, referral.to(), "referral"));
    WEERBAAR_TRY(check_free_text(referral.note(), "note", false));
    v1::RecordContent content;
    *content.mutable_referral() = referral;
    return check_record_content(content);
}

Status check_status_request(const std::string& status, const std::optional<std::string>& outcome) {
    if (status == "intake" || !is_known_code(CodeList::status, status)) {
        return bad("unknown status '" + display_line(status) + "' (use " +
                       known_codes(CodeList::status, "intake") + ")",
                   "status");
    }
    // Field "outcome" for both: a front end marks its outcome control (the CLI words
    // these with its flags, client/cli/error_wording.cpp).
    if (status == "gesloten" && !outcome) {
        return bad("closing a case needs an outcome (" + known_codes(CodeList::outcome) + ")",
                   "outcome");
    }
    if (status != "gesloten" && outcome) {
        return bad("an outcome goes only with status gesloten", "outcome");
    }
    if (outcome) {
        WEERBAAR_TRY(check_code(CodeList::outcome, *outcome, "outcome"));
    }
    v1::RecordContent content;
    content.mutable_status()->set_status(status);
    content.mutable_status()->set_outcome(outcome.value_or(""));
    return check_record_content(content);
}

Status check_task_fields(const v1::Task& task, std::chrono::year_month_day today) {
    WEERBAAR_TRY(check_text(task.title(), "title", TextRule{true, kMaxTaskTitleCharacters}));
    if (task.assignee().empty()) {
        return bad("the assignee must not be empty");
    }
    const auto due = parse_date(task.due());
    if (!due) {
        return bad("due date '" + display_line(task.due()) + "' must be a real date as YYYY-MM-DD",
                   "date");
    }
    if (std::chrono::sys_days{*due} < std::chrono::sys_days{today}) {
        return bad("due date " + task.due() + " lies in the past");
    }
    v1::RecordContent content;
    *content.mutable_task() = task;
    return check_record_content(content);
}

Result<crypto::Bytes> parse_task_id(const std::string& text) {
    auto bytes = crypto::from_hex(text);
    if (!bytes.ok() || bytes.value().size() != crypto::kRecordIdSize) {
        return bad("task id '" + text + "' must be 32 hexadecimal digits (see task list)");
    }
    return std::move(bytes).value();
}

Result<AppendedRecord> add_counselling_note(const Session& session, MemberDirectory& directory,
                                            crypto::ByteView case_id,
                                            const v1::CounsellingNote& note) {
    WEERBAAR_TRY(check_counselling_note(note, local_today()));
    v1::RecordContent content;
    *content.mutable_counselling() = note;
    return append_record(session, directory, case_id, fixed(std::move(content)),
                         AppendOptions("add the contact"));
}

Result<AppendedRecord> add_referral(const Session& session, MemberDirectory& directory,
                                    crypto::ByteView case_id, const v1::Referral& referral) {
    WEERBAAR_TRY(check_referral(referral));
    v1::RecordContent content;
    *content.mutable_referral() = referral;
    return append_record(session, directory, case_id, fixed(std::move(content)),
                         AppendOptions("add the referral"));
}

Result<AppendedRecord> change_status(const Session& session, MemberDirectory& directory,
                                     crypto::ByteView case_id, const std::string& status,
                                     const std::optional<std::string>& outcome) {
    WEERBAAR_TRY(check_status_request(status, outcome));
    WEERBAAR_TRY(require_case_manager(directory, "change the status of a case"));
    ContentBuilder build = [&](const OpenedCase& opened) -> Result<v1::RecordContent> {
        if (case_state(opened).status == status) {
            return bad("the case is already " + status);
        }
        v1::RecordContent content;
        content.mutable_status()->set_status(status);
        content.mutable_status()->set_outcome(outcome.value_or(""));
        return content;
    };
    AppendOptions options("change the status");
    options.retention = [&](const OpenedCase& opened) {
        return retention_change(case_state(opened), status);
    };
    return append_record(session, directory, case_id, build, options);
}

Result<AppendedRecord> add_task(const Session& session, MemberDirectory& directory,
                                crypto::ByteView case_id, const v1::Task& task) {
    WEERBAAR_TRY(check_task_fields(task, local_today()));
    ContentBuilder build = [&](const OpenedCase& opened) -> Result<v1::RecordContent> {
        const std::vector<std::string> members = opened.current_members();
        if (std::find(members.begin(), members.end(), task.assignee()) == members.end()) {
            return bad("assignee '" + task.assignee() + "' is not a member of this case");
        }
        v1::RecordContent content;
        *content.mutable_task() = task;
        content.mutable_task()->set_done(false);
        return content;
    };
    return append_record(session, directory, case_id, build, AppendOptions("add the task"));
}

Result<v1::RecordContent> next_task_version(
    const OpenedCase& opened, const std::string& author, crypto::Role role,
    const std::string& task_id, const TaskEditMessages& messages,
    const std::function<Status(const TaskView&, v1::Task&)>& change) {
    for (const TaskView& view : case_tasks(opened)) {
        if (view.task_id != task_id) {
            continue;
        }
        if (view.task.done()) {
            return bad(messages.done);
        }
        const CaseRecord& current = opened.records.at(view.sequence - 1);
        CaseRecord mine;  // what this client's record will be, for the same rule readers apply
        mine.author = author;
        mine.author_role = role;
        mine.content.mutable_task();
        if (!may_replace(mine, current)) {
            return Error(ErrorCode::permission_denied, messages.denied);
        }
        v1::RecordContent content;
        *content.mutable_task() = view.task;
        WEERBAAR_TRY(change(view, *content.mutable_task()));
        content.set_supersedes(current.record_id.data(), current.record_id.size());
        return content;
    }
    return Error(ErrorCode::not_found, messages.no_task);
}

Result<AppendedRecord> complete_task(const Session& session, MemberDirectory& directory,
                                     crypto::ByteView case_id, crypto::ByteView task_id) {
    const std::string wanted = crypto::to_hex(task_id);
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    const TaskEditMessages messages{
        "no task " + wanted + " in this case", "task " + wanted + " is already done",
        "not allowed: a task is marked done by its assignee, its author, a confidant or a "
        "coordinator"};
    ContentBuilder build = [&](const OpenedCase& opened) -> Result<v1::RecordContent> {
        return next_task_version(opened, session.user(), me.role(), wanted, messages,
                                 [](const TaskView&, v1::Task& task) {
                                     task.set_done(true);
                                     return ok_status();
                                 });
    };
    return append_record(session, directory, case_id, build, AppendOptions("mark the task done"));
}

Result<AppendedRecord> correct_note(const Session& session, MemberDirectory& directory,
                                    crypto::ByteView case_id, std::uint64_t replaces,
                                    const std::string& text) {
    WEERBAAR_TRY(check_free_text(text, "text", true));
    ContentBuilder build = [&](const OpenedCase& opened) -> Result<v1::RecordContent> {
        if (replaces == 0 || replaces > opened.records.size() ||
            !opened.records[replaces - 1].content.has_note()) {
            return bad("record " + std::to_string(replaces) + " is not a note of this case");
        }
        // Correcting a corrected note corrects its latest version, so the history
        // stays one line of versions rather than branching.
        const CaseRecord& earlier = opened.records[latest_version(opened, replaces) - 1];
        if (earlier.author != session.user()) {
            return Error(ErrorCode::permission_denied,
                         "not allowed: only " + earlier.author + ", who wrote record " +
                             std::to_string(replaces) + ", corrects it");
        }
        v1::RecordContent content;
        content.mutable_note()->set_text(text);
        content.set_supersedes(earlier.record_id.data(), earlier.record_id.size());
        return content;
    };
    return append_record(session, directory, case_id, build, AppendOptions("correct the note"));
}

Status hand_over(const Session& session, MemberDirectory& directory, crypto::ByteView case_id,
                 const std::string& to, bool previous_keeps_access) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember successor, directory.member(to));
    if (successor.role() != crypto::Role::confidant) {
        return bad("'" + to +
                   "' is not a confidant (vertrouwenspersoon); a case goes to a confidant");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const OpenedCase opened, open_case(session, directory, case_id));
    const CaseState state = case_state(opened);
    if (me.role() != crypto::Role::coordinator && session.user() != state.confidant) {
        return Error(ErrorCode::permission_denied, "not allowed: only the case's confidant (" +
                                                       state.confidant +
                                                       ") or a coordinator hands a case over");
    }
    if (to == state.confidant) {
        return bad("'" + to + "' is already the confidant of this case");
    }
    // Removing someone starts an epoch whose key they must never see, so nobody
    // removes themselves: the new confidant or a coordinator does it.
    if (!previous_keeps_access && state.confidant == session.user()) {
        return Error(
            ErrorCode::invalid_argument, "you cannot remove yourself", "remove_previous",
            "draag over en houd zelf toegang; daarna haalt " + to +
                " of een coördinator je uit de zaak / hand over keeping your access; then " + to +
                " or a coordinator removes you from the case");
    }
    const std::vector<std::string> members = opened.current_members();
    if (std::find(members.begin(), members.end(), to) == members.end()) {
        WEERBAAR_TRY(share_case(session, directory, case_id, to));
    }
    const std::string previous = state.confidant;
    const bool previous_is_member =
        std::find(members.begin(), members.end(), previous) != members.end();
    // The removal comes before the record, so the first record after the new epoch
    // begins is already under its key: nothing the removed confidant could still
    // write under the old key would pass as newer than the handover.
    if (!previous_keeps_access && previous_is_member) {
        WEERBAAR_TRY(unshare_case(session, directory, case_id, previous));
    }
    v1::RecordContent content;
    content.mutable_handover()->set_from(previous);
    content.mutable_handover()->set_to(to);
    content.mutable_handover()->set_previous_keeps_access(previous_keeps_access);
    WEERBAAR_TRY(append_record(session, directory, case_id, fixed(std::move(content)),
                               AppendOptions("record the handover")));
    return ok_status();
}

}  // namespace weerbaar::client
