// The client benchmarks of issue 9 (docs/benchmarks.md): the real weerbaar-server
// on 127.0.0.1 with TLS and its SQLCipher file, the real `weerbaar` CLI as a whole
// process, and the cases seeded by bench_seed_cases through the client core.
// Every figure is paired run by run with a no-op command measured just before it
// (`member list`: the fixed cost every command pays), so that the ratios hold on a
// noisy, shared machine.
//
// Hidden from every test run ([.]); `make bench` runs it. Settings come from the
// environment (BENCH_SIZES, ...; see settings_from_environment).

#include <sys/utsname.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>
#include <thread>

#include "bench_report.h"
#include "cli_runner.h"
#include "crypto_baseline.h"
#include "test_server.h"
#include "timed_run.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The server allows 20 challenges a minute per name (server_limits.h); every CLI
// command logs in once, every seeder thread once. Kept below it.
constexpr int kLoginsPerMinute = 18;
constexpr int kNoopMembers = 3;
constexpr std::size_t kMinRuns = 3;
// Changed cases for the sync figures, each below the number of cases.
constexpr std::size_t kChangedCounts[] = {0, 10, 1000};

struct Settings {
    std::vector<std::size_t> sizes;
    std::size_t runs = 5;
    double cap_seconds = 120;
    double setup_cap_seconds = 1800;
    double figure_seconds = 60;
    std::size_t sync_cases = 0;  // 0: no sync figures
    std::size_t open_records = 1000;
    std::size_t threads = 4;
    fs::path out = "build/bench/client.md";
};

// BENCH_SIZES (default 100,1000,10000,100000), BENCH_RUNS (counted runs per
// figure, 5), BENCH_FIGURE_SECONDS (after 3 runs a figure stops once it took this
// long, 60), BENCH_CAP_SECONDS (one run, 120), BENCH_SETUP_CAP_SECONDS (seeding or a
// warm-up, 1800), BENCH_SYNC_CASES (10000 when among the sizes, else the largest
// size; 0 skips), BENCH_OPEN_RECORDS (1000; 0 skips), BENCH_THREADS (seeding, 4),
// BENCH_OUT (build/bench/client.md).
Result<Settings> settings_from_environment() {
    Settings settings;
    const char* sizes = std::getenv("BENCH_SIZES");
    WEERBAAR_ASSIGN_OR_RETURN(settings.sizes,
                              parse_sizes(sizes != nullptr && *sizes != '\0'
                                              ? std::string_view(sizes)
                                              : std::string_view("100,1000,10000,100000")));
    WEERBAAR_ASSIGN_OR_RETURN(settings.runs, count_from_environment("BENCH_RUNS", 5));
    WEERBAAR_ASSIGN_OR_RETURN(const std::size_t cap,
                              count_from_environment("BENCH_CAP_SECONDS", 120));
    WEERBAAR_ASSIGN_OR_RETURN(const std::size_t setup_cap,
                              count_from_environment("BENCH_SETUP_CAP_SECONDS", 1800));
    WEERBAAR_ASSIGN_OR_RETURN(const std::size_t figure,
                              count_from_environment("BENCH_FIGURE_SECONDS", 60));
    settings.cap_seconds = static_cast<double>(cap);
    settings.setup_cap_seconds = static_cast<double>(setup_cap);
    settings.figure_seconds = static_cast<double>(figure);
    const bool has_10000 =
        std::find(settings.sizes.begin(), settings.sizes.end(), 10000) != settings.sizes.end();
    WEERBAAR_ASSIGN_OR_RETURN(
        settings.sync_cases,
        count_from_environment("BENCH_SYNC_CASES", has_10000 ? 10000 : settings.sizes.back(),
                               true));
    WEERBAAR_ASSIGN_OR_RETURN(settings.open_records,
                              count_from_environment("BENCH_OPEN_RECORDS", 1000, true));
    WEERBAAR_ASSIGN_OR_RETURN(settings.threads, count_from_environment("BENCH_THREADS", 4));
    if (settings.threads > 16) {
        return Error(ErrorCode::invalid_argument,
                     "BENCH_THREADS is hoogstens 16 / BENCH_THREADS is at most 16");
    }
    if (const char* out = std::getenv("BENCH_OUT"); out != nullptr && *out != '\0') {
        settings.out = out;
    }
    return settings;
}

