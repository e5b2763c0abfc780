// The cost of moving a case to a new key epoch, measured on a case of 1,000 records
// and 20 members against the cost of reading (and verifying) that same case in the
// same run. Hidden from the suite ([.]); `make bench` runs it.
//
// Rotation does not re-encrypt history: old records stay under their epoch's key,
// so its own cost is one fresh key, one sealed and signed wrap per member and one
// atomic server call. A writer first reads the case, which is the baseline here.

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>

#include "cli_runner.h"
#include "test_server.h"
#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"

namespace weerbaar::e2e {
namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

constexpr int kRecords = 1000;
constexpr int kPeers = 19;  // with the confidant: 20 members
constexpr int kRuns = 7;

}  // namespace

TEST_CASE("rotating a case of 1,000 records and 20 members", "[.][bench]") {
    REQUIRE(crypto::initialise().ok());
    TempDir dir;
    TestServer server(dir.path() / "data");
    server.start();
    const CliRunner cli(dir.path() / "profiles");
    std::vector<std::pair<std::string, std::string>> team{{"bram", "confidant"}};
    for (int i = 1; i <= kPeers; ++i) {
        team.emplace_back("peer" + std::to_string(i), "peer");
    }
    cli.build_team(server, "anne", team);
    const auto opened_by_cli =
        cli.run("bram", {"case", "new", "--intake", WEERBAAR_EXAMPLE_INTAKE});
    REQUIRE(opened_by_cli.exit_code == 0);
    const std::string case_hex = last_line(opened_by_cli.out);
    const auto case_id = crypto::from_hex(case_hex).value();

    // The confidant's client core in this process: one unlock, then many calls.
    const client::Profile profile(cli.profile("bram"));
    const auto passphrase = crypto::SecretBuffer::copy_of(crypto::as_bytes(kPassphrase));
    auto session = client::Session::open(profile, passphrase);
    REQUIRE(session.ok());
    auto trust = client::TrustStore::open(cli.profile("bram"), session.value().keys().store_key);
    REQUIRE(trust.ok());
    client::MemberDirectory directory(session.value(), trust.value());
    for (int i = 1; i <= kPeers; ++i) {
        REQUIRE(client::share_case(session.value(), directory, case_id, "peer" + std::to_string(i))
                    .ok());
    }
    for (int i = 2; i <= kRecords; ++i) {
        const auto appended = client::append_note(session.value(), directory, case_id,
                                                  "Contactmoment " + std::to_string(i));
        REQUIRE(appended.ok());
    }

    std::vector<double> read_ms, rotate_ms;
    for (int run = 0; run < kRuns; ++run) {
        auto started = Clock::now();
        auto opened = client::open_case(session.value(), directory, case_id);
        read_ms.push_back(milliseconds_since(started));
        REQUIRE(opened.ok());
        REQUIRE(opened.value().records.size() == kRecords);
        REQUIRE(opened.value().current_members().size() == kPeers + 1);
        started = Clock::now();
        REQUIRE(client::rotate_case_key(session.value(), directory, opened.value()).ok());
        rotate_ms.push_back(milliseconds_since(started));
    }

    // Whole processes, as a user meets them: reading the case vs removing a member
    // (read + rotation to the 19 who remain, in one call).
    auto started = Clock::now();
    const auto shown = cli.run("bram", {"case", "show", case_hex, "--json"});
    const double show_process_ms = milliseconds_since(started);
    REQUIRE(shown.exit_code == 0);
    started = Clock::now();
    const auto removed =
        cli.run("bram", {"case", "unshare", case_hex, "--user", "peer" + std::to_string(kPeers)});
    const double unshare_process_ms = milliseconds_since(started);
    REQUIRE(removed.exit_code == 0);

    std::printf("case: %d records, %d members; %d runs, medians\n", kRecords, kPeers + 1, kRuns);
    std::printf("  read and verify the case (baseline): %8.1f ms\n", median(read_ms));
    std::printf("  rotate the key (new epoch, 20 wraps): %8.1f ms  (%.2fx the read)\n",
                median(rotate_ms), median(rotate_ms) / median(read_ms));
    std::printf("  weerbaar case show    (whole process): %8.1f ms\n", show_process_ms);
    std::printf("  weerbaar case unshare (whole process): %8.1f ms  (%.2fx the show)\n",
                unshare_process_ms, unshare_process_ms / show_process_ms);
    CHECK(server.stop() == 0);
}

}  // namespace weerbaar::e2e
