#include "case_output.h"

#include <ctime>
#include <ostream>

#include "local_time.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/record_description.h"
#include "weerbaar/client/record_time.h"

namespace weerbaar::cli {
namespace {

using client::CodeList;
using nlohmann::json;

std::string yes_no(bool value) { return value ? "ja" : "nee"; }

template <typename Codes>
std::string labels(CodeList list, const Codes& codes) {
    std::string out;
    for (const std::string& code : codes) {
        if (!out.empty()) {
            out += ", ";
        }
        out += client::dutch_label(list, code);
    }
    return out.empty() ? "-" : out;
}

std::string label(CodeList list, const std::string& code) {
    return std::string(client::dutch_label(list, code));
}

// Text another member wrote, in its shape (line breaks and tabs kept, dangerous
// characters neutralised, display_text.h), every further line indented so that no
// line of it can pass for a line of ours (a record header "#7 ...").
std::string indented(std::string_view text, std::string_view indent) {
    const std::string shown = client::display_text(text);
    std::string out;
    out.reserve(shown.size());
    for (const char c : shown) {
        out += c;
        if (c == '\n') {
            out += indent;
        }
    }
    return out;
}

void print_field(std::ostream& out, std::string_view name, const std::string& value) {
    if (!value.empty()) {
        out << "  " << name << ": " << indented(value, "    ") << "\n";
    }
}

void print_intake(std::ostream& out, const v1::Intake& intake) {
    const v1::Reporter& reporter = intake.reporter();
    const v1::Incident& incident = intake.incident();
    print_field(out, "Naam", reporter.name());
    print_field(out, "Contact", reporter.contact());
    print_field(out, "Functie", label(CodeList::office_role, reporter.office_role()));
    print_field(out, "Gemeente (CBS)", reporter.municipality());
    print_field(out, "Provincie", label(CodeList::province, reporter.province()));
    print_field(out, "Datum",
                incident.date_end().empty() ? incident.date()
                                            : incident.date() + " t/m " + incident.date_end());
    print_field(out, "Soort incident", labels(CodeList::incident_type, incident.types()));
    print_field(out, "Kanaal", label(CodeList::channel, incident.channel()));
    print_field(out, "Dader", label(CodeList::perpetrator, incident.perpetrator()));
    print_field(out, "Herhaald", yes_no(incident.repeated()));
    print_field(out, "Gezin geraakt", yes_no(incident.family_affected()));
    print_field(out, "Aangifte gedaan", yes_no(incident.police_report()));
    print_field(out, "Gemeld bij werkgever", yes_no(incident.reported_to_employer()));
    print_field(out, "Risico", label(CodeList::risk_level, incident.risk_level()));
    print_field(out, "Omschrijving", incident.description());
    print_field(out, "Doorverwezen naar", labels(CodeList::referral, intake.referrals()));
    print_field(out, "Samenvatting", intake.summary());
}

std::string state_line(const client::CaseState& state) {
    std::string line = "Status: " + label(CodeList::status, state.status);
    if (!state.outcome.empty()) {
        line += ", uitkomst: " + label(CodeList::outcome, state.outcome);
    }
    if (state.retention_until_unix != 0) {
        line += ", bewaren tot " + client::utc_date(state.retention_until_unix);
    }
    return client::display_line(line + "; vertrouwenspersoon: " + state.confidant);
}

json record_json(const client::OpenedCase& opened, const client::CaseRecord& record,
                 const std::map<crypto::Bytes, std::uint64_t>& replaced) {
    json item = {
        {"sequence", record.sequence},
        {"record_id", crypto::to_hex(record.record_id)},
        {"author", record.author},
        {"created", format_time(static_cast<std::int64_t>(record.created))},
        {"time_differs", client::time_differs(record)},
        {"kind", client::record_kind(record)},
        {"text", client::describe_record_text(record.content)},
    };
    if (record.stored_unix != 0) {
        item["stored"] = format_time(record.stored_unix);
    }
    if (record.quarantined) {
        // Marked so a script sees it is not content: the text is the notice.
        item["quarantined"] = true;
        item["quarantine_reason"] = record.quarantine_reason;
        item["text"] = client::quarantine_notice(record);
    }
    if (const client::CaseRecord* earlier = client::replaced_record(opened, record)) {
        item["supersedes"] = earlier->sequence;
    }
    if (const auto found = replaced.find(record.record_id); found != replaced.end()) {
        item["superseded_by"] = found->second;
    }
    return item;
}

// The server's time in the local zone; when the author's own clock said something
// else by more than the allowed skew, that is shown too, marked.
std::string record_time(const client::CaseRecord& record) {
    std::string shown = format_local_time(client::shown_time(record));
    if (client::time_differs(record)) {
        shown += " (tijd afwijkend / time differs: schrijver gaf " +
                 format_local_time(static_cast<std::int64_t>(record.created)) + ")";
    }
    return shown;
}

}  // namespace

std::string format_time(std::int64_t unix_seconds) {
    const auto seconds = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    // A time no calendar holds (a hostile server's stored time) shows as "?".
    if (gmtime_r(&seconds, &utc) == nullptr) {
        return "?";
    }
    char text[32];
    const std::size_t size = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return size == 0 ? std::string("?") : std::string(text, size);
}

void print_case_list(std::ostream& out, const std::vector<client::CaseListEntry>& cases) {
    if (cases.empty()) {
        out << "Geen zaken / no cases\n";
        return;
    }
    for (const client::CaseListEntry& entry : cases) {
        out << client::format_case_id(crypto::as_bytes(entry.summary.case_id())) << "  "
            << format_local_time(entry.summary.created_unix()) << "  "
            << format_local_time(entry.summary.updated_unix()) << "  "
            << entry.summary.record_count() << " records  "
            << (entry.verified ? label(CodeList::status, entry.status) + "  " +
                                     client::display_line(entry.title)
                               : std::string("INTEGRITEITSFOUT / integrity failure"));
        if (entry.quarantined != 0) {
            out << "  (" << entry.quarantined << " record(s) in quarantaine / quarantined)";
        }
        out << "\n";
    }
}

json case_list_json(const std::vector<client::CaseListEntry>& cases) {
    json out = json::array();
    for (const client::CaseListEntry& entry : cases) {
        json item = {
            {"case_id", client::format_case_id(crypto::as_bytes(entry.summary.case_id()))},
            {"epoch", entry.summary.epoch()},
            {"record_count", entry.summary.record_count()},
            {"created", format_time(entry.summary.created_unix())},
            {"updated", format_time(entry.summary.updated_unix())},
            {"verified", entry.verified},
            {"quarantined_records", entry.quarantined},
        };
        if (entry.verified) {
            item["title"] = client::display_line(entry.title);
            item["status"] = entry.status;
            if (!entry.outcome.empty()) {
                item["outcome"] = entry.outcome;
            }
        }
        if (entry.summary.retention_until_unix() != 0) {
            item["retention_until"] = client::utc_date(entry.summary.retention_until_unix());
        }
        out.push_back(std::move(item));
    }
    return out;
}

void print_case(std::ostream& out, const client::OpenedCase& opened) {
    out << "Zaak " << client::format_case_id(opened.case_id) << " (epoch " << opened.epoch << ", "
        << opened.records.size() << " records)\n";
    out << state_line(client::case_state(opened)) << "\n";
    if (const std::size_t quarantined = opened.quarantined_count(); quarantined != 0) {
        out << "Let op: " << quarantined
            << " record(s) in quarantaine: onleesbaar en genegeerd, de zaak is verder in orde; "
               "meld het bij de coördinator / "
            << quarantined << " record(s) quarantined: unreadable and ignored\n";
    }
    out << "Leden / members:";
    for (const std::string& member : opened.current_members()) {
        out << " " << client::display_line(member);
    }
    out << "\n";
    for (const client::CaseRecord& record : opened.records) {
        const bool intake = record.content.has_intake();
        out << "\n#" << record.sequence << " " << client::record_kind_label(record) << " - "
            << record.author << ", " << record_time(record) << "\n";
        if (record.quarantined) {
            out << "  " << client::quarantine_notice(record) << "\n";
        } else if (intake) {
            print_intake(out, record.content.intake());
        } else {
            out << "  " << indented(client::describe_record_text(record.content), "  ") << "\n";
        }
    }
}

json case_json(const client::OpenedCase& opened) {
    json members = json::array();
    for (const std::string& member : opened.current_members()) {
        members.push_back(member);
    }
    const auto replaced = client::superseded_records(opened);
    json records = json::array();
    for (const client::CaseRecord& record : opened.records) {
        json item = record_json(opened, record, replaced);
        if (record.content.has_intake()) {
            item["text"] = client::display_text(record.content.intake().summary());
            item["intake"] = client::intake_to_json(record.content.intake());
        }
        records.push_back(std::move(item));
    }
    const client::CaseState state = client::case_state(opened);
    json out = {{"case_id", client::format_case_id(opened.case_id)},
                {"epoch", opened.epoch},
                {"status", state.status},
                {"confidant", state.confidant},
                {"retention_until", nullptr},
                {"members", std::move(members)},
                {"records", std::move(records)}};
    if (!state.outcome.empty()) {
        out["outcome"] = state.outcome;
    }
    if (state.retention_until_unix != 0) {
        out["retention_until"] = client::utc_date(state.retention_until_unix);
    }
    return out;
}

namespace {

json task_json(const client::TaskView& view) {
    return {{"task_id", view.task_id},
            {"sequence", view.sequence},
            {"title", client::display_text(view.task.title())},
            {"assignee", client::display_line(view.task.assignee())},
            {"due", client::display_line(view.task.due())},
            {"done", view.task.done()}};
}

}  // namespace

void print_timeline(std::ostream& out, const client::OpenedCase& opened) {
    const auto replaced = client::superseded_records(opened);
    std::string confidant = opened.creator;
    out << "Zaak " << client::format_case_id(opened.case_id) << "\n"
        << state_line(client::case_state(opened)) << "\n\n";
    for (const client::CaseRecord& record : opened.records) {
        out << "#" << record.sequence << "  " << record_time(record) << "  " << record.author
            << "  " << client::record_kind_label(record) << ": "
            << (record.quarantined
                    ? client::quarantine_notice(record)
                    : indented(client::describe_record_text(record.content, 120), "    "));
        if (record.content.has_task() && client::replaced_record(opened, record) == nullptr) {
            out << " [taak " << crypto::to_hex(record.record_id) << "]";
        }
        if (const client::CaseRecord* earlier = client::replaced_record(opened, record)) {
            out << " (vervangt #" << earlier->sequence << ")";
        }
        if (const auto later = replaced.find(record.record_id); later != replaced.end()) {
            out << " (vervangen door #" << later->second << ")";
        }
        if (record.content.has_status() || record.content.has_handover()) {
            if (!client::changes_state(opened, record, confidant)) {
                out << " (telt niet: " << record.author << " mocht dit niet)";
            } else if (record.content.has_handover()) {
                confidant = record.content.handover().to();
            }
        }
        out << "\n";
    }
}

json timeline_json(const client::OpenedCase& opened) {
    const auto replaced = client::superseded_records(opened);
    const client::CaseState state = client::case_state(opened);
    json records = json::array();
    for (const client::CaseRecord& record : opened.records) {
        records.push_back(record_json(opened, record, replaced));
    }
    json out = {{"case_id", client::format_case_id(opened.case_id)},
                {"status", state.status},
                {"confidant", state.confidant},
                {"records", std::move(records)}};
    if (!state.outcome.empty()) {
        out["outcome"] = state.outcome;
    }
    if (state.retention_until_unix != 0) {
        out["retention_until"] = client::utc_date(state.retention_until_unix);
    }
    return out;
}

void print_left_tasks(std::ostream& out, const std::string& user,
                      const std::vector<client::LeftTasks>& left) {
    for (const client::LeftTasks& one : left) {
        for (const client::TaskView& view : one.tasks) {
            out << "open taak van / open task of " << user << " in zaak " << one.case_id << ": "
                << client::display_line(view.task.title()) << " (" << view.task.due()
                << "); draag over / reassign: weerbaar task assign " << one.case_id << " "
                << view.task_id << " --to NAAM\n";
        }
    }
}

void print_task_list(std::ostream& out, const std::vector<CaseTask>& tasks,
                     std::size_t unverified_cases) {
    std::size_t shown = 0;
    for (const CaseTask& task : tasks) {
        if (task.view.task.done()) {
            continue;
        }
        ++shown;
        out << client::display_line(task.view.task.due()) << "  "
            << client::display_line(task.view.task.assignee()) << "  "
            << client::display_line(task.view.task.title()) << "  (zaak " << task.case_id
            << ", taak " << task.view.task_id << ")\n";
    }
    if (shown == 0) {
        out << "Geen open taken / no open tasks\n";
    }
    if (unverified_cases != 0) {
        out << unverified_cases
            << " zaak/zaken niet gecontroleerd (integriteitsfout); zie case list\n";
    }
}

json task_list_json(const std::vector<CaseTask>& tasks) {
    json out = json::array();
    for (const CaseTask& task : tasks) {
        json item = task_json(task.view);
        item["case_id"] = task.case_id;
        out.push_back(std::move(item));
    }
    return out;
}

void print_access_log(std::ostream& out, const std::vector<client::AccessLogEntry>& entries) {
    if (entries.empty()) {
        out << "Geen toegang geregistreerd / no access recorded\n";
        return;
    }
    for (const client::AccessLogEntry& entry : entries) {
        out << format_local_time(static_cast<std::int64_t>(entry.time)) << "  " << entry.event
            << "  " << (entry.actor.empty() ? "-" : client::display_line(entry.actor)) << "  "
            << (entry.subject.empty() ? "-" : client::display_line(entry.subject)) << "\n";
    }
}

json access_log_json(const std::vector<client::AccessLogEntry>& entries) {
    json out = json::array();
    for (const client::AccessLogEntry& entry : entries) {
        out.push_back({{"sequence", entry.sequence},
                       {"time", format_time(static_cast<std::int64_t>(entry.time))},
                       {"event", entry.event},
                       {"actor", entry.actor},
                       {"subject", entry.subject}});
    }
    return out;
}

}  // namespace weerbaar::cli
