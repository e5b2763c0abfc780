#include "commands.h"

#include <iostream>

#include "case_output.h"
#include "command_session.h"
#include "member_output.h"
#include "passphrase_prompt.h"
#include "weerbaar/client/audit_log.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_lifecycle.h"
#include "weerbaar/client/case_lookup.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/list_filters.h"
#include "weerbaar/client/member_approval.h"
#include "weerbaar/client/member_revocation.h"
#include "weerbaar/client/organisation_setup.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/text_rule.h"
#include "weerbaar/client/trust_store.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/durable_file.h"

namespace weerbaar::cli {
namespace {

Result<client::ServerEndpoint> endpoint_for(const SetupOptions& options) {
    auto pem = durable_file::read_whole_file(options.server_certificate);
    if (!pem.ok()) {
        return Error(ErrorCode::invalid_argument, "cannot read server certificate '" +
                                                      options.server_certificate.string() + "'");
    }
    return client::ServerEndpoint{options.server,
                                  std::string(pem.value().begin(), pem.value().end())};
}

// Checked as soon as it is typed, before anything is sent to the server.
Result<crypto::SecretBuffer> new_passphrase() {
    WEERBAAR_ASSIGN_OR_RETURN(crypto::SecretBuffer passphrase,
                              obtain_passphrase(PassphrasePurpose::create));
    WEERBAAR_TRY(client::check_new_passphrase(passphrase));
    return passphrase;
}

// Nothing is made or sent before the organisation key is confirmed: checked against
// --org-fingerprint, or compared by the person at the terminal. A script without the
// flag is refused, because nobody would have compared anything.
Status confirm_organisation(const client::OrganisationKey& key,
                            const std::optional<std::string>& expected) {
    if (expected) {
        return client::check_organisation_fingerprint(key, *expected);
    }
    const std::optional<bool> confirmed = confirm_on_terminal(
        "Vergelijk deze vingerafdruk telefonisch met je coordinator. Klopt hij? (ja/nee) / "
        "Compare it with your coordinator by phone. Does it match? (yes/no): ");
    if (!confirmed) {
        return Error(ErrorCode::invalid_argument,
                     "bevestig de organisatiesleutel: geef --org-fingerprint met de vingerafdruk "
                     "van je coordinator / confirm the organisation key: pass --org-fingerprint "
                     "with the fingerprint your coordinator gave you");
    }
    if (!*confirmed) {
        return Error(ErrorCode::invalid_argument,
                     "niet bevestigd: er is niets aangemaakt; bel je coordinator / not "
                     "confirmed: nothing was created; call your coordinator");
    }
    return ok_status();
}

}  // namespace

Status run_org_create(const std::filesystem::path& directory, const SetupOptions& options) {
    const client::Profile profile(directory);
    WEERBAAR_TRY(profile.require_fresh());
    WEERBAAR_TRY(crypto::validate_new_user_name(options.user));
    WEERBAAR_ASSIGN_OR_RETURN(const client::ServerEndpoint endpoint, endpoint_for(options));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer passphrase, new_passphrase());
    WEERBAAR_ASSIGN_OR_RETURN(const client::FoundedOrganisation founded,
                              client::create_organisation(profile, endpoint, options.bootstrap_code,
                                                          options.user, passphrase));
    std::cout << "organisatiesleutel/organisation key fingerprint: " << founded.root_fingerprint
              << "\n"
              << "lid/member fingerprint of " << options.user << " (coordinator):\n"
              << founded.member_fingerprint << std::endl;
    return ok_status();
}

Status run_init(const std::filesystem::path& directory, const SetupOptions& options) {
    const client::Profile profile(directory);
    WEERBAAR_TRY(profile.require_fresh());
    WEERBAAR_TRY(crypto::validate_new_user_name(options.user));
    WEERBAAR_ASSIGN_OR_RETURN(const client::ServerEndpoint endpoint, endpoint_for(options));
    WEERBAAR_ASSIGN_OR_RETURN(const client::OrganisationKey key,
                              client::fetch_organisation_key(endpoint));
    std::cout << "organisatiesleutel/organisation key fingerprint: " << key.fingerprint
              << std::endl;
    WEERBAAR_TRY(confirm_organisation(key, options.org_fingerprint));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer passphrase, new_passphrase());
    WEERBAAR_ASSIGN_OR_RETURN(
        const std::string fingerprint,
        client::request_enrolment(profile, endpoint, key, options.user, passphrase));
    std::cout << "Aanvraag verstuurd / enrolment requested. Lees je coordinator deze "
                 "vingerafdruk voor / read this fingerprint to your coordinator:\n"
              << fingerprint << std::endl;
    return ok_status();
}

