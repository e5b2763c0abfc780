#pragma once
// The client core as a front end (the CLI, the desktop client, the research export)
// uses it. Include this one header; it lists the calls a front end makes, what each
// returns on failure, and the threading rules. Everything the core shows a front end
// has been verified by the core: no gRPC stub leaves it (session.h), so a front end
// cannot show what the core never checked.
//
// Errors. Every call returns a [[nodiscard]] Result<T> or Status; nothing throws
// across the core's boundary. An Error (weerbaar/result.h) carries:
//   code     what a program branches on (gRPC-style; cancelled when a stop was asked);
//   message  one line for a person, Dutch first where the core has Dutch
//            (error_message.h: one_line_message gives the line to show);
//   field    the input at fault as a path ("incident.date", "outcome", "due_before"),
//            or empty: a form marks that field;
//   hint     what the person can do, Dutch first, or empty.
// No message or hint names a front end's controls (a CLI flag, a button); a front end
// maps code and field to its own words (the CLI: client/cli/error_wording.h). Exit
// codes and any other front-end meaning of a code are the front end's own.
//   integrity_failure  a signature, chain, MAC or history does not verify: show it
//                      as such ("INTEGRITEITSFOUT", error_message.h) and stop work on
//                      that case; never retry it away;
//   unavailable        the server is unreachable or too slow (10 s per call);
//   unauthenticated    the session could not be renewed (revoked, or not approved);
//   cancelled          the caller's stop_token asked to stop; nothing was kept.
//
// Threading.
//  - Session (session.h): one per opened profile, shareable by any number of threads;
//    it renews its 15-minute token by itself, once for all threads that need it.
//  - TrustStore and MemberDirectory (trust_store.h, member_directory.h): one per
//    thread of work; they are not synchronised. A worker opens its own over the
//    shared Session.
//  - Pure checks (intake_json.h, list_filters.h, case_workflow.h check_*, codebook.h,
//    text_rule.h, display_text.h): any thread.
//  - Long work takes a LongWork (long_work.h): progress on the working thread, and a
//    std::stop_token that ends the work within one unit with cancelled.
//  - CaseWatch::cancel() may be called from any thread.
//  Run calls off a GUI's UI thread: every call below may wait on the network.
//
// The calls, by what a front end does:
//
//  Profile and session
//    Profile, default_profile_directory, open_profile_keystore     profile.h
//    create_organisation, request_enrolment                       organisation_setup.h
//      server_endpoint_from, check_setup_user_name, fetch_organisation_key,
//      check_organisation_fingerprint; every refusal names its field
//      (kSetupField*: server, server_certificate, bootstrap_code, user, passphrase)
//    Session::open(profile, passphrase)   not_found, permission_denied (passphrase),
//                                         unauthenticated, unavailable
//  Members
//    MemberDirectory::all / member / verify_key                  member_directory.h
//    list_enrolments (pending requests: name and time, no fingerprint)  member_approval.h
//    approve_member (field "confirm_new_key" when a known key changed)  member_approval.h
//    revoke_member                                                member_revocation.h
//    changed_key_of(error): the member and fingerprint to check by phone
//    role_choices(), dutch_role_label(role)                       list_filters.h
//  Cases
//    list_cases(session, directory, work)   progress in cases; CaseListEntry::verified
//                                           false marks a case that failed verification
//    filter_cases / check_case_list_filter (field "status")       list_filters.h
//    status_choices / settable_status_choices                     list_filters.h
//    open_case, resolve_case_id, format_case_id / parse_case_id   case_reader.h, case_lookup.h
//    cached_case(trust, case_id): the cached verified case at the remembered head,
//      no network (a first paint, then open_case)                 case_reader.h
//    intake_lines(intake): Dutch field names and labels           intake_view.h
//    check_intake / intake_field_problems (every problem, each with its field),
//      then create_case                                           intake_json.h, case_writer.h
//    intake_form_fields (the form, one entry per field of v1::Intake), get/set of a
//      field's value, intake_problem_text (Dutch first), intake_draft_body /
//      intake_from_draft_body                                     intake_form.h
//    share_case, unshare_case, hand_over (field "remove_previous")
//    add_counselling_note, add_referral, change_status (field "status" / "outcome"),
//      correct_note                                               case_workflow.h
//    list_tasks(session, directory, TaskFilter, work)  tasks across cases; unverified
//      cases counted, never hidden (field "due_before")          list_filters.h
//    add_task, complete_task, assign_task                         case_workflow.h, case_lifecycle.h
//    case_state, case_tasks, describe_record                      case_workflow.h,
//    record_description.h
//    overview_of / unverified_overview (one case list row from a visited case),
//      keeps_case / never_hidden (status and "mine" filters; an unverified case
//      is never hidden), task_agenda / is_overdue ("my tasks", overdue first)
//                                                                 case_overview.h
//  Attachments
//    check_attachable_file, check_attachment_destination         attachment_transfer.h
//    safe_save_name(stored name): default name to save under      text_rule.h
//    attach_file(..., work), fetch_attachment(..., work)   progress in bytes of the file;
//      a stop leaves no record (upload) and no file (download)
//  Watching
//    CaseWatch::run / cancel                                      case_watch.h
//  Research (docs/research-export.md)
//    create_research_key (root key holder), grant_research_key, fetch_research_key,
//      research_backfill (progress in cases)                      research_compartment.h
//      (store_research_record runs after every case write; AppendedRecord::research_problem)
//    check_research_export_request (fields from_period, to_period, k, epsilon, out, for),
//      parse_epsilon, default_research_period, export_research (progress in records),
//      open_research_package, privacy_ledger                      research_export.h
//  The root key in shares (docs/adr/0008-root-key-shares.md)
//    split_organisation_root_key (root key holder; fields shares, threshold,
//      recipients), fetch_root_key_split (revoked_holders: split again),
//      release_root_key_share, recover_root_key (needs the passphrase)  root_key_shares.h
//  After a restore from backup (docs/adr/0009)
//    open_case heals by itself (OpenedCase::handed_back: records handed back);
//      heal_case for a front end that wants to do it apart          case_healing.h
//  Audit
//    verify_audit_log (AuditVerification::restored_at), case_access_log  audit_log.h
//  Showing text
//    display_line, display_text (user text made safe to show)     display_text.h
//    one_line_message(error)                                       error_message.h

#include "weerbaar/client/attachment_transfer.h"
#include "weerbaar/client/audit_log.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_lifecycle.h"
#include "weerbaar/client/case_lookup.h"
#include "weerbaar/client/case_overview.h"
#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/case_watch.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/intake_form.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/intake_view.h"
#include "weerbaar/client/list_filters.h"
#include "weerbaar/client/long_work.h"
#include "weerbaar/client/member_approval.h"
#include "weerbaar/client/member_directory.h"
#include "weerbaar/client/member_revocation.h"
#include "weerbaar/client/organisation_setup.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/client/record_description.h"
#include "weerbaar/client/research_compartment.h"
#include "weerbaar/client/research_export.h"
#include "weerbaar/client/root_key_shares.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"
