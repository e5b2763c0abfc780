#pragma once
// The starting point of the hostile-server and revocation scenarios: a running
// server, a team founded by coordinator "anne", and the operator's hand on the
// database between a stop and a restart of the server.

#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cli_runner.h"
#include "operator_database.h"
#include "test_server.h"

namespace weerbaar::e2e {

class TeamScenario {
  public:
    // Starts a server and builds the team: "anne" (coordinator) plus `members`.
    explicit TeamScenario(std::initializer_list<std::pair<std::string, std::string>> members);
    ~TeamScenario();
    TeamScenario(const TeamScenario&) = delete;
    TeamScenario& operator=(const TeamScenario&) = delete;

    [[nodiscard]] const CliRunner& cli() const { return cli_; }
    [[nodiscard]] TestServer& server() { return server_; }
    // Fingerprints as `org create` and `init` printed them, by user.
    [[nodiscard]] const std::map<std::string, std::string>& fingerprints() const {
        return fingerprints_;
    }

    // `user` opens a case from the example intake; returns its id (32 hex).
    std::string open_case(const std::string& user);
    // Runs a step that must succeed; fails the test with its stderr otherwise.
    ProcessResult must_succeed(const std::string& user, const std::vector<std::string>& args);

    // Stops the server, lets `edit` change the database with the key in hand, and
    // starts the server again on the same port.
    void as_operator(const std::function<void(OperatorDatabase&)>& edit);

  private:
    TempDir dir_;
    TestServer server_;
    CliRunner cli_;
    std::map<std::string, std::string> fingerprints_;
};

// The 16 bytes the database keys a case by, from the id the CLI prints.
[[nodiscard]] crypto::Bytes case_key_column(const std::string& case_id_hex);

}  // namespace weerbaar::e2e
