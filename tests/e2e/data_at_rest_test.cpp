// What the operator holds: a data dir with no plaintext in it, and a database that
// does not open without the key in db.key.

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "cli_runner.h"
#include "test_server.h"

namespace weerbaar::e2e {
namespace {

// Every regular file below `dir` that contains `needle`.
std::vector<std::string> files_containing(const std::filesystem::path& dir, const std::string& needle) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() && read_file(entry.path()).find(needle) != std::string::npos) {
            found.push_back(entry.path().string());
        }
    }
    return found;
}

// Runs a query on the database, keyed with `key_hex` unless it is empty; returns
// the SQLite result code of the first step.
int query_database(const std::filesystem::path& db, const std::string& key_hex) {
    sqlite3* handle = nullptr;
    int rc = sqlite3_open_v2(db.string().c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
    if (rc == SQLITE_OK && !key_hex.empty()) {
        const std::string pragma = "PRAGMA key = \"x'" + key_hex + "'\"; PRAGMA cipher_page_size = 4096;";
        rc = sqlite3_exec(handle, pragma.c_str(), nullptr, nullptr, nullptr);
    }
    if (rc == SQLITE_OK) {
        rc = sqlite3_exec(handle, "SELECT count(*) FROM sqlite_master;", nullptr, nullptr, nullptr);
    }
    sqlite3_close_v2(handle);
    return rc;
}

}  // namespace

TEST_CASE("no plaintext of a case reaches the data dir, and the database needs its key", "[e2e]") {
    TempDir dir;
    TestServer server(dir.path() / "data");
    server.start();
    const CliRunner cli(dir.path() / "profiles");
    cli.build_team(server, "anne", {{"bram", "confidant"}, {"carla", "peer"}});

    const std::string note = "Geheime notitie: dreigbrief gevonden onder de deurmat van het woonhuis.";
    const auto opened = cli.run("bram", {"case", "new", "--intake", WEERBAAR_EXAMPLE_INTAKE});
    REQUIRE(opened.exit_code == 0);
    const auto case_id = last_line(opened.out);
    REQUIRE(cli.run("bram", {"case", "note", case_id, "--text", note}).exit_code == 0);
    REQUIRE(cli.run("bram", {"case", "share", case_id, "--with", "carla"}).exit_code == 0);
    REQUIRE(server.stop() == 0);

    const auto data = server.data_dir();
    for (const std::string& secret : {note, std::string("Marieke de Vries"), std::string("06-12345678"),
                                     std::string("doodsbedreigingen"), std::string("opvanglocatie")}) {
        INFO(secret);
        CHECK(files_containing(data, secret).empty());
        CHECK(server.output().find(secret) == std::string::npos);  // nor the server's log
    }

    const auto db = data / "weerbaar.db";
    REQUIRE(std::filesystem::exists(db));
    CHECK(read_file(db).rfind("SQLite format 3", 0) != 0);
    CHECK(query_database(db, "") == SQLITE_NOTADB);
    CHECK(query_database(db, std::string(64, '0')) == SQLITE_NOTADB);
    auto key = read_file(data / "db.key");
    key.erase(key.find_last_not_of("\n") + 1);
    CHECK(query_database(db, key) == SQLITE_OK);

    const auto key_mode = std::filesystem::status(data / "db.key").permissions();
    CHECK((key_mode & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

}  // namespace weerbaar::e2e
