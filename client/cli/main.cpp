// weerbaar: the command-line client. Parses arguments, runs one command, and turns
// its result into exactly one stderr line, Dutch first and English after " / ", and
// an exit code (docs/cli.md). Every error any command returns passes through
// finish(), so the format holds for all of them.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "agent_commands.h"
#include "commands.h"
#include "error_wording.h"
#include "exit_code.h"
#include "local_time.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/list_filters.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/client/protobuf_logging.h"
#include "weerbaar/crypto/bytes.h"

namespace {

using weerbaar::Status;
using weerbaar::cli::ExitCode;

// `line` is already one safe line (client::one_line_message: display_line).
int fail(const std::string& line, ExitCode code) {
    std::cerr << "weerbaar: " << line << std::endl;
    return static_cast<int>(code);
}

int finish(const Status& status) {
    if (status.ok()) {
        return static_cast<int>(ExitCode::ok);
    }
    return fail(weerbaar::cli::error_line(status.error()),
                weerbaar::cli::exit_code_for(status.error()));
}

// The parser's own words are English; the Dutch lead says what kind of mistake it
// is and where to look.
std::string_view usage_lead(const CLI::ParseError& error) {
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr ||
        dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
        return "er ontbreekt iets in het commando; zie weerbaar --help";
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
        return "onbekend of overbodig argument; zie weerbaar --help";
    }
    if (dynamic_cast<const CLI::ConversionError*>(&error) != nullptr ||
        dynamic_cast<const CLI::ValidationError*>(&error) != nullptr) {
        return "ongeldige waarde in het commando; zie weerbaar --help";
    }
    return "ongeldig commando; zie weerbaar --help";
}

// "a|b|c": the choices the core lists, as help text.
std::string choices(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) {
        out += out.empty() ? "" : "|";
        out += name;
    }
    return out;
}

}  // namespace

