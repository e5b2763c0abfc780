// Case work: contacts, referrals, status, timeline, handover and tasks. Checks that
// need no server run before the passphrase is asked: fix the command first.
#include <iostream>

#include "case_output.h"
#include "command_session.h"
#include "commands.h"
#include "error_wording.h"
#include "member_output.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_lifecycle.h"
#include "weerbaar/client/case_lookup.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/list_filters.h"
#include "weerbaar/client/member_directory.h"

namespace weerbaar::cli {
Status run_case_contact(const std::filesystem::path& directory, const std::string& case_text,
                        const ContactOptions& contact) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    v1::CounsellingNote note;
    note.set_date(contact.date);
    note.set_duration_minutes(contact.minutes);
    note.set_contact_kind(contact.kind);
    note.set_text(contact.text);
    WEERBAAR_TRY(client::check_counselling_note(note, client::local_today()));
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(open.session, case_text));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::AppendedRecord appended,
                              client::add_counselling_note(open.session, members, case_id, note));
    std::cout << "Gesprek vastgelegd / contact logged as record " << appended.sequence << std::endl;
    warn_after_write(appended);
    return ok_status();
}

Status run_case_refer(const std::filesystem::path& directory, const std::string& case_text,
                      const std::string& to, const std::string& text) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    v1::Referral referral;
    referral.set_to(to);
    referral.set_note(text);
    WEERBAAR_TRY(client::check_referral(referral));
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(open.session, case_text));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::AppendedRecord appended,
                              client::add_referral(open.session, members, case_id, referral));
    std::cout << "Doorverwijzing vastgelegd / referral recorded as record " << appended.sequence
              << std::endl;
    warn_after_write(appended);
    return ok_status();
}

Status run_case_status(const std::filesystem::path& directory, const std::string& case_text,
                       const std::string& status, const std::optional<std::string>& outcome) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    if (Status request = client::check_status_request(status, outcome); !request.ok()) {
        return status_error_in_cli_words(request.error(), status, outcome);
    }
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(open.session, case_text));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(
        const client::AppendedRecord appended,
        client::change_status(open.session, members, case_id, status, outcome));
    std::cout << "Status: " << status << " (record " << appended.sequence << ")";
    if (appended.retention_until_unix != 0) {
        std::cout << "; bewaren tot / retained until "
                  << client::utc_date(appended.retention_until_unix);
    }
    std::cout << std::endl;
    return ok_status();
}

Status run_case_timeline(const std::filesystem::path& directory, const std::string& case_text,
                         bool json) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(open.session, case_text));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::OpenedCase opened,
                              client::open_case(open.session, members, case_id));
    if (json) {
        print_json(timeline_json(opened));
    } else {
        print_timeline(std::cout, opened);
    }
    return ok_status();
}

Status run_case_handover(const std::filesystem::path& directory, const std::string& case_text,
                         const std::string& to, bool previous_keeps_access) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(open.session, case_text));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::RecipientAdvice advice,
                              client::advise_on_recipient(members, to));
    if (Status handed =
            client::hand_over(open.session, members, case_id, to, previous_keeps_access);
        !handed.ok()) {
        return handover_error_in_cli_words(handed.error(), to, client::format_case_id(case_id),
                                           open.session.user());
    }
    print_recipient_advice(std::cerr, advice);
    std::cout << "Overgedragen aan / handed over to " << to
              << (previous_keeps_access ? "" : "; vorige vertrouwenspersoon verwijderd")
              << std::endl;
    return ok_status();
}

Status run_task_add(const std::filesystem::path& directory, const std::string& case_text,
                    const TaskOptions& options) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    v1::Task task;
    task.set_title(options.title);
    task.set_assignee(options.assignee);
    task.set_due(options.due);
    WEERBAAR_TRY(client::check_task_fields(task, client::local_today()));
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(open.session, case_text));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::AppendedRecord appended,
                              client::add_task(open.session, members, case_id, task));
    std::cout << "Taak toegevoegd / task added as record " << appended.sequence << ":\n"
              << crypto::to_hex(appended.record_id) << std::endl;
    warn_after_write(appended);
    return ok_status();
}

Status run_task_done(const std::filesystem::path& directory, const std::string& case_text,
                     const std::string& task_text) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes task_id, client::parse_task_id(task_text));
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(open.session, case_text));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::AppendedRecord appended,
                              client::complete_task(open.session, members, case_id, task_id));
    std::cout << "Taak gedaan / task done (record " << appended.sequence << ")" << std::endl;
    warn_after_write(appended);
    return ok_status();
}

Status run_task_assign(const std::filesystem::path& directory, const std::string& case_text,
                       const std::string& task_text, const std::string& to) {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id, client::parse_case_id(case_text));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes task_id, client::parse_task_id(task_text));
    WEERBAAR_TRY(crypto::validate_user_name(to));
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::AppendedRecord appended,
                              client::assign_task(open.session, members, case_id, task_id, to));
    std::cout << "Taak overgedragen aan / task reassigned to " << to << " (record "
              << appended.sequence << ")" << std::endl;
    warn_after_write(appended);
    return ok_status();
}

Status run_task_list(const std::filesystem::path& directory, const TaskFilter& filter, bool json) {
    client::TaskFilter wanted{std::nullopt, filter.due_before};
    if (Status checked = client::check_task_filter(wanted); !checked.ok()) {
        return Error(checked.error().code(), "--due-before " + checked.error().message(),
                     checked.error().field());
    }
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    if (filter.mine) {
        wanted.assignee = open.session.user();
    }
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(client::TaskList listed,
                              client::list_tasks(open.session, members, wanted));
    const std::vector<CaseTask>& tasks = listed.tasks;
    const std::size_t unverified = listed.unverified_cases;
    if (json) {
        print_json(task_list_json(tasks));
        if (unverified != 0) {
            // The JSON stays a list of tasks; the warning goes where people look.
            std::cerr << "weerbaar: waarschuwing: " << unverified
                      << " zaak/zaken niet gecontroleerd (integriteitsfout), hun taken ontbreken; "
                         "zie weerbaar case list / warning: "
                      << unverified
                      << " case(s) failed verification; their tasks are not listed (see case list)"
                      << std::endl;
        }
    } else {
        print_task_list(std::cout, tasks, unverified);
    }
    return ok_status();
}

}  // namespace weerbaar::cli
