// The core as a GUI drives it, against the real server: one session shared by
// several threads while its token is renewed, a renewal after the server ended the
// session, an upload that outlasts its session, and long work that is followed and
// stopped, leaving nothing half-written.

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "member_core.h"
#include "team_scenario.h"
#include "weerbaar/client/attachment_transfer.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_lookup.h"
#include "weerbaar/client/testing/session_test_access.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;
using client::testing::SessionTestAccess;

constexpr std::uint64_t kMebibyte = std::uint64_t{1} << 20;

void write_random_file(const fs::path& path, std::uint64_t size) {
    std::ofstream out(path, std::ios::binary);
    for (std::uint64_t done = 0; done < size;) {
        const auto block = static_cast<std::size_t>(std::min(kMebibyte, size - done));
        const crypto::Bytes bytes = crypto::random_bytes(block);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(block));
        done += block;
    }
    REQUIRE(out.good());
}

fs::path files_dir(TeamScenario& team) {
    const fs::path files = team.server().data_dir().parent_path() / "files";
    fs::create_directories(files);
    return files;
}

std::size_t record_count(MemberCore& member, const crypto::Bytes& case_id) {
    auto opened = member.open(case_id);
    REQUIRE(opened.ok());
    return opened.value().records.size();
}

}  // namespace

TEST_CASE("one session shared by several threads renews its token once for all of them",
          "[e2e][session]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_text = team.open_case("bram");
    MemberCore bram(team.cli(), "bram");
    const client::Session& session = bram.session();

    constexpr int kThreads = 4;
    constexpr int kForgets = 3;  // each costs a login: the server allows ~20 a minute
    std::atomic<int> failures{0};
    std::mutex first_failure_mutex;
    std::string first_failure;  // what the first failed call said
    std::atomic<int> calls{0};
    std::atomic<bool> done{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            while (!done.load()) {
                const auto found = client::resolve_case_id(session, case_text.substr(0, 8));
                if (!found.ok()) {
                    if (failures++ == 0) {
                        const std::lock_guard lock(first_failure_mutex);
                        first_failure = found.error().message();
                    }
                }
                ++calls;
            }
        });
    }
    // Lets every thread make a few calls (with whatever token is current).
    const auto let_work = [&] {
        const int before = calls.load();
        while (calls.load() < before + 2 * kThreads) {
            std::this_thread::yield();
        }
    };
    // The session "ends" three times while the threads work.
    for (int i = 0; i < kForgets; ++i) {
        let_work();
        SessionTestAccess::forget_token(session);
    }
    let_work();
    done = true;
    for (std::thread& thread : threads) {
        thread.join();
    }
    INFO(first_failure);
    CHECK(failures.load() == 0);
    // Each forgotten token was renewed by one login, whichever thread met it first.
    CHECK(session.renewals() == kForgets);
}

TEST_CASE("a call after the server ended the session logs in again and succeeds",
          "[e2e][session]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_text = team.open_case("bram");
    MemberCore bram(team.cli(), "bram");
    REQUIRE(client::resolve_case_id(bram.session(), case_text).ok());
    REQUIRE(bram.session().renewals() == 0);

    // The operator ends every session, as its 15 minutes would.
    team.as_operator([](OperatorDatabase& db) { db.execute("UPDATE sessions SET expires = 1;"); });

    // The channel reconnects to the restarted server first.
    Result<crypto::Bytes> found = Error(ErrorCode::unavailable, "not tried");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
        found = client::resolve_case_id(bram.session(), case_text);
    } while (!found.ok() && found.error().code() == ErrorCode::unavailable &&
             std::chrono::steady_clock::now() < deadline);
    INFO((found.ok() ? std::string() : found.error().message()));
    CHECK(found.ok());
    CHECK(bram.session().renewals() == 1);
}

TEST_CASE("an upload that outlasts its session is not refused at its last step",
          "[e2e][session][attachment]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_text = team.open_case("bram");
    MemberCore bram(team.cli(), "bram");
    auto case_id = client::parse_case_id(case_text);
    REQUIRE(case_id.ok());
    const fs::path file = files_dir(team) / "verslag.pdf";
    write_random_file(file, 3 * kMebibyte);

    bool forgotten = false;
    client::LongWork work;
    work.on_progress = [&](std::uint64_t done, std::uint64_t total) {
        CHECK(done <= total);
        CHECK(total == 3 * kMebibyte);
        if (!forgotten && done > 0) {
            // The session ends while the bytes are on their way.
            SessionTestAccess::forget_token(bram.session());
            forgotten = true;
        }
    };
    const auto attached =
        client::attach_file(bram.session(), bram.directory(), case_id.value(), file, work);
    INFO((attached.ok() ? std::string() : attached.error().message()));
    REQUIRE(attached.ok());
    CHECK(forgotten);
    CHECK(bram.session().renewals() == 1);
    CHECK(record_count(bram, case_id.value()) == 2);
}

