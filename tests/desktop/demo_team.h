#pragma once
// A real weerbaar-server on loopback and a team on it, set up through the client
// core as `org create`, `init` and `member approve` do: anne (coordinator, holds the
// root key), bram (confidant), carla and daan (peers); every passphrase is
// kDemoPassphrase. Each member's profile is a directory the desktop client opens.

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "child_process.h"
#include "test_server.h"

namespace weerbaar::desktop::testing {

inline constexpr const char* kDemoPassphrase = "demo-wachtwoord";

class DemoTeam {
  public:
    // Starts the server and enrols the members; throws std::runtime_error on any
    // failure (a test setup that cannot be built is an error, not a pass).
    // `members`: user -> role ("confidant", "peer", "coordinator", "researcher"),
    // enrolled and approved by anne.
    explicit DemoTeam(const std::map<std::string, std::string>& members = {
                          {"bram", "confidant"}, {"carla", "peer"}, {"daan", "peer"}});
    ~DemoTeam();
    DemoTeam(const DemoTeam&) = delete;
    DemoTeam& operator=(const DemoTeam&) = delete;

    [[nodiscard]] std::filesystem::path profile(const std::string& user) const;
    [[nodiscard]] e2e::TestServer& server() { return server_; }
    [[nodiscard]] const std::string& root_fingerprint() const { return root_fingerprint_; }
    [[nodiscard]] const std::string& fingerprint(const std::string& user) const {
        return fingerprints_.at(user);
    }
    [[nodiscard]] const std::filesystem::path& directory() const { return dir_.path(); }

    // A member who asked to join but is not approved yet (the coordinator's
    // enrolment list shows them). Returns the fingerprint they would read out.
    std::string request_enrolment(const std::string& user);
    // `user` opens a case from docs/examples/intake.json through the core; returns
    // its id (32 hex).
    std::string open_case(const std::string& user);

  private:
    e2e::TempDir dir_;
    e2e::TestServer server_;
    std::string root_fingerprint_;
    std::map<std::string, std::string> fingerprints_;
};

}  // namespace weerbaar::desktop::testing
