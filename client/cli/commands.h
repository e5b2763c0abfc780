#pragma once
// One function per CLI command: get the passphrase, call core, print the result.
// Everything that can fail returns an Error; main() turns it into one stderr line
// and the exit code.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/result.h"

namespace weerbaar::cli {

struct SetupOptions {
    std::string server;
    std::filesystem::path server_certificate;
    std::string user;
    std::string bootstrap_code;                  // org create
    std::optional<std::string> org_fingerprint;  // init
};

[[nodiscard]] Status run_org_create(const std::filesystem::path& profile,
                                    const SetupOptions& options);
[[nodiscard]] Status run_init(const std::filesystem::path& profile, const SetupOptions& options);

// The root key in shares (root_key_commands.cpp).
struct RootSplitOptions {
    unsigned shares = 0;
    unsigned threshold = 0;
    std::vector<std::string> to;  // empty: every active coordinator
};
[[nodiscard]] Status run_org_split_root(const std::filesystem::path& profile,
                                        const RootSplitOptions& options);
[[nodiscard]] Status run_org_root_shares(const std::filesystem::path& profile);
[[nodiscard]] Status run_org_release_share(const std::filesystem::path& profile,
                                           const std::string& to);
[[nodiscard]] Status run_org_recover_root(const std::filesystem::path& profile);
[[nodiscard]] Status run_member_approve(const std::filesystem::path& profile,
                                        const std::string& user, const std::string& role,
                                        const std::string& fingerprint, bool confirm_new_key);
[[nodiscard]] Status run_member_list(const std::filesystem::path& profile, bool json);
[[nodiscard]] Status run_member_show(const std::filesystem::path& profile, const std::string& user,
                                     bool json);
[[nodiscard]] Status run_member_verify(const std::filesystem::path& profile,
                                       const std::string& user, const std::string& fingerprint);
[[nodiscard]] Status run_member_revoke(const std::filesystem::path& profile,
                                       const std::string& user, bool confirm_orphans);
[[nodiscard]] Status run_case_new(const std::filesystem::path& profile,
                                  const std::filesystem::path& intake);
[[nodiscard]] Status run_case_list(const std::filesystem::path& profile,
                                   const std::optional<std::string>& status, bool json);
[[nodiscard]] Status run_case_show(const std::filesystem::path& profile, const std::string& case_id,
                                   bool json);
[[nodiscard]] Status run_case_note(const std::filesystem::path& profile, const std::string& case_id,
                                   const std::string& text,
                                   const std::optional<std::uint64_t>& replaces);
[[nodiscard]] Status run_case_share(const std::filesystem::path& profile,
                                    const std::string& case_id, const std::string& user);
[[nodiscard]] Status run_case_unshare(const std::filesystem::path& profile,
                                      const std::string& case_id, const std::string& user);
[[nodiscard]] Status run_case_access_log(const std::filesystem::path& profile,
                                         const std::string& case_id, bool json);
[[nodiscard]] Status run_audit_verify(const std::filesystem::path& profile);

// Profile care (profile_commands.cpp).
// `passphrase change`: works offline; only the keystore file changes.
[[nodiscard]] Status run_passphrase_change(const std::filesystem::path& profile);
// `server set-address HOST:PORT`: works offline; only profile.json changes. The
// address is never learned from a server (ADR 0010): a person sets it.
[[nodiscard]] Status run_server_set_address(const std::filesystem::path& profile,
                                            const std::string& address);

// Case work (workflow_commands.cpp).
struct ContactOptions {
    std::string date;
    unsigned minutes = 0;
    std::string kind;
    std::string text;
};
[[nodiscard]] Status run_case_contact(const std::filesystem::path& profile,
                                      const std::string& case_id, const ContactOptions& contact);
[[nodiscard]] Status run_case_refer(const std::filesystem::path& profile,
                                    const std::string& case_id, const std::string& to,
                                    const std::string& note);
[[nodiscard]] Status run_case_status(const std::filesystem::path& profile,
                                     const std::string& case_id, const std::string& status,
                                     const std::optional<std::string>& outcome);
[[nodiscard]] Status run_case_timeline(const std::filesystem::path& profile,
                                       const std::string& case_id, bool json);
[[nodiscard]] Status run_case_handover(const std::filesystem::path& profile,
                                       const std::string& case_id, const std::string& to,
                                       bool previous_keeps_access);
struct TaskOptions {
    std::string title;
    std::string assignee;
    std::string due;
};
[[nodiscard]] Status run_task_add(const std::filesystem::path& profile, const std::string& case_id,
                                  const TaskOptions& task);
[[nodiscard]] Status run_task_done(const std::filesystem::path& profile, const std::string& case_id,
                                   const std::string& task_id);
// `task assign`: a new version of the task for `to` (case_lifecycle.h).
[[nodiscard]] Status run_task_assign(const std::filesystem::path& profile,
                                     const std::string& case_id, const std::string& task_id,
                                     const std::string& to);
struct TaskFilter {
    bool mine = false;
    std::optional<std::string> due_before;
};
[[nodiscard]] Status run_task_list(const std::filesystem::path& profile, const TaskFilter& filter,
                                   bool json);

// Attachments (attachment_commands.cpp).
[[nodiscard]] Status run_case_attach(const std::filesystem::path& profile,
                                     const std::string& case_id, const std::filesystem::path& file);
[[nodiscard]] Status run_case_attachment(const std::filesystem::path& profile,
                                         const std::string& case_id,
                                         const std::string& attachment_id,
                                         const std::filesystem::path& out);

// Notifications (watch_command.cpp). Runs until interrupted, or until `limit`
// changes were shown.
[[nodiscard]] Status run_watch(const std::filesystem::path& profile,
                               const std::optional<std::uint64_t>& limit);

// `logout` (logout_command.cpp): ends the session the profile's commands reuse, at
// the server and in the local store, and locks the unlock agent if one runs.
[[nodiscard]] Status run_logout(const std::filesystem::path& profile);

// The research compartment and export (research_commands.cpp).
[[nodiscard]] Status run_research_setup(const std::filesystem::path& profile, bool replace);
[[nodiscard]] Status run_research_grant(const std::filesystem::path& profile,
                                        const std::string& user);
[[nodiscard]] Status run_research_backfill(const std::filesystem::path& profile);
struct ResearchExportOptions {
    std::string from;
    std::string to;
    std::uint32_t k = 5;
    std::optional<std::string> epsilon;  // decimal text; default 1
    std::filesystem::path out;
    std::optional<std::string> for_researcher;
};
[[nodiscard]] Status run_research_export(const std::filesystem::path& profile,
                                         const ResearchExportOptions& options);
[[nodiscard]] Status run_research_open(const std::filesystem::path& profile,
                                       const std::filesystem::path& package,
                                       const std::filesystem::path& out);
[[nodiscard]] Status run_research_ledger(const std::filesystem::path& profile, bool json);

}  // namespace weerbaar::cli