Status run_member_approve(const std::filesystem::path& directory, const std::string& user,
                          const std::string& role, const std::string& fingerprint,
                          bool confirm_new_key) {
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_ASSIGN_OR_RETURN(
        const client::Approval approval,
        client::approve_member(session, members, user, role, fingerprint, confirm_new_key));
    const client::VerifiedMember& approved = approval.member;
    if (approval.replaced_fingerprint) {
        std::cerr << "let op / warning: nieuwe sleutel voor / new key for " << approved.user()
                  << "; de vorige / the previous one was " << *approval.replaced_fingerprint
                  << std::endl;
    }
    std::cout << "goedgekeurd/approved: " << approved.user() << " as "
              << crypto::role_name(approved.role()) << std::endl;
    return ok_status();
}

Status run_member_list(const std::filesystem::path& directory, bool json) {
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<client::VerifiedMember> all, members.all());
    if (json) {
        print_json(members_json(all));
    } else {
        print_members(std::cout, all);
    }
    return ok_status();
}

Status run_member_show(const std::filesystem::path& directory, const std::string& user, bool json) {
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_TRY(members.refresh_revocations());
    WEERBAAR_ASSIGN_OR_RETURN(const client::VerifiedMember shown, members.member(user));
    if (json) {
        print_json(member_json(shown));
    } else {
        print_member(std::cout, shown);
    }
    return ok_status();
}

Status run_member_verify(const std::filesystem::path& directory, const std::string& user,
                         const std::string& fingerprint) {
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::VerifiedMember verified,
                              members.verify_key(user, fingerprint));
    std::cout << "Sleutel gecontroleerd / key verified: " << verified.user() << " "
              << verified.certificate.fingerprint() << std::endl;
    return ok_status();
}

Status run_member_revoke(const std::filesystem::path& directory, const std::string& user,
                         bool confirm_orphans) {
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    // Read before: afterwards the member's cases may wait for a new key.
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<client::LeftTasks> left,
                              client::open_tasks_across_cases(session, members, user));
    WEERBAAR_ASSIGN_OR_RETURN(const client::RevocationOutcome outcome,
                              client::revoke_member(session, members, user, confirm_orphans));
    print_left_tasks(std::cout, user, left);
    std::cout << "Ingetrokken / revoked: " << user << "\n"
              << "rotated " << outcome.rotated << " case(s); " << outcome.waiting
              << " case(s) still wait for a member to rotate them" << std::endl;
    if (outcome.orphaned != 0) {
        std::cout << outcome.orphaned
                  << " zaak/zaken zonder leden krijgt/krijgen een bewaartermijn en wordt/worden "
                     "daarna gewist / case(s) without members get a retention deadline and are "
                     "deleted after it"
                  << std::endl;
    }
    if (outcome.rotation_failure) {
        return *outcome.rotation_failure;
    }
    return ok_status();
}

Status run_case_new(const std::filesystem::path& directory,
                    const std::filesystem::path& intake_file) {
    // The intake is checked before the passphrase is asked: fix the file first.
    WEERBAAR_ASSIGN_OR_RETURN(const v1::Intake intake,
                              client::read_intake_file(intake_file, client::local_today()));
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::create_case(session, members, intake));
    std::cout << "Zaak aangemaakt / case created:\n"
              << client::format_case_id(case_id) << std::endl;
    return ok_status();
}

namespace {

// One line on stderr (stdout stays the command's answer) for a case whose lost
// records this read handed back after a restore; `id` is "<short id> " or empty.
void print_healed(std::uint64_t handed_back, const std::string& id) {
    std::cerr << "zaak " << id << "hersteld na een terugzetting van de server: " << handed_back
              << " records teruggegeven / case " << id
              << "healed after the server was restored: " << handed_back << " records handed back"
              << std::endl;
}

}  // namespace