// Keeps each name under the server's login limit by waiting before a command.
class LoginPacer {
  public:
    void before(const std::string& user, int logins = 1) {
        auto& times = logins_[user];
        while (true) {
            const auto now = Clock::now();
            while (!times.empty() && times.front() <= now - std::chrono::minutes(1)) {
                times.pop_front();
            }
            if (static_cast<int>(times.size()) + logins <= kLoginsPerMinute || times.empty()) {
                break;
            }
            std::this_thread::sleep_until(times.front() + std::chrono::minutes(1) +
                                          std::chrono::milliseconds(50));
        }
        for (int i = 0; i < logins; ++i) {
            times.push_back(Clock::now());
        }
    }
    [[nodiscard]] std::size_t recent(const std::string& user) {
        auto& times = logins_[user];
        const auto now = Clock::now();
        while (!times.empty() && times.front() <= now - std::chrono::minutes(1)) {
            times.pop_front();
        }
        return times.size();
    }

  private:
    std::map<std::string, std::deque<Clock::time_point>> logins_;
};

// "" when stdout lists exactly `cases` verified cases (`case list` prints a line
// each), else what is wrong.
std::string check_case_list(const std::string& out, std::size_t cases) {
    std::istringstream lines(out);
    std::string line;
    std::size_t listed = 0;
    while (std::getline(lines, line)) {
        if (line.find("INTEGRITEITSFOUT") != std::string::npos) {
            return "a case failed verification: " + line;
        }
        if (!line.empty() && line != "Geen zaken / no cases") {
            ++listed;
        }
    }
    return listed == cases
               ? std::string()
               : "listed " + std::to_string(listed) + " cases, expected " + std::to_string(cases);
}

std::string seconds_text(double seconds) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", seconds);
    return buffer;
}

class ClientBench {
  public:
    ClientBench(Settings settings, const fs::path& root)
        : settings_(std::move(settings)),
          root_(root),
          server_(root / "data"),
          cli_(root / "profiles") {
        fs::create_directories(root_ / "scratch");
        fs::create_directories(root_ / "runs");
    }

    void run() {
        server_.start();
        build_team();
        measure_noop();
        for (const std::size_t size : settings_.sizes) {
            measure_list(size);
        }
        if (settings_.sync_cases > 0) {
            measure_sync(settings_.sync_cases);
        }
        if (settings_.open_records > 0) {
            measure_open(settings_.open_records);
        }
        CHECK(server_.stop() == 0);
    }

    [[nodiscard]] const std::vector<Figure>& figures() const { return figures_; }

    [[nodiscard]] ReportHeader header() const {
        ReportHeader header{"Weerbaar client benchmarks", {}};
        const std::time_t now = std::time(nullptr);
        char date[32];
        std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
        utsname machine{};
        uname(&machine);
        std::string sizes;
        for (const std::size_t size : settings_.sizes) {
            sizes += (sizes.empty() ? "" : ", ") + with_thousands(size);
        }
        header.lines = {
            std::string("measured ") + date + " on " + machine.sysname + " " + machine.release +
                " " + machine.machine + ", " + std::to_string(std::thread::hardware_concurrency()) +
                " processors",
            "sizes " + sizes + "; " +
                (settings_.sync_cases > 0
                     ? "sync on " + with_thousands(settings_.sync_cases) + " cases"
                     : std::string("no sync figures")) +
                "; " +
                (settings_.open_records > 0
                     ? "a case of " + with_thousands(settings_.open_records) + " records opened"
                     : std::string("no case opened")),
            "up to " + std::to_string(settings_.runs) + " counted runs a figure (at least " +
                std::to_string(kMinRuns) + ", then until " +
                seconds_text(settings_.figure_seconds) + " s spent); cap " +
                seconds_text(settings_.cap_seconds) + " s a run, " +
                seconds_text(settings_.setup_cap_seconds) + " s for seeding or a warm-up",
            "no-op: `weerbaar member list` by a member with no cases: process start, passphrase "
            "unlock (Argon2id), TLS connection and login, one ListMembers call, the trust memory "
            "read: what every command pays before its own work",
            "cold: a copy of the member's profile as enrolment left it (keys, settings, pinned "
            "certificate; no memory of any case); warm: the same profile after a completed run",
        };
        return header;
    }

  private:
    [[nodiscard]] fs::path pristine(const std::string& user) const {
        return root_ / "pristine" / user;
    }

