#pragma once
// Runs the real `weerbaar` CLI for a named member, each with a profile of its own,
// and builds the team the scenarios start from.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "child_process.h"
#include "test_server.h"

namespace weerbaar::e2e {

inline constexpr const char* kPassphrase = "correct horse battery staple";

class CliRunner {
  public:
    explicit CliRunner(std::filesystem::path profiles_root) : root_(std::move(profiles_root)) {}

    // `weerbaar --profile <root>/<user> args...` with WEERBAAR_PASSPHRASE set.
    ProcessResult run(const std::string& user, const std::vector<std::string>& args,
                      const std::string& passphrase = kPassphrase) const;
    // The same with more environment ("NAME=value"), e.g. WEERBAAR_NEW_PASSPHRASE.
    ProcessResult run_with_env(const std::string& user, const std::vector<std::string>& args,
                               const std::vector<std::string>& extra_env,
                               const std::string& passphrase = kPassphrase) const;
    [[nodiscard]] std::filesystem::path profile(const std::string& user) const {
        return root_ / user;
    }

    // Founds the organisation with `coordinator` and enrols and approves each
    // {user, role}. Fails the running test on any non-zero exit. Returns each
    // member's fingerprint as `org create` or `init` printed it, by user.
    std::map<std::string, std::string> build_team(
        const TestServer& server, const std::string& coordinator,
        const std::vector<std::pair<std::string, std::string>>& members) const;

    // The organisation key fingerprint `org create` printed in build_team.
    [[nodiscard]] const std::string& org_fingerprint() const { return org_fingerprint_; }
    // `init` for `user` on `server`, confirming the organisation fingerprint.
    [[nodiscard]] std::vector<std::string> init_args(const TestServer& server,
                                                     const std::string& user) const;

  private:
    std::filesystem::path root_;
    // Learnt by build_team (a const step of setting up the runner) for later inits.
    mutable std::string org_fingerprint_;
};

}  // namespace weerbaar::e2e