Status run_case_list(const std::filesystem::path& directory,
                     const std::optional<std::string>& status, bool json) {
    const client::CaseListFilter filter{status};
    WEERBAAR_TRY(client::check_case_list_filter(filter));
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    std::vector<client::ReopenedCase> reopened;
    WEERBAAR_ASSIGN_OR_RETURN(std::vector<client::CaseListEntry> listed,
                              client::list_cases(session, members, {}, &reopened));
    // What healing after a restore did, on stderr: stdout stays the list.
    for (const client::ReopenedCase& one : reopened) {
        if (one.problem) {
            std::cerr << one.problem->message() << std::endl;
        }
    }
    for (const client::CaseListEntry& entry : listed) {
        if (entry.handed_back > 0) {
            print_healed(entry.handed_back,
                         client::short_case_id(crypto::as_bytes(entry.summary.case_id())) + " ");
        }
    }
    // The core keeps every case that failed verification: a filter never hides one.
    const std::vector<client::CaseListEntry> cases =
        client::filter_cases(std::move(listed), filter);
    if (json) {
        print_json(case_list_json(cases));
    } else {
        print_case_list(std::cout, cases);
    }
    return ok_status();
}

Status run_case_show(const std::filesystem::path& directory, const std::string& case_text,
                     bool json) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(session, case_text));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::OpenedCase opened,
                              client::open_case(session, members, case_id));
    if (opened.handed_back > 0) {
        print_healed(opened.handed_back, "");
    }
    if (json) {
        print_json(case_json(opened));
    } else {
        print_case(std::cout, opened);
    }
    return ok_status();
}

Status run_case_note(const std::filesystem::path& directory, const std::string& case_text,
                     const std::string& text, const std::optional<std::uint64_t>& replaces) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    // Checked before the passphrase is asked: the rule every record's text obeys.
    WEERBAAR_TRY(
        client::check_text(text, "text", client::TextRule{true, client::kMaxFreeTextCharacters}));
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(session, case_text));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    client::AppendedRecord appended;
    if (replaces) {
        WEERBAAR_ASSIGN_OR_RETURN(appended,
                                  client::correct_note(session, members, case_id, *replaces, text));
    } else {
        WEERBAAR_ASSIGN_OR_RETURN(appended, client::append_note(session, members, case_id, text));
    }
    std::cout << "Notitie toegevoegd / note added as record " << appended.sequence << std::endl;
    warn_after_write(appended);
    return ok_status();
}

Status run_case_share(const std::filesystem::path& directory, const std::string& case_text,
                      const std::string& user) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(session, case_text));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::RecipientAdvice advice,
                              client::advise_on_recipient(members, user));
    WEERBAAR_TRY(client::share_case(session, members, case_id, user));
    // After the share, so that a refusal stays the one line on stderr.
    print_recipient_advice(std::cerr, advice);
    std::cout << "Gedeeld met / shared with " << user << std::endl;
    return ok_status();
}

Status run_case_unshare(const std::filesystem::path& directory, const std::string& case_text,
                        const std::string& user) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(session, case_text));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_TRY(client::unshare_case(session, members, case_id, user));
    std::cout << "Verwijderd uit de zaak / removed from the case: " << user
              << "; nieuwe sleutel / new key for the others" << std::endl;
    // The removal stands whatever this read says; it only tells who picks up what was left.
    const auto opened = client::open_case(session, members, case_id);
    if (opened.ok()) {
        print_left_tasks(std::cout, user,
                         {client::LeftTasks{client::format_case_id(case_id),
                                            client::open_tasks_of(opened.value(), user)}});
    }
    return ok_status();
}

Status run_case_access_log(const std::filesystem::path& directory, const std::string& case_text,
                           bool json) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(session, case_text));
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<client::AccessLogEntry> entries,
                              client::case_access_log(session, case_id));
    if (json) {
        print_json(access_log_json(entries));
    } else {
        print_access_log(std::cout, entries);
    }
    return ok_status();
}

Status run_audit_verify(const std::filesystem::path& directory) {
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    WEERBAAR_ASSIGN_OR_RETURN(const client::AuditVerification verification,
                              client::verify_audit_log(session, trust));
    if (verification.key_pinned_now) {
        std::cout << "auditsleutel vastgelegd / audit key pinned (first use): "
                  << crypto::to_hex(verification.audit_sign_pk) << "\n";
    }
    if (verification.restored_at != 0) {
        std::cout << "server teruggezet uit een back-up (auditregel " << verification.restored_at
                  << "); wat na de back-up in het log stond is weg / server restored from a backup "
                     "(audit entry "
                  << verification.restored_at << "); the entries after the backup are gone"
                  << "\n";
    }
    std::cout << "audit chain verified: " << verification.entries << " entries" << std::endl;
    return ok_status();
}

}  // namespace weerbaar::cli