    // Replaces `name` under runs/ with a copy of `from`.
    fs::path fresh_copy(const fs::path& from, const std::string& name) {
        const fs::path to = root_ / "runs" / name;
        fs::remove_all(to);
        fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
        return to;
    }

    // The command line as the report shows it: scratch paths as $BENCH.
    [[nodiscard]] std::string shown(const std::vector<std::string>& argv) const {
        std::string line;
        for (std::string word : argv) {
            if (word == WEERBAAR_CLI_BIN) {
                word = "weerbaar";
            } else if (word == WEERBAAR_SEED_BIN) {
                word = "bench_seed_cases";
            }
            const std::string root = root_.string();
            if (const auto at = word.find(root); at != std::string::npos) {
                word.replace(at, root.size(), "$BENCH");
            }
            line += (line.empty() ? "" : " ") + word;
        }
        return line;
    }

    [[nodiscard]] std::vector<std::string> cli_argv(const fs::path& profile,
                                                    const std::vector<std::string>& args) const {
        std::vector<std::string> argv{WEERBAAR_CLI_BIN, "--profile", profile.string()};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }

    TimedRun cli(const std::string& user, const fs::path& profile,
                 const std::vector<std::string>& args, double cap) {
        pacer_.before(user);
        return timed_run(cli_argv(profile, args),
                         {std::string("WEERBAAR_PASSPHRASE=") + e2e::kPassphrase},
                         std::chrono::duration<double>(cap), root_ / "scratch");
    }

    // The no-op by whichever no-op member logged in least lately.
    TimedRun noop() {
        std::string user = "noop1";
        for (int i = 2; i <= kNoopMembers; ++i) {
            const std::string other = "noop" + std::to_string(i);
            if (pacer_.recent(other) < pacer_.recent(user)) {
                user = other;
            }
        }
        return cli(user, cli_.profile(user), {"member", "list"}, settings_.cap_seconds);
    }

    // bench_seed_cases as `user`, under the setup cap. "" or what went wrong.
    std::string seed(const std::string& user, std::vector<std::string> args) {
        const fs::path profile = root_ / "seeder" / user;
        if (!fs::exists(profile)) {
            fs::create_directories(profile.parent_path());
            fs::copy(pristine(user), profile, fs::copy_options::recursive);
        }
        args.insert(args.begin() + 1, {"--profile", profile.string()});
        args.insert(args.begin(), WEERBAAR_SEED_BIN);
        if (args[1] != "list-rpc") {
            args.insert(args.end(), {"--threads", std::to_string(settings_.threads)});
        }
        pacer_.before(user, args[1] == "list-rpc" ? 1 : static_cast<int>(settings_.threads));
        std::printf("  seeding: %s\n", shown(args).c_str());
        std::fflush(stdout);
        last_seed_ = timed_run(args, {std::string("WEERBAAR_PASSPHRASE=") + e2e::kPassphrase},
                               std::chrono::duration<double>(settings_.setup_cap_seconds),
                               root_ / "scratch");
        if (last_seed_.over_cap) {
            return "seeding over cap (> " + seconds_text(settings_.setup_cap_seconds) + " s)";
        }
        if (!last_seed_.ok()) {
            return "seeding failed: " + last_seed_.failure();
        }
        if (!last_seed_.err.empty()) {
            std::printf("  %s", last_seed_.err.c_str());
        }
        return {};
    }

    std::string seed_cases(const std::string& user, std::size_t count, const fs::path& ids) {
        return seed(user, {"create", "--count", std::to_string(count), "--ids", ids.string()});
    }

    void build_team() {
        std::vector<std::pair<std::string, std::string>> team;
        for (int i = 1; i <= kNoopMembers; ++i) {
            team.emplace_back("noop" + std::to_string(i), "peer");
        }
        for (const std::size_t size : settings_.sizes) {
            team.emplace_back(list_user(size), "confidant");
        }
        if (settings_.sync_cases > 0 && std::find(settings_.sizes.begin(), settings_.sizes.end(),
                                                  settings_.sync_cases) == settings_.sizes.end()) {
            team.emplace_back(sync_user(), "confidant");
        }
        if (settings_.open_records > 0) {
            team.emplace_back(open_user(), "confidant");
        }
        cli_.build_team(server_, "anne", team);
        fs::create_directories(root_ / "pristine");
        for (const auto& [user, role] : team) {
            fs::copy(cli_.profile(user), pristine(user), fs::copy_options::recursive);
        }
    }

