#include "team_scenario.h"

#include <catch2/catch.hpp>

namespace weerbaar::e2e {

TeamScenario::TeamScenario(std::initializer_list<std::pair<std::string, std::string>> members)
    : server_(dir_.path() / "data"), cli_(dir_.path() / "profiles") {
    server_.start();
    fingerprints_ = cli_.build_team(server_, "anne", std::vector(members));
}

TeamScenario::~TeamScenario() { server_.stop(); }

std::string TeamScenario::open_case(const std::string& user) {
    const auto opened = must_succeed(user, {"case", "new", "--intake", WEERBAAR_EXAMPLE_INTAKE});
    auto case_id = last_line(opened.out);
    REQUIRE(case_id.size() == 32);
    return case_id;
}

ProcessResult TeamScenario::must_succeed(const std::string& user,
                                         const std::vector<std::string>& args) {
    auto result = cli_.run(user, args);
    std::string command = user + ":";
    for (const auto& arg : args) command += " " + arg;
    INFO(command << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    return result;
}

void TeamScenario::as_operator(const std::function<void(OperatorDatabase&)>& edit) {
    REQUIRE(server_.stop() == 0);
    {
        OperatorDatabase database(server_.data_dir());
        edit(database);
    }
    server_.start();
}

crypto::Bytes case_key_column(const std::string& case_id_hex) {
    auto bytes = crypto::from_hex(case_id_hex);
    REQUIRE(bytes.ok());
    REQUIRE(bytes.value().size() == 16);
    return std::move(bytes).value();
}

}  // namespace weerbaar::e2e
