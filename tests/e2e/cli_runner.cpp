#include "cli_runner.h"

#include <catch2/catch.hpp>

namespace weerbaar::e2e {

ProcessResult CliRunner::run(const std::string& user, const std::vector<std::string>& args,
                             const std::string& passphrase) const {
    std::vector<std::string> argv{WEERBAAR_CLI_BIN, "--profile", profile(user).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {"WEERBAAR_PASSPHRASE=" + passphrase});
}

ProcessResult CliRunner::run_with_env(const std::string& user, const std::vector<std::string>& args,
                                      const std::vector<std::string>& extra_env,
                                      const std::string& passphrase) const {
    std::vector<std::string> argv{WEERBAAR_CLI_BIN, "--profile", profile(user).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> env{"WEERBAAR_PASSPHRASE=" + passphrase};
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    return run_process(argv, env);
}

std::vector<std::string> CliRunner::init_args(const TestServer& server,
                                              const std::string& user) const {
    return {
        "init",   "--server", server.address(),    "--server-cert", server.certificate().string(),
        "--user", user,       "--org-fingerprint", org_fingerprint_};
}

std::map<std::string, std::string> CliRunner::build_team(
    const TestServer& server, const std::string& coordinator,
    const std::vector<std::pair<std::string, std::string>>& members) const {
    std::map<std::string, std::string> fingerprints;
    const auto created =
        run(coordinator, {"org", "create", "--server", server.address(), "--server-cert",
                          server.certificate().string(), "--bootstrap", server.bootstrap_code(),
                          "--user", coordinator});
    INFO(created.err);
    REQUIRE(created.exit_code == 0);
    fingerprints[coordinator] = last_line(created.out);
    const std::string label = "organisation key fingerprint: ";
    const auto at = created.out.find(label);
    REQUIRE(at != std::string::npos);
    org_fingerprint_ =
        created.out.substr(at + label.size(), created.out.find('\n', at) - at - label.size());
    for (const auto& [user, role] : members) {
        const auto enrolled = run(user, init_args(server, user));
        INFO(user << ": " << enrolled.err);
        REQUIRE(enrolled.exit_code == 0);
        const auto fingerprint = last_line(enrolled.out);
        fingerprints[user] = fingerprint;
        const auto approved = run(
            coordinator, {"member", "approve", user, "--role", role, "--fingerprint", fingerprint});
        INFO(approved.err);
        REQUIRE(approved.exit_code == 0);
    }
    return fingerprints;
}

}  // namespace weerbaar::e2e