    [[nodiscard]] static std::string list_user(std::size_t size) {
        return "list" + std::to_string(size);
    }
    [[nodiscard]] std::string sync_user() const {
        return "sync" + std::to_string(settings_.sync_cases);
    }
    [[nodiscard]] std::string open_user() const {
        return "open" + std::to_string(settings_.open_records);
    }

    void finish(Figure figure) {
        const auto wall = summarise(figure.wall);
        const auto beyond = summarise(figure.beyond_fixed());
        std::printf("%-48s runs %zu  median %8.3f s  beyond no-op %8.3f s  %s\n",
                    figure.name.c_str(), figure.wall.size(), wall ? wall->median : 0.0,
                    beyond ? beyond->median : 0.0, figure.problem.c_str());
        std::fflush(stdout);
        figures_.push_back(std::move(figure));
    }

    // Counted runs of one figure. `prepare(run)` gives the profile to run with (not
    // timed); `check` says what is wrong with the output ("" when right). Returns
    // the profile of the last completed run (empty if none).
    fs::path measure(Figure& figure, const std::string& user,
                     const std::function<fs::path(std::size_t)>& prepare,
                     const std::vector<std::string>& args,
                     const std::function<std::string(const TimedRun&)>& check) {
        figure.command = shown(cli_argv(root_ / "runs" / "PROFILE", args));
        fs::path last;
        double spent = 0;
        for (std::size_t run = 0; run < settings_.runs; ++run) {
            if (run >= kMinRuns && spent > settings_.figure_seconds) {
                break;
            }
            const fs::path profile = prepare(run);
            const TimedRun fixed = noop();
            if (!fixed.ok()) {
                figure.problem = "no-op " + fixed.failure();
                return last;
            }
            const TimedRun timed = cli(user, profile, args, settings_.cap_seconds);
            if (timed.over_cap) {
                figure.problem = "over cap (> " + seconds_text(settings_.cap_seconds) + " s)";
                return last;
            }
            if (!timed.ok()) {
                figure.problem = "failed: " + timed.failure();
                return last;
            }
            if (const std::string wrong = check(timed); !wrong.empty()) {
                figure.problem = "wrong output: " + wrong;
                return last;
            }
            figure.wall.push_back(timed.wall_seconds);
            figure.cpu.push_back(timed.cpu_seconds);
            figure.fixed.push_back(fixed.wall_seconds);
            spent += timed.wall_seconds + fixed.wall_seconds;
            last = profile;
        }
        return last;
    }

    void measure_noop() {
        Figure figure{"no-op: member list (fixed cost)"};
        figure.command = shown(cli_argv(cli_.profile("noop1"), {"member", "list"}));
        for (std::size_t run = 0; run < settings_.runs; ++run) {
            const TimedRun timed = noop();
            if (!timed.ok()) {
                figure.problem = "failed: " + timed.failure();
                break;
            }
            figure.wall.push_back(timed.wall_seconds);
            figure.cpu.push_back(timed.cpu_seconds);
        }
        finish(std::move(figure));
    }

    // Brings a copy of `user`'s profile to warm (a completed `case list`) under the
    // setup cap, continuing from `profile` when given. "" or what went wrong,
    // including a listing without `expected` in it.
    std::string warm_up(const std::string& user, fs::path& profile, std::size_t cases,
                        const std::string& expected = "") {
        if (profile.empty()) {
            profile = fresh_copy(pristine(user), user + "-warm");
        }
        std::printf("  warming up %s (%s cases) ...\n", user.c_str(),
                    with_thousands(cases).c_str());
        std::fflush(stdout);
        const TimedRun warmed = cli(user, profile, {"case", "list"}, settings_.setup_cap_seconds);
        if (warmed.over_cap) {
            return "warm-up over cap (> " + seconds_text(settings_.setup_cap_seconds) + " s)";
        }
        if (!warmed.ok()) {
            return "warm-up failed: " + warmed.failure();
        }
        std::printf("  warm-up took %.1f s\n", warmed.wall_seconds);
        if (!expected.empty() && warmed.out.find(expected) == std::string::npos) {
            return "the listing does not say '" + expected + "': " + warmed.out;
        }
        return check_case_list(warmed.out, cases);
    }

