// bench_seed_cases: fills a member's account with cases for the client benchmarks
// (docs/benchmarks.md), fast, through the real client core and a real server.
//
//   bench_seed_cases create   --profile DIR --count N --ids FILE [--threads T] [--intake FILE]
//   bench_seed_cases append   --profile DIR --ids FILE --records K [--from I] [--cases M]
//                             [--threads T]
//   bench_seed_cases list-rpc --profile DIR [--runs R]
//   bench_seed_cases synthetic --profile DIR --count N --ids FILE [--seed S] [--threads T]
//
// The passphrase comes from WEERBAAR_PASSPHRASE, as for the CLI.
//
// create: N cases, each opened with create_case (case_writer.h) from the intake file:
// a fresh key wrapped to the member and the intake sealed and signed, exactly what
// `weerbaar case new` sends. Their ids (32 hex, one a line) replace FILE at the end.
//
// append: K notes to each of M cases of FILE, starting at line I (0-based). Each
// case is read once, verified (open_case), and then K notes are sealed in a chain,
// each naming the one before as seen, as append_note does; append_note itself
// reads the whole case again for every note, which makes a 1,000-record case cost
// half a million verifications to build.
//
// synthetic: N cases of a made-up organisation (client/research synthetic_cases: shares
// from the public monitor, never real data), each opened with create_case from an
// intake built of its facts (placeholder name, contact, municipality and text), and
// moved to its status with change_status (gesloten with its outcome): the writes a
// confidant's client makes, research records included (ADR 0007). Incident dates lie
// in 2023..2025; opening and closing happen now (the server accepts no other clock),
// so the duration buckets are not the generator's.
//
// list-rpc: the round trip of one ListCases call, R times, in milliseconds, one a
// line ("list_cases_ms 12.3 cases 10000"): the floor a sync without changes is
// compared with.
//
// Several threads share the work, each with its own session (one login per
// thread: the server allows about 20 challenges a minute per name) and its own
// throw-away trust memory in a scratch directory, so the member's profile learns
// nothing of the seeded cases: the CLI meets them as new. A session that expires
// (15 minutes) logs in again once. The first error stops every thread; nothing
// is written to FILE then, and the exit code is 1.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_sync.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/protobuf_logging.h"
#include "weerbaar/client/record_content_check.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/testing/session_test_access.h"
#include "weerbaar/client/trust_store.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/research/synthetic_organisation.h"

namespace weerbaar::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Threads beyond this add nothing on this project's machines (2 cores) but
// logins, and the login limit is per name.
constexpr int kMaxThreads = 16;

int fail(const std::string& line) {
    std::cerr << "bench_seed_cases: " << line << std::endl;
    return 1;
}

Result<crypto::SecretBuffer> passphrase_from_environment() {
    const char* text = std::getenv("WEERBAAR_PASSPHRASE");
    if (text == nullptr || *text == '\0') {
        return Error(ErrorCode::invalid_argument,
                     "WEERBAAR_PASSPHRASE is niet gezet / WEERBAAR_PASSPHRASE is not set");
    }
    return crypto::SecretBuffer::copy_of(crypto::as_bytes(std::string_view(text)));
}

// One thread's own client: session, trust memory (in `scratch`, not the profile's)
// and member directory. Not movable: the directory refers to the other two.
class Worker {
  public:
    Worker(client::Session session, client::TrustStore trust)
        : session_(std::move(session)), trust_(std::move(trust)), directory_(session_, trust_) {}
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    [[nodiscard]] client::Session& session() { return session_; }
    [[nodiscard]] client::MemberDirectory& directory() { return directory_; }

  private:
    client::Session session_;
    client::TrustStore trust_;
    client::MemberDirectory directory_;
};