TEST_CASE("a stopped upload leaves no record and a stopped download no file",
          "[e2e][attachment][stop]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    const std::string case_text = team.open_case("bram");
    MemberCore bram(team.cli(), "bram");
    auto case_id = client::parse_case_id(case_text);
    REQUIRE(case_id.ok());
    const fs::path files = files_dir(team);
    const fs::path file = files / "opname.wav";
    write_random_file(file, 4 * kMebibyte);

    SECTION("upload") {
        std::stop_source stop;
        std::vector<std::uint64_t> seen;
        client::LongWork work{[&](std::uint64_t done, std::uint64_t) {
                                  seen.push_back(done);
                                  if (done >= kMebibyte) {
                                      stop.request_stop();
                                  }
                              },
                              stop.get_token()};
        const auto attached =
            client::attach_file(bram.session(), bram.directory(), case_id.value(), file, work);
        REQUIRE_FALSE(attached.ok());
        CHECK(attached.error().code() == ErrorCode::cancelled);
        // Promptly: within one chunk of the stop.
        REQUIRE_FALSE(seen.empty());
        CHECK(seen.back() <= 2 * kMebibyte);
        CHECK(record_count(bram, case_id.value()) == 1);
        // And the case takes the next upload as if nothing happened.
        CHECK(client::attach_file(bram.session(), bram.directory(), case_id.value(), file).ok());
        CHECK(record_count(bram, case_id.value()) == 2);
    }

    SECTION("download") {
        const auto attached =
            client::attach_file(bram.session(), bram.directory(), case_id.value(), file);
        REQUIRE(attached.ok());
        const fs::path out_dir = files / "uit";
        fs::create_directories(out_dir);
        const fs::path out = out_dir / "opname.wav";

        std::stop_source stop;
        std::uint64_t last_total = 0;
        client::LongWork work{[&](std::uint64_t done, std::uint64_t total) {
                                  last_total = total;
                                  if (done >= kMebibyte) {
                                      stop.request_stop();
                                  }
                              },
                              stop.get_token()};
        const auto fetched =
            client::fetch_attachment(bram.session(), bram.directory(), case_id.value(),
                                     attached.value().attachment_id, out, work);
        REQUIRE_FALSE(fetched.ok());
        CHECK(fetched.error().code() == ErrorCode::cancelled);
        CHECK(last_total == 4 * kMebibyte);
        CHECK_FALSE(fs::exists(out));
        CHECK(fs::is_empty(out_dir));

        // Without a stop the same fetch completes, reporting the whole size.
        std::uint64_t final_done = 0;
        client::LongWork follow{[&](std::uint64_t done, std::uint64_t) { final_done = done; }, {}};
        REQUIRE(client::fetch_attachment(bram.session(), bram.directory(), case_id.value(),
                                         attached.value().attachment_id, out, follow)
                    .ok());
        CHECK(final_done == 4 * kMebibyte);
        CHECK(fs::file_size(out) == 4 * kMebibyte);
    }
}

TEST_CASE("a case listing reports progress in cases and stops between two cases", "[e2e][stop]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    for (int i = 0; i < 3; ++i) {
        (void)team.open_case("bram");
    }
    MemberCore bram(team.cli(), "bram");

    std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
    client::LongWork follow{
        [&](std::uint64_t done, std::uint64_t total) { seen.emplace_back(done, total); }, {}};
    const auto all = client::list_cases(bram.session(), bram.directory(), follow);
    REQUIRE(all.ok());
    CHECK(all.value().size() == 3);
    CHECK(seen.front() == std::pair<std::uint64_t, std::uint64_t>{0, 3});
    CHECK(seen.back() == std::pair<std::uint64_t, std::uint64_t>{3, 3});

    std::stop_source stop;
    std::uint64_t visited = 0;
    client::LongWork stopping{[&](std::uint64_t done, std::uint64_t) {
                                  visited = done;
                                  if (done == 1) {
                                      stop.request_stop();
                                  }
                              },
                              stop.get_token()};
    const auto stopped = client::list_cases(bram.session(), bram.directory(), stopping);
    REQUIRE_FALSE(stopped.ok());
    CHECK(stopped.error().code() == ErrorCode::cancelled);
    CHECK(visited == 1);
}

}  // namespace weerbaar::e2e
