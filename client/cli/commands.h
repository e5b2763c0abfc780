#pragma once
// One function per CLI command: get the passphrase, call core, print the result.
// Everything that can fail returns an Error; main() turns it into one stderr line
// and the exit code.

#include <filesystem>
#include <optional>
#include <string>

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
[[nodiscard]] Status run_member_approve(const std::filesystem::path& profile,
                                        const std::string& user, const std::string& role,
                                        const std::string& fingerprint);
[[nodiscard]] Status run_member_list(const std::filesystem::path& profile, bool json);
[[nodiscard]] Status run_member_show(const std::filesystem::path& profile, const std::string& user,
                                     bool json);
[[nodiscard]] Status run_member_verify(const std::filesystem::path& profile,
                                       const std::string& user, const std::string& fingerprint);
[[nodiscard]] Status run_member_revoke(const std::filesystem::path& profile,
                                       const std::string& user);
[[nodiscard]] Status run_case_new(const std::filesystem::path& profile,
                                  const std::filesystem::path& intake);
[[nodiscard]] Status run_case_list(const std::filesystem::path& profile, bool json);
[[nodiscard]] Status run_case_show(const std::filesystem::path& profile, const std::string& case_id,
                                   bool json);
[[nodiscard]] Status run_case_note(const std::filesystem::path& profile, const std::string& case_id,
                                   const std::string& text);
[[nodiscard]] Status run_case_share(const std::filesystem::path& profile,
                                    const std::string& case_id, const std::string& user);
[[nodiscard]] Status run_case_unshare(const std::filesystem::path& profile,
                                      const std::string& case_id, const std::string& user);
[[nodiscard]] Status run_case_access_log(const std::filesystem::path& profile,
                                         const std::string& case_id, bool json);
[[nodiscard]] Status run_audit_verify(const std::filesystem::path& profile);

}  // namespace weerbaar::cli