// Opens one worker per thread, one after the other (each unlock takes the
// keystore's Argon2id memory once, not all at the same time).
Result<std::vector<std::unique_ptr<Worker>>> open_workers(const fs::path& profile_directory,
                                                          const fs::path& scratch, int threads) {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer passphrase, passphrase_from_environment());
    const client::Profile profile(profile_directory);
    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < threads; ++i) {
        WEERBAAR_ASSIGN_OR_RETURN(client::Session session,
                                  client::Session::open(profile, passphrase));
        const fs::path trust_directory = scratch / ("trust-" + std::to_string(i));
        std::error_code ignored;
        fs::create_directories(trust_directory, ignored);
        // A directory without a keystore: a new, empty store under the member's key.
        WEERBAAR_ASSIGN_OR_RETURN(
            client::TrustStore trust,
            client::TrustStore::open(trust_directory, session.keys().store_key));
        workers.push_back(std::make_unique<Worker>(std::move(session), std::move(trust)));
    }
    return workers;
}

// Runs `step(worker, index)` for index 0..count-1 over the workers' threads; the
// first error stops them all and is returned. A step that fails because the
// session expired is tried once more after a new login.
Status run_parallel(std::vector<std::unique_ptr<Worker>>& workers, std::size_t count,
                    const std::function<Status(Worker&, std::size_t)>& step) {
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    std::mutex error_mutex;
    std::optional<Error> first_error;
    const auto started = Clock::now();
    std::vector<std::thread> threads;
    for (auto& worker : workers) {
        threads.emplace_back([&, w = worker.get()] {
            while (!stop) {
                const std::size_t index = next++;
                if (index >= count) {
                    return;
                }
                // A session that ends meanwhile renews itself (session.h).
                const Status status = step(*w, index);
                if (!status.ok()) {
                    const std::lock_guard lock(error_mutex);
                    if (!first_error) {
                        first_error = status.error();
                    }
                    stop = true;
                    return;
                }
                const std::size_t finished = ++done;
                if (finished % 1000 == 0) {
                    const double seconds =
                        std::chrono::duration<double>(Clock::now() - started).count();
                    std::fprintf(stderr, "  %zu/%zu (%.0f s)\n", finished, count, seconds);
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    if (first_error) {
        return *first_error;
    }
    return ok_status();
}

Result<std::vector<std::string>> read_ids(const fs::path& file) {
    std::ifstream in(file);
    if (!in) {
        return Error(
            ErrorCode::invalid_argument,
            "kan '" + file.string() + "' niet lezen / cannot read '" + file.string() + "'");
    }
    std::vector<std::string> ids;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        WEERBAAR_TRY(client::check_case_id_text(line));
        ids.push_back(line);
    }
    return ids;
}

// Replaces `file` in one rename, so a reader never sees half a list.
Status write_ids(const fs::path& file, const std::vector<std::string>& ids) {
    const fs::path partial = file.string() + ".partial";
    {
        std::ofstream out(partial, std::ios::trunc);
        for (const std::string& id : ids) {
            out << id << '\n';
        }
        out.flush();
        if (!out) {
            return Error(ErrorCode::internal, "kan '" + partial.string() +
                                                  "' niet schrijven / cannot write '" +
                                                  partial.string() + "'");
        }
    }
    std::error_code error;
    fs::rename(partial, file, error);
    if (error) {
        return Error(ErrorCode::internal, "kan '" + file.string() +
                                              "' niet schrijven / cannot write '" + file.string() +
                                              "': " + error.message());
    }
    return ok_status();
}

std::chrono::year_month_day utc_today() {
    return std::chrono::year_month_day(
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

Status create_cases(std::vector<std::unique_ptr<Worker>>& workers, const fs::path& intake_file,
                    std::size_t count, const fs::path& ids_file) {
    WEERBAAR_ASSIGN_OR_RETURN(const v1::Intake intake,
                              client::read_intake_file(intake_file, utc_today()));
    std::vector<std::string> ids(count);
    WEERBAAR_TRY(run_parallel(workers, count, [&](Worker& worker, std::size_t index) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            const crypto::Bytes case_id,
            client::create_case(worker.session(), worker.directory(), intake));
        ids[index] = client::format_case_id(case_id);  // each index has one writer
        return ok_status();
    }));
    return write_ids(ids_file, ids);
}

// The intake a confidant would type for synthetic facts; everything but the codes is
// a placeholder, so nothing in it resembles a person.
v1::Intake synthetic_intake(const research::CaseFacts& facts, std::size_t index) {
    v1::Intake intake;
    intake.set_codebook_version(1);
    v1::Reporter& reporter = *intake.mutable_reporter();
    reporter.set_name("Synthetische melder " + std::to_string(index + 1));
    reporter.set_office_role(facts.office_role);
    reporter.set_municipality("GM0000");
    reporter.set_province(facts.province);
    v1::Incident& incident = *intake.mutable_incident();
    const auto& date = facts.incident_date;
    char text[11];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    incident.set_date(text);
    for (const std::string& type : facts.incident_types) {
        incident.add_types(type);
    }
    incident.set_channel(facts.channel);
    incident.set_perpetrator(facts.perpetrator);
    incident.set_repeated(facts.repeated);
    incident.set_police_report(facts.police_report);
    incident.set_risk_level(facts.risk_level);
    incident.set_description("Synthetische casus voor de benchmark / synthetic bench case");
    for (const std::string& referral : facts.referrals) {
        intake.add_referrals(referral);
    }
    intake.set_summary("Synthetische casus " + std::to_string(index + 1));
    return intake;
}

Status create_synthetic_cases(std::vector<std::unique_ptr<Worker>>& workers, std::size_t count,
                              std::uint32_t seed, const fs::path& ids_file) {
    const std::vector<research::CaseFacts> facts = research::synthetic_cases(count, seed, 2023, 3);
    std::vector<std::string> ids(count);
    WEERBAAR_TRY(run_parallel(workers, count, [&](Worker& worker, std::size_t index) -> Status {
        const research::CaseFacts& fact = facts[index];
        WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                                  client::create_case(worker.session(), worker.directory(),
                                                      synthetic_intake(fact, index)));
        ids[index] = client::format_case_id(case_id);  // each index has one writer
        if (fact.status != "intake") {
            const std::optional<std::string> outcome =
                fact.status == "gesloten" ? std::optional<std::string>(fact.outcome) : std::nullopt;
            WEERBAAR_ASSIGN_OR_RETURN(const client::AppendedRecord changed,
                                      client::change_status(worker.session(), worker.directory(),
                                                            case_id, fact.status, outcome));
            if (changed.research_problem) {
                return *changed.research_problem;
            }
        }
        return ok_status();
    }));
    return write_ids(ids_file, ids);
}

// K notes in a chain on one case: read and verified once, then each note names
// the one before it as seen, sealed under the current epoch's key.
Status append_notes(Worker& worker, const std::string& case_hex, int records) {
    const client::Session& session = worker.session();
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id, client::parse_case_id(case_hex));
    WEERBAAR_ASSIGN_OR_RETURN(const client::OpenedCase opened,
                              client::open_case(session, worker.directory(), case_id));
    if (opened.must_rotate_before_writing() || opened.records.empty()) {
        // The seeder never rotates: the bench organisation revokes nobody.
        return Error(ErrorCode::failed_precondition,
                     "zaak " + case_hex + " wacht op een nieuwe sleutel / case " + case_hex +
                         " waits for a new key; the seeder does not rotate");
    }
    crypto::Bytes seen = opened.records.back().hash;
    std::uint64_t sequence = opened.records.back().sequence;
    for (int i = 1; i <= records; ++i) {
        v1::RecordContent content;
        content.mutable_note()->set_text("Benchmarknotitie " + std::to_string(i) + " / bench note");
        WEERBAAR_TRY(client::check_record_content(content));
        const std::string plaintext = content.SerializeAsString();
        crypto::RecordHeader header{
            case_id,        crypto::random_bytes(crypto::kRecordIdSize),    opened.epoch,
            session.user(), static_cast<std::uint64_t>(std::time(nullptr)), {seen}};
        WEERBAAR_ASSIGN_OR_RETURN(
            const crypto::SealedRecord sealed,
            crypto::SealedRecord::seal(std::move(header), crypto::as_bytes(plaintext),
                                       opened.current_key(), session.keys().identity.signing));
        const crypto::Bytes encoded = sealed.encode();
        v1::AppendRecordRequest request;
        request.set_case_id(case_id.data(), case_id.size());
        request.set_record(encoded.data(), encoded.size());
        v1::AppendRecordResponse response;
        // Sealed here, past the core's writer on purpose: the test-only access.
        WEERBAAR_TRY(client::check_rpc(client::testing::SessionTestAccess::append_record_unchecked(
                                           session, request, &response),
                                       "add a bench note"));
        // Nobody else writes to a seeded case: a gap means the chain is not the
        // history a reader will see.
        if (response.sequence() != ++sequence) {
            return Error(ErrorCode::integrity_failure,
                         "zaak " + case_hex + ": onverwacht volgnummer / case " + case_hex +
                             ": unexpected sequence " + std::to_string(response.sequence()));
        }
        seen = sealed.hash();
    }
    return ok_status();
}

Status time_list_rpc(const fs::path& profile_directory, int runs) {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer passphrase, passphrase_from_environment());
    WEERBAAR_ASSIGN_OR_RETURN(
        const client::Session session,
        client::Session::open(client::Profile(profile_directory), passphrase));
    for (int run = 0; run < runs; ++run) {
        v1::ListCasesResponse response;
        const auto started = Clock::now();
        WEERBAAR_TRY(client::check_rpc(
            client::testing::SessionTestAccess::list_cases_unchecked(session, &response),
            "list cases"));
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
        std::printf("list_cases_ms %.3f cases %d\n", ms, response.cases_size());
    }
    // The one-round-trip sync a list starts with, when nothing changed since the
    // last sync: first a full sync for the version, then the timed ones.
    WEERBAAR_ASSIGN_OR_RETURN(const client::CaseChanges all,
                              client::fetch_case_changes(session, 0));
    for (int run = 0; run < runs; ++run) {
        const auto started = Clock::now();
        WEERBAAR_ASSIGN_OR_RETURN(const client::CaseChanges none,
                                  client::fetch_case_changes(session, all.version));
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
        std::printf("sync_nochange_ms %.3f changed %zu of %zu\n", ms, none.changed.size(),
                    all.changed.size());
    }
    return ok_status();
}

struct ScratchDirectory {
    ScratchDirectory() {
        std::string pattern = (fs::temp_directory_path() / "weerbaar-seed-XXXXXX").string();
        if (mkdtemp(pattern.data()) != nullptr) {
            path = pattern;
        }
    }
    ~ScratchDirectory() {
        std::error_code ignored;
        if (!path.empty()) fs::remove_all(path, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;
    fs::path path;
};

}  // namespace
}  // namespace weerbaar::bench

int main(int argc, char** argv) {
    using namespace weerbaar;
    using namespace weerbaar::bench;
    client::silence_protobuf_logging();

    CLI::App app{"Seeds cases for the client benchmarks (docs/benchmarks.md)"};
    app.require_subcommand(1);
    std::string profile;
    std::string ids_file;
    std::string intake_file = WEERBAAR_EXAMPLE_INTAKE;
    std::size_t count = 0;
    int threads = 4;
    int records = 0;
    std::size_t from = 0;
    std::optional<std::size_t> cases;
    int runs = 5;

    auto* create = app.add_subcommand("create", "open N cases, each with the intake");
    create->add_option("--profile", profile, "the member's profile directory")->required();
    create->add_option("--count", count, "number of cases")
        ->required()
        ->check(CLI::Range(1, 1000000));
    create->add_option("--ids", ids_file, "file that receives the case ids")->required();
    create->add_option("--threads", threads, "threads, one session each")
        ->check(CLI::Range(1, kMaxThreads));
    create->add_option("--intake", intake_file, "intake JSON file");

    auto* append = app.add_subcommand("append", "add K notes to each of M cases of FILE");
    append->add_option("--profile", profile, "the member's profile directory")->required();
    append->add_option("--ids", ids_file, "file with case ids, one a line")->required();
    append->add_option("--records", records, "notes per case")
        ->required()
        ->check(CLI::Range(1, 100000));
    append->add_option("--from", from, "first line of FILE to use (0-based)");
    append->add_option("--cases", cases, "number of cases (default: to the end of FILE)");
    append->add_option("--threads", threads, "threads, one session each")
        ->check(CLI::Range(1, kMaxThreads));

    std::uint32_t seed = 1;
    auto* synthetic = app.add_subcommand(
        "synthetic", "open N cases of a synthetic organisation, each moved to its status");
    synthetic->add_option("--profile", profile, "the member's profile directory")->required();
    synthetic->add_option("--count", count, "number of cases")
        ->required()
        ->check(CLI::Range(1, 1000000));
    synthetic->add_option("--ids", ids_file, "file that receives the case ids")->required();
    synthetic->add_option("--seed", seed, "the generator's seed (same seed, same cases)");
    synthetic->add_option("--threads", threads, "threads, one session each")
        ->check(CLI::Range(1, kMaxThreads));

    auto* list_rpc = app.add_subcommand("list-rpc", "time one ListCases round trip, R times");
    list_rpc->add_option("--profile", profile, "the member's profile directory")->required();
    list_rpc->add_option("--runs", runs, "round trips")->check(CLI::Range(1, 1000));

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::ParseError& error) {
        return fail(client::one_line_message("ongeldige opdracht", error.what()));
    }
    if (!crypto::initialise().ok()) {
        return fail("libsodium kan niet starten / libsodium failed to initialise");
    }

    Status status = ok_status();
    if (*list_rpc) {
        status = time_list_rpc(profile, runs);
    } else {
        const ScratchDirectory scratch;
        if (scratch.path.empty()) {
            return fail("geen tijdelijke map / cannot make a scratch directory");
        }
        std::vector<std::string> ids;
        std::size_t work = count;
        if (*append) {
            auto read = read_ids(ids_file);
            if (!read.ok()) {
                return fail(client::one_line_message(read.error()));
            }
            ids = std::move(read).value();
            const std::size_t available = from < ids.size() ? ids.size() - from : 0;
            work = cases.value_or(available);
            if (work == 0 || work > available) {
                return fail("'" + ids_file + "' heeft " + std::to_string(ids.size()) +
                            " zaken, te weinig vanaf regel " + std::to_string(from) + " / '" +
                            ids_file + "' holds " + std::to_string(ids.size()) +
                            " cases, too few from line " + std::to_string(from));
            }
        }
        // No more threads than pieces of work: each one costs a login.
        threads = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(threads), work));
        auto workers = open_workers(profile, scratch.path, threads);
        if (!workers.ok()) {
            return fail(client::one_line_message(workers.error()));
        }
        const auto started = std::chrono::steady_clock::now();
        if (*create) {
            status = create_cases(workers.value(), intake_file, count, ids_file);
        } else if (*synthetic) {
            status = create_synthetic_cases(workers.value(), count, seed, ids_file);
        } else {
            status = run_parallel(workers.value(), work, [&](Worker& worker, std::size_t index) {
                return append_notes(worker, ids[from + index], records);
            });
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (status.ok()) {
            std::fprintf(stderr, "bench_seed_cases: %s %zu in %.1f s with %d threads\n",
                         *append ? "appended to cases" : "created cases", work, seconds, threads);
        }
    }
    if (!status.ok()) {
        return fail(client::one_line_message(status.error()));
    }
    return 0;
}