    void measure_list(std::size_t size) {
        const std::string user = list_user(size);
        const std::string n = with_thousands(size);
        Figure cold{"case list, " + n + " cases, cold"};
        Figure warm{"case list, " + n + " cases, warm"};
        cold.per = warm.per = size;
        const fs::path ids = root_ / ("ids-" + user);
        if (const std::string failed = seed_cases(user, size, ids); !failed.empty()) {
            cold.problem = warm.problem = "not measured: " + failed;
            finish(std::move(cold));
            finish(std::move(warm));
            return;
        }
        const auto check = [size](const TimedRun& run) { return check_case_list(run.out, size); };
        fs::path cold_profile;
        const fs::path completed = measure(
            cold, user,
            [&](std::size_t run) {
                cold_profile = fresh_copy(pristine(user), user + "-cold-" + std::to_string(run));
                return cold_profile;
            },
            {"case", "list"}, check);
        if (!cold.wall.empty()) {
            cold.crypto_seconds = verification_seconds(size, 1, intake());
        }
        // The last completed cold run left a warm profile; else warm one up, going on
        // from where a run stopped at the cap (its memory of each case is kept).
        fs::path warm_profile = completed;
        if (completed.empty() || !cold.problem.empty()) {
            warm_profile = cold_profile;
            if (const std::string failed = warm_up(user, warm_profile, size); !failed.empty()) {
                warm.problem = "not measured: " + failed;
                warm_profile.clear();
            }
        }
        finish(std::move(cold));
        if (!warm_profile.empty()) {
            measure(
                warm, user, [&](std::size_t) { return warm_profile; }, {"case", "list"}, check);
            warm_profiles_[size] = warm_profile;
        }
        finish(std::move(warm));
    }

    void measure_sync(std::size_t cases) {
        std::string user = list_user(cases);
        fs::path ids = root_ / ("ids-" + user);
        fs::path base;
        std::string problem;
        if (const auto found = warm_profiles_.find(cases); found != warm_profiles_.end()) {
            base = found->second;
        } else if (std::find(settings_.sizes.begin(), settings_.sizes.end(), cases) !=
                   settings_.sizes.end()) {
            problem = "not measured: no warm profile of " + with_thousands(cases) + " cases";
        } else {
            user = sync_user();
            ids = root_ / ("ids-" + user);
            problem = seed_cases(user, cases, ids);
            if (problem.empty()) {
                problem = warm_up(user, base, cases);
            }
            if (!problem.empty()) {
                problem = "not measured: " + problem;
            }
        }
        // What every run starts from: warm at the state before any change.
        const fs::path snapshot = problem.empty() ? fresh_copy(base, "sync-base") : fs::path();
        std::optional<double> list_rpc;
        std::size_t already_changed = 0;
        for (const std::size_t changed : kChangedCounts) {
            if (changed >= cases) {
                continue;
            }
            Figure figure{"sync: case list, " + with_thousands(changed) + " of " +
                          with_thousands(cases) + " changed"};
            figure.per = changed;
            figure.problem = problem;
            if (figure.problem.empty() && changed > already_changed) {
                const std::string failed =
                    seed(user, {"append", "--ids", ids.string(), "--records", "1", "--from",
                                std::to_string(already_changed), "--cases",
                                std::to_string(changed - already_changed)});
                if (!failed.empty()) {
                    problem = figure.problem = "not measured: " + failed;
                }
                already_changed = changed;
            }
            if (figure.problem.empty() && !list_rpc) {
                list_rpc = list_rpc_seconds(user);
            }
            if (figure.problem.empty()) {
                measure(
                    figure, user,
                    [&](std::size_t run) {
                        return fresh_copy(snapshot, "sync-" + std::to_string(changed) + "-" +
                                                        std::to_string(run));
                    },
                    {"case", "list"},
                    [cases](const TimedRun& run) { return check_case_list(run.out, cases); });
                if (changed > 0 && !figure.wall.empty()) {
                    figure.crypto_seconds = verification_seconds(changed, 1, intake());
                }
                if (list_rpc) {
                    figure.reference_seconds = list_rpc;
                    figure.reference_name = "one ListCases round trip (in one process, median)";
                }
                if (changed == 0) {
                    figure.sync_round_trip_seconds = sync_rpc_;
                }
            }
            finish(std::move(figure));
        }
    }

