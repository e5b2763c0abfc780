// weerbaar: the command-line client. Parses arguments, runs one command, and turns
// its result into exactly one stderr line and an exit code (docs/cli.md).

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "weerbaar/client/exit_code.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/crypto/bytes.h"

namespace {

using weerbaar::Status;
using weerbaar::client::ExitCode;

int fail(const std::string& message, ExitCode code) {
    std::cerr << "weerbaar: " << message << std::endl;
    return static_cast<int>(code);
}

int finish(const Status& status) {
    if (status.ok()) {
        return static_cast<int>(ExitCode::ok);
    }
    return fail(status.error().message(), weerbaar::client::exit_code_for(status.error()));
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
    std::string user, role, fingerprint, case_id, text, intake;
    bool json = false;

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

    auto* init = app.add_subcommand("init", "join the organisation: request enrolment");
    init->add_option("--server", setup.server, "host:port")->required();
    init->add_option("--server-cert", setup.server_certificate, "the server's certificate")
        ->required();
    init->add_option("--user", setup.user, "your user name")->required();
    init->add_option("--org-fingerprint", setup.org_fingerprint,
                     "refuse unless the organisation key has this fingerprint");
    init->callback([&] { command = [&] { return weerbaar::cli::run_init(profile, setup); }; });

    auto* member = app.add_subcommand("member", "leden / members");
    member->require_subcommand(1);
    auto* approve = member->add_subcommand("approve", "approve a pending enrolment");
    approve->add_option("name", user, "user name")->required();
    approve->add_option("--role", role, "confidant|peer|coordinator|researcher")
        ->required()
        ->check(CLI::IsMember({"confidant", "peer", "coordinator", "researcher"}));
    approve->add_option("--fingerprint", fingerprint, "the fingerprint the member read to you")
        ->required();
    approve->callback([&] {
        command = [&] {
            return weerbaar::cli::run_member_approve(profile, user, role, fingerprint);
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
    member_revoke->callback(
        [&] { command = [&] { return weerbaar::cli::run_member_revoke(profile, user); }; });

    auto* cases = app.add_subcommand("case", "zaken / cases");
    cases->require_subcommand(1);
    auto* case_new = cases->add_subcommand("new", "open a case from an intake file");
    case_new->add_option("--intake", intake, "intake JSON file")->required();
    case_new->callback(
        [&] { command = [&] { return weerbaar::cli::run_case_new(profile, intake); }; });
    auto* case_list = cases->add_subcommand("list", "list the cases you can read");
    case_list->add_flag("--json", json, "JSON output");
    case_list->callback(
        [&] { command = [&] { return weerbaar::cli::run_case_list(profile, json); }; });
    auto* case_show = cases->add_subcommand("show", "show a case, verified and decrypted");
    case_show->add_option("case", case_id, "case id")->required();
    case_show->add_flag("--json", json, "JSON output");
    case_show->callback(
        [&] { command = [&] { return weerbaar::cli::run_case_show(profile, case_id, json); }; });
    auto* case_note = cases->add_subcommand("note", "add a note to a case");
    case_note->add_option("case", case_id, "case id")->required();
    case_note->add_option("--text", text, "the note")->required();
    case_note->callback(
        [&] { command = [&] { return weerbaar::cli::run_case_note(profile, case_id, text); }; });
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
        return fail(message + " (see --help)", ExitCode::bad_input);
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
    try {
        return run_cli(argc, argv);
    } catch (...) {
        (void)std::fputs("weerbaar: internal error\n", stderr);
    }
    return 1;
}