static int run_cli(int argc, char** argv) {
    CLI::App app{"Weerbaar: versleuteld casussysteem / end-to-end encrypted case system",
                 "weerbaar"};
    app.require_subcommand(1);
    std::filesystem::path profile = weerbaar::client::default_profile_directory();
    app.add_option("--profile", profile,
                   "profile directory (default: $WEERBAAR_PROFILE or "
                   "~/.config/weerbaar)");

    // What the parser found decides which command runs; the commands run after
    // parsing so that a usage error never half-runs one.
    std::function<Status()> command;
    weerbaar::cli::SetupOptions setup;
    std::string user, role, fingerprint, case_id, text, intake, status, attachment_id;
    std::optional<std::string> outcome, status_filter;
    std::optional<std::uint64_t> replaces, limit;
    std::filesystem::path file;
    weerbaar::cli::ContactOptions contact;
    weerbaar::cli::TaskOptions task;
    weerbaar::cli::TaskFilter task_filter;
    bool json = false;
    bool remove_previous = false;

    auto* org = app.add_subcommand("org", "de organisatie / the organisation");
    org->require_subcommand(1);
    auto* org_create = org->add_subcommand("create", "found the organisation on a new server");
    org_create->add_option("--server", setup.server, "host:port")->required();
    org_create->add_option("--server-cert", setup.server_certificate, "the server's certificate")
        ->required();
    org_create->add_option("--bootstrap", setup.bootstrap_code, "one-time code from the server")
        ->required();
    org_create->add_option("--user", setup.user, "your user name")->required();
    org_create->callback(
        [&] { command = [&] { return weerbaar::cli::run_org_create(profile, setup); }; });
    weerbaar::cli::RootSplitOptions root_split;
    auto* split_root = org->add_subcommand(
        "split-root", "root key holder: split the root key into shares for coordinators");
    split_root->add_option("--shares", root_split.shares, "N: how many shares (one per holder)")
        ->required();
    split_root->add_option("--threshold", root_split.threshold, "M: shares needed to recover")
        ->required();
    split_root
        ->add_option("--to", root_split.to,
                     "holders, comma-separated (default: every active coordinator)")
        ->delimiter(',');
    split_root->callback(
        [&] { command = [&] { return weerbaar::cli::run_org_split_root(profile, root_split); }; });
    org->add_subcommand("root-shares", "coordinator: who holds a share of the root key")
        ->callback([&] { command = [&] { return weerbaar::cli::run_org_root_shares(profile); }; });
    auto* release_share = org->add_subcommand(
        "release-share", "share holder: seal your share to the coordinator who recovers");
    release_share->add_option("--to", user, "the coordinator who recovers the root key")
        ->required();
    release_share->callback(
        [&] { command = [&] { return weerbaar::cli::run_org_release_share(profile, user); }; });
    org->add_subcommand("recover-root",
                        "coordinator: rebuild the root key from the shares released to you")
        ->callback([&] { command = [&] { return weerbaar::cli::run_org_recover_root(profile); }; });

    auto* init = app.add_subcommand("init", "join the organisation: request enrolment");
    init->add_option("--server", setup.server, "host:port")->required();
    init->add_option("--server-cert", setup.server_certificate, "the server's certificate")
        ->required();
    init->add_option("--user", setup.user, "your user name")->required();
    init->add_option("--org-fingerprint", setup.org_fingerprint,
                     "refuse unless the organisation key has this fingerprint (needed "
                     "when not run on a terminal, which asks instead)");
    init->callback([&] { command = [&] { return weerbaar::cli::run_init(profile, setup); }; });

    auto* member = app.add_subcommand("member", "leden / members");
    member->require_subcommand(1);
    auto* approve = member->add_subcommand("approve", "approve a pending enrolment");
    approve->add_option("name", user, "user name")->required();
    approve->add_option("--role", role, choices(weerbaar::client::role_choices()))
        ->required()
        ->check(CLI::IsMember(weerbaar::client::role_choices()));
    approve->add_option("--fingerprint", fingerprint, "the fingerprint the member read to you")
        ->required();
    bool confirm_new_key = false;
    approve->add_flag("--confirm-new-key", confirm_new_key,
                      "approve although you knew an earlier key under this name");
    approve->callback([&] {
        command = [&] {
            return weerbaar::cli::run_member_approve(profile, user, role, fingerprint,
                                                     confirm_new_key);
        };
    });
    auto* member_list = member->add_subcommand("list", "list members");
    member_list->add_flag("--json", json, "JSON output");
    member_list->callback(
        [&] { command = [&] { return weerbaar::cli::run_member_list(profile, json); }; });

    auto* member_show = member->add_subcommand(
        "show", "one member: fingerprint, chain, whether you checked the key, revocation");
    member_show->add_option("name", user, "user name")->required();
    member_show->add_flag("--json", json, "JSON output");
    member_show->callback(
        [&] { command = [&] { return weerbaar::cli::run_member_show(profile, user, json); }; });
    auto* member_verify = member->add_subcommand(
        "verify", "mark a member's key as checked (after comparing it by phone)");
    member_verify->add_option("name", user, "user name")->required();
    member_verify
        ->add_option("--fingerprint", fingerprint, "the fingerprint the member read to you")
        ->required();
    member_verify->callback([&] {
        command = [&] { return weerbaar::cli::run_member_verify(profile, user, fingerprint); };
    });
    auto* member_revoke = member->add_subcommand(
        "revoke", "coordinator: revoke a member and give their cases a new key");
    member_revoke->add_option("name", user, "user name")->required();
    bool confirm_orphans = false;
    member_revoke->add_flag("--confirm-orphaned-cases", confirm_orphans,
                            "revoke even if cases are left without members (they get a "
                            "retention deadline)");
    member_revoke->callback([&] {
        command = [&] { return weerbaar::cli::run_member_revoke(profile, user, confirm_orphans); };
    });

    auto* cases = app.add_subcommand("case", "zaken / cases");
    cases->require_subcommand(1);
    auto* case_new = cases->add_subcommand("new", "open a case from an intake file");
    case_new->add_option("--intake", intake, "intake JSON file")->required();
    case_new->callback(
        [&] { command = [&] { return weerbaar::cli::run_case_new(profile, intake); }; });
    auto* case_list = cases->add_subcommand("list", "list the cases you can read");
    case_list->add_option(
        "--status", status_filter,
        "only cases with this status (" + choices(weerbaar::client::status_choices()) + ")");
    case_list->add_flag("--json", json, "JSON output");
    case_list->callback([&] {
        command = [&] { return weerbaar::cli::run_case_list(profile, status_filter, json); };
    });
    auto* case_show = cases->add_subcommand("show", "show a case, verified and decrypted");
    case_show->add_option("case", case_id, "case id")->required();
    case_show->add_flag("--json", json, "JSON output");
    case_show->callback(
        [&] { command = [&] { return weerbaar::cli::run_case_show(profile, case_id, json); }; });
    auto* case_note = cases->add_subcommand("note", "add a note to a case");
    case_note->add_option("case", case_id, "case id")->required();
    case_note->add_option("--text", text, "the note")->required();
    case_note->add_option("--replaces", replaces,
                          "record number of an earlier note this one corrects");
    case_note->callback([&] {
        command = [&] { return weerbaar::cli::run_case_note(profile, case_id, text, replaces); };
    });
    auto* case_contact = cases->add_subcommand(
        "contact", "log a counselling contact (gespreksverslag): date, duration, kind");
    case_contact->add_option("case", case_id, "case id")->required();
    case_contact->add_option("--date", contact.date, "YYYY-MM-DD")->required();
    case_contact->add_option("--minutes", contact.minutes, "duration in minutes")->required();
    case_contact->add_option("--kind", contact.kind, "codebook contact_kind")->required();
    case_contact->add_option("--text", contact.text, "what was discussed")->required();
    case_contact->callback([&] {
        command = [&] { return weerbaar::cli::run_case_contact(profile, case_id, contact); };
    });
    auto* case_refer = cases->add_subcommand("refer", "record a referral (doorverwijzing)");
    case_refer->add_option("case", case_id, "case id")->required();
    case_refer->add_option("--to", user, "codebook referral")->required();
    case_refer->add_option("--note", text, "optional note");
    case_refer->callback([&] {
        command = [&] { return weerbaar::cli::run_case_refer(profile, case_id, user, text); };
    });
    auto* case_status = cases->add_subcommand("status", "change the status of a case");
    case_status->add_option("case", case_id, "case id")->required();
    case_status->add_option("--set", status, choices(weerbaar::client::settable_status_choices()))
        ->required();
    case_status->add_option("--outcome", outcome, "codebook outcome; required with gesloten");
    case_status->callback([&] {
        command = [&] { return weerbaar::cli::run_case_status(profile, case_id, status, outcome); };
    });
    auto* case_timeline =
        cases->add_subcommand("timeline", "every record of a case in order, edits included");
    case_timeline->add_option("case", case_id, "case id")->required();
    case_timeline->add_flag("--json", json, "JSON output");
    case_timeline->callback([&] {
        command = [&] { return weerbaar::cli::run_case_timeline(profile, case_id, json); };
    });
    auto* case_handover =
        cases->add_subcommand("handover", "hand a case to another confidant (overdracht)");
    case_handover->add_option("case", case_id, "case id")->required();
    case_handover->add_option("--to", user, "the confidant who takes over")->required();
    case_handover->add_flag("--remove-previous", remove_previous,
                            "the confidant handing over loses access (new case key)");
    case_handover->callback([&] {
        command = [&] {
            return weerbaar::cli::run_case_handover(profile, case_id, user, !remove_previous);
        };
    });
    auto* case_attach = cases->add_subcommand("attach", "add a file to a case, encrypted");
    case_attach->add_option("case", case_id, "case id")->required();
    case_attach->add_option("file", file, "the file")->required();
    case_attach->callback(
        [&] { command = [&] { return weerbaar::cli::run_case_attach(profile, case_id, file); }; });
    auto* case_attachment =
        cases->add_subcommand("attachment", "fetch, verify and decrypt an attachment");
    case_attachment->add_option("case", case_id, "case id")->required();
    case_attachment->add_option("attachment", attachment_id, "attachment id")->required();
    case_attachment->add_option("--out", file, "where to write the file")->required();
    case_attachment->callback([&] {
        command = [&] {
            return weerbaar::cli::run_case_attachment(profile, case_id, attachment_id, file);
        };
    });
    auto* case_share = cases->add_subcommand("share", "share a case with a member");
    case_share->add_option("case", case_id, "case id")->required();
    case_share->add_option("--with", user, "user name")->required();
    case_share->callback(
        [&] { command = [&] { return weerbaar::cli::run_case_share(profile, case_id, user); }; });

    auto* case_unshare =
        cases->add_subcommand("unshare", "remove a member from a case; the others get a new key");
    case_unshare->add_option("case", case_id, "case id")->required();
    case_unshare->add_option("--user", user, "user name")->required();
    case_unshare->callback(
        [&] { command = [&] { return weerbaar::cli::run_case_unshare(profile, case_id, user); }; });
    auto* case_access_log =
        cases->add_subcommand("access-log", "who read or wrote a case, and when");
    case_access_log->add_option("case", case_id, "case id")->required();
    case_access_log->add_flag("--json", json, "JSON output");
    case_access_log->callback([&] {
        command = [&] { return weerbaar::cli::run_case_access_log(profile, case_id, json); };
    });

    auto* tasks = app.add_subcommand("task", "taken / follow-up tasks");
    tasks->require_subcommand(1);
    auto* task_add = tasks->add_subcommand("add", "add a follow-up task to a case");
    task_add->add_option("case", case_id, "case id")->required();
    task_add->add_option("--title", task.title, "what is to be done")->required();
    task_add->add_option("--assignee", task.assignee, "a member of the case")->required();
    task_add->add_option("--due", task.due, "YYYY-MM-DD")->required();
    task_add->callback(
        [&] { command = [&] { return weerbaar::cli::run_task_add(profile, case_id, task); }; });
    auto* task_done = tasks->add_subcommand("done", "mark a task as done");
    task_done->add_option("case", case_id, "case id")->required();
    task_done->add_option("task", text, "task id")->required();
    task_done->callback(
        [&] { command = [&] { return weerbaar::cli::run_task_done(profile, case_id, text); }; });
    auto* task_assign =
        tasks->add_subcommand("assign", "give a task to another member of the case");
    task_assign->add_option("case", case_id, "case id")->required();
    task_assign->add_option("task", text, "task id")->required();
    task_assign->add_option("--to", user, "the member who takes the task over")->required();
    task_assign->callback([&] {
        command = [&] { return weerbaar::cli::run_task_assign(profile, case_id, text, user); };
    });
    auto* task_list = tasks->add_subcommand("list", "open tasks across your cases");
    task_list->add_flag("--mine", task_filter.mine, "only tasks assigned to you");
    task_list->add_option("--due-before", task_filter.due_before,
                          "only tasks due before this date (YYYY-MM-DD)");
    task_list->add_flag("--json", json, "JSON output, done tasks included");
    task_list->callback([&] {
        command = [&] { return weerbaar::cli::run_task_list(profile, task_filter, json); };
    });

    auto* watch = app.add_subcommand("watch", "show changes to your cases as they happen");
    watch->add_option("--limit", limit, "stop after this many changes");
    watch->callback([&] { command = [&] { return weerbaar::cli::run_watch(profile, limit); }; });

    auto* passphrase = app.add_subcommand("passphrase", "je wachtwoord / your passphrase");
    passphrase->require_subcommand(1);
    passphrase
        ->add_subcommand("change",
                         "reseal your keys under a new passphrase "
                         "(new one from WEERBAAR_NEW_PASSPHRASE or the terminal)")
        ->callback(
            [&] { command = [&] { return weerbaar::cli::run_passphrase_change(profile); }; });

    auto* server = app.add_subcommand("server", "de server / the server this profile uses");
    server->require_subcommand(1);
    std::string server_address;
    auto* set_address = server->add_subcommand(
        "set-address",
        "use the server at another address (the pinned certificate and keys still apply)");
    set_address->add_option("address", server_address, "HOST:PORT")->required();
    set_address->callback([&] {
        command = [&] { return weerbaar::cli::run_server_set_address(profile, server_address); };
    });

    std::string unlock_for = "15m";
    auto* unlock = app.add_subcommand(
        "unlock", "ontgrendelen / unlock: ask the passphrase once, keep the keys open a while");
    unlock->add_option("--for", unlock_for,
                       "how long (default 15m): e.g. 30s, 15m, 2h; at most 8h");
    unlock->callback(
        [&] { command = [&] { return weerbaar::cli::run_unlock(profile, unlock_for); }; });
    app.add_subcommand("lock", "vergrendelen / lock: wipe the keys 'unlock' kept open, now")
        ->callback([&] { command = [&] { return weerbaar::cli::run_lock(profile); }; });
    app.add_subcommand("logout",
                       "afmelden / log out: end your session at the server and lock your keys")
        ->callback([&] { command = [&] { return weerbaar::cli::run_logout(profile); }; });
    // Started by `unlock` only; no group, so --help does not list it.
    app.add_subcommand("agent", "the unlock agent (started by 'unlock')")->group("")->callback([&] {
        command = [&] { return weerbaar::cli::run_agent(profile); };
    });

    auto* research = app.add_subcommand("research", "onderzoek / the anonymised research export");
    research->require_subcommand(1);
    bool replace_research_key = false;
    auto* research_setup =
        research->add_subcommand("setup", "root key holder: make the organisation research key");
    research_setup->add_flag("--replace", replace_research_key,
                             "replace the existing research key (after revoking a holder)");
    research_setup->callback([&] {
        command = [&] { return weerbaar::cli::run_research_setup(profile, replace_research_key); };
    });
    auto* research_grant =
        research->add_subcommand("grant", "give the research key to another coordinator");
    research_grant->add_option("user", user, "the coordinator")->required();
    research_grant->callback(
        [&] { command = [&] { return weerbaar::cli::run_research_grant(profile, user); }; });
    research->add_subcommand("backfill", "store the research codes of every case you can read")
        ->callback(
            [&] { command = [&] { return weerbaar::cli::run_research_backfill(profile); }; });
    weerbaar::cli::ResearchExportOptions research_export;
    auto* export_command = research->add_subcommand(
        "export", "coordinator: write an anonymised, signed research package");
    export_command->add_option("--out", research_export.out, "new or empty directory")->required();
    export_command->add_option("--from", research_export.from,
                               "first quarter, e.g. 2025Q1 (default: two years back)");
    export_command->add_option("--to", research_export.to,
                               "last quarter, e.g. 2026Q4 (default: the last full quarter)");
    export_command->add_option("--k", research_export.k,
                               "k-anonymity of the microdata, at least 2 (default 5)");
    export_command->add_option("--epsilon", research_export.epsilon,
                               "privacy budget this release spends per quarter (default 1)");
    export_command->add_option("--for", research_export.for_researcher,
                               "encrypt the package to this researcher");
    export_command->callback([&] {
        command = [&] { return weerbaar::cli::run_research_export(profile, research_export); };
    });
    auto* research_open =
        research->add_subcommand("open", "researcher: verify and decrypt a research package");
    research_open->add_option("package", file, "the .wbrp package file")->required();
    research_open->add_option("--out", research_export.out, "new or empty directory")->required();
    research_open->callback([&] {
        command = [&] {
            return weerbaar::cli::run_research_open(profile, file, research_export.out);
        };
    });
    auto* research_ledger = research->add_subcommand(
        "ledger", "the privacy ledger: every release and the budget spent");
    research_ledger->add_flag("--json", json, "JSON output");
    research_ledger->callback(
        [&] { command = [&] { return weerbaar::cli::run_research_ledger(profile, json); }; });

    auto* audit = app.add_subcommand("audit", "het auditlogboek / the audit log");
    audit->require_subcommand(1);
    auto* audit_verify =
        audit->add_subcommand("verify", "coordinator: verify the whole audit chain");
    audit_verify->callback(
        [&] { command = [&] { return weerbaar::cli::run_audit_verify(profile); }; });

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& error) {
        std::string message = error.what();
        if (const auto newline = message.find('\n'); newline != std::string::npos) {
            message.resize(newline);
        }
        return fail(
            weerbaar::client::one_line_message(usage_lead(error), message + " (see --help)"),
            ExitCode::bad_input);
    }
    if (const Status ready = weerbaar::crypto::initialise(); !ready.ok()) {
        return finish(ready);
    }
    return finish(command());
}

// Exceptions never leave a module; this is the last guard, so that a bug ends in one
// line on stderr and exit 1 rather than std::terminate. The message is generic
// because an exception's text might quote user input.
int main(int argc, char** argv) {
    // Both before any thread exists (gRPC starts its own): setenv and protobuf's
    // SetLogHandler are not thread-safe.
    weerbaar::cli::default_time_zone();
    weerbaar::client::silence_protobuf_logging();
    try {
        return run_cli(argc, argv);
    } catch (...) {
        (void)std::fputs(
            "weerbaar: interne fout; probeer het opnieuw en meld het aan je coördinator als het "
            "blijft / internal error\n",
            stderr);
    }
    return 1;
}