    // The median no-change SyncCases round trip measured with the last list_rpc_seconds.
    std::optional<double> sync_rpc_;

    // The median ListCases round trip of `user`, in one process (bench_seed_cases),
    // and (into sync_rpc_) the median SyncCases round trip when nothing changed.
    std::optional<double> list_rpc_seconds(const std::string& user) {
        if (!seed(user, {"list-rpc", "--runs", "5"}).empty()) {
            return std::nullopt;
        }
        std::vector<double> values;
        std::vector<double> syncs;
        std::istringstream lines(last_seed_.out);
        std::string word;
        double ms = 0;
        while (lines >> word) {
            if (word == "list_cases_ms" && lines >> ms) {
                values.push_back(ms / 1000.0);
            } else if (word == "sync_nochange_ms" && lines >> ms) {
                syncs.push_back(ms / 1000.0);
            }
        }
        if (const auto sync = summarise(syncs)) {
            sync_rpc_ = sync->median;
        }
        const auto summary = summarise(values);
        return summary ? std::optional<double>(summary->median) : std::nullopt;
    }

    void measure_open(std::size_t records) {
        const std::string user = open_user();
        const std::string n = with_thousands(records);
        Figure cold{"case show, " + n + " records, cold"};
        Figure warm{"case show, " + n + " records, warm"};
        cold.per = warm.per = records;
        cold.per_unit = warm.per_unit = "record";
        const fs::path ids = root_ / ("ids-" + user);
        std::string problem = seed_cases(user, 1, ids);
        if (problem.empty() && records > 1) {
            problem = seed(user, {"append", "--ids", ids.string(), "--records",
                                  std::to_string(records - 1), "--cases", "1"});
        }
        std::string case_hex = e2e::read_file(ids);
        case_hex = case_hex.substr(0, case_hex.find('\n'));
        if (problem.empty()) {
            // Once, untimed: the server holds the case with every record, as listed.
            fs::path profile;
            problem = warm_up(user, profile, 1, " " + std::to_string(records) + " records ");
        }
        if (!problem.empty()) {
            cold.problem = warm.problem = "not measured: " + problem;
            finish(std::move(cold));
            finish(std::move(warm));
            return;
        }
        const auto check = [](const TimedRun& run) {
            return run.out.empty() ? std::string("nothing printed") : std::string();
        };
        const fs::path completed = measure(
            cold, user,
            [&](std::size_t run) {
                return fresh_copy(pristine(user), user + "-cold-" + std::to_string(run));
            },
            {"case", "show", case_hex}, check);
        if (!cold.wall.empty()) {
            cold.crypto_seconds = verification_seconds(1, records, intake());
        }
        finish(std::move(cold));
        if (completed.empty()) {
            warm.problem = "not measured: no completed cold run";
        } else {
            measure(
                warm, user, [&](std::size_t) { return completed; }, {"case", "show", case_hex},
                check);
        }
        finish(std::move(warm));
    }

    const v1::Intake& intake() {
        if (!intake_) {
            const auto today = std::chrono::year_month_day(
                std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
            auto read = client::read_intake_file(WEERBAAR_EXAMPLE_INTAKE, today);
            REQUIRE(read.ok());
            intake_ = std::move(read).value();
        }
        return *intake_;
    }

    Settings settings_;
    fs::path root_;
    e2e::TestServer server_;
    e2e::CliRunner cli_;
    LoginPacer pacer_;
    TimedRun last_seed_;
    std::vector<Figure> figures_;
    std::map<std::size_t, fs::path> warm_profiles_;
    std::optional<v1::Intake> intake_;
};

}  // namespace

TEST_CASE("client: case list, sync and opening a case against the fixed cost",
          "[.][bench][client]") {
    REQUIRE(crypto::initialise().ok());
    auto settings = settings_from_environment();
    if (!settings.ok()) {
        FAIL(settings.error().message());
    }
    const fs::path out = settings.value().out;
    e2e::TempDir dir;
    ClientBench bench(std::move(settings).value(), dir.path());
    bench.run();
    const std::string report = render_markdown(bench.header(), bench.figures());
    std::printf("\n%s\n", report.c_str());
    const Status written = write_report(out, report);
    INFO((written.ok() ? std::string() : written.error().message()));
    CHECK(written.ok());
    std::printf("written to %s\n", out.string().c_str());
}

}  // namespace weerbaar::bench
