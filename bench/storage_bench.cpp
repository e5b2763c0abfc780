// The server's append workload on the storage alone (make bench-server, second
// part; docs/benchmarks.md, "Server throughput"): CaseRegistry::append_record, the
// server's own code, over the group-commit writer and the read connections, with
// no gRPC and no TLS. It answers two questions of issue 13:
//
//  - what SQLCipher costs on the append, next to plain SQLite with the same
//    schema, code and settings (the goal: at most 1.3x);
//  - which SQLite settings (page size, page cache, WAL checkpoint interval) the
//    server should use, each variant measured against the default in the same run.
//
// The figure that compares storage is the writer thread's busy time per append
// (GroupCommitWriter::busy(): running the writes, committing, fsync): what the
// storage costs, without the signature check that admit_record does on the calling
// thread. Appends per second are given too, for scale; they include that check.
// Each variant runs `--repeats` times on a new database; min / median / max.

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "audit_trail.h"
#include "bench_report.h"
#include "case_registry.h"
#include "group_commit_writer.h"
#include "sqlcipher_storage.h"
#include "storage_connections.h"
#include "storage_reader.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/sqlite/sqlcipher_database.h"
#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar::bench {
namespace {

using server::StorageSettings;

struct Variant {
    std::string name;
    StorageSettings settings;
    // With the triggers that kept member_usage from schema 11 to 12 (the storage
    // quota) put back beside the storage code that keeps it since 13: what those
    // triggers cost on each append, against the server's settings in the same run.
    bool with_usage_triggers = false;
};

struct Run {
    double appends_per_second = 0;
    double writer_us_per_append = 0;
    double writes_per_commit = 0;
    double p99_ms = 0;                // an append's time from submit to acknowledgement
    double wal_pages_per_append = 0;  // pages written to the WAL: each one encrypted and MACed
};

struct Options {
    std::size_t appends = 20000;
    std::size_t in_flight = 64;
    std::size_t cases = 64;
    std::size_t record_bytes = 1024;
    std::size_t repeats = 3;
    std::filesystem::path dir;
    std::string out;
    std::vector<std::string> only;  // variant names; empty: all
};

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

[[noreturn]] void fail(const std::string& what) {
    std::cerr << "bench_storage: " << what << "\n";
    std::exit(1);
}

template <typename T>
T must(Result<T> result, const char* what) {
    if (!result.ok()) {
        fail(std::string(what) + ": " + result.error().message());
    }
    return std::move(result).value();
}

// Makes the database (every migration), then puts back schema 11's triggers on
// records (migration 13 dropped them); they count into a table of their own, so
// they do the same work as they did without touching member_usage.
void add_usage_triggers(const std::filesystem::path& file, const crypto::SecretBuffer& key,
                        const StorageSettings& settings) {
    must(server::SqlcipherStorage::open(file, key, settings), "make the database");
    SqlcipherOpenOptions options;
    options.page_size = settings.page_size;
    const SqliteConnection db = must(open_sqlcipher_database(file, key, options), "reopen it");
    const char* sql = R"sql(
CREATE TABLE trigger_usage (user TEXT PRIMARY KEY, stored_bytes INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER trigger_usage_record_added AFTER INSERT ON records BEGIN
    INSERT OR IGNORE INTO trigger_usage (user, stored_bytes) VALUES (NEW.author, 0);
    UPDATE trigger_usage SET stored_bytes = stored_bytes + length(NEW.blob)
        WHERE user = NEW.author;
END;
CREATE TRIGGER trigger_usage_record_deleted AFTER DELETE ON records BEGIN
    UPDATE trigger_usage SET stored_bytes = stored_bytes - length(OLD.blob)
        WHERE user = OLD.author;
END;
)sql";
    if (const Status made = sqlite_execute(db.get(), sql); !made.ok()) {
        fail("add the triggers: " + made.error().message());
    }
}

// One database, set up as a server's with one confidant and `cases` cases, then
// `appends` records appended through CaseRegistry with `in_flight` outstanding.
Run run_once(const Variant& variant, const Options& options, std::size_t round) {
    const auto dir = options.dir / (variant.name + "-" + std::to_string(round));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto file = dir / "weerbaar.db";
    const auto key = crypto::SecretBuffer::random(server::kDatabaseKeySize);
    if (variant.with_usage_triggers) {
        add_usage_triggers(file, key, variant.settings);
    }

    auto connections =
        must(server::open_storage_connections(file, key, variant.settings), "open the database");
    // Counts the pages each commit adds to the WAL (the WAL's length after it, less
    // the length before; a checkpoint's reset starts it from 0), then tells the
    // checkpointer as the server's hook does. A hook of one's own replaces SQLite's
    // automatic checkpoint (sqlite3_wal_hook), so without a checkpointer the hook
    // does what SQLite's default one does: a PASSIVE checkpoint in the committing
    // connection once the WAL holds 1,000 pages (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT).
    std::atomic<std::uint64_t> wal_pages{0};
    {
        constexpr int kSqliteAutocheckpointPages = 1000;
        auto previous = std::make_shared<int>(0);
        connections.writer->on_commit([&wal_pages, previous,
                                       checkpointer = connections.checkpointer.get(),
                                       storage = connections.writer.get()](int pages) {
            wal_pages += static_cast<std::uint64_t>(pages >= *previous ? pages - *previous : pages);
            *previous = pages;
            if (checkpointer != nullptr) {
                checkpointer->committed(pages);
            } else if (pages >= kSqliteAutocheckpointPages) {
                (void)storage->checkpoint_wal();
            }
        });
    }
    server::GroupCommitWriter writer(std::move(connections.writer));
    server::StorageReader reader(std::move(connections.readers));
    server::AuditTrail audit(reader, writer, crypto::SigningKeyPair::generate());
    server::CaseRegistry registry(reader, writer, audit);

    // The organisation and its confidant, as the directory would have stored them.
    const auto root = crypto::SigningKeyPair::generate();
    const auto confidant = crypto::Identity::generate();
    const auto certificate =
        must(crypto::Certificate::issue(
                 crypto::CertificateBody{
                     "bob", crypto::Role::confidant, confidant.signing.public_key(),
                     confidant.encryption.public_key(), static_cast<std::uint64_t>(unix_now()),
                     std::string(crypto::kRootIssuer), root.public_key()},
                 root),
             "issue a certificate");
    const server::Caller bob{"bob", crypto::Role::confidant, confidant.signing.public_key(),
                             confidant.encryption.public_key()};
    const auto case_key = crypto::CaseKey::generate();

    // The cases, each with a first record the appends name as seen.
    std::vector<crypto::Bytes> case_ids;
    std::vector<crypto::Bytes> first_hashes;
    const auto seal = [&](const crypto::Bytes& case_id, std::vector<crypto::Bytes> seen) {
        crypto::RecordHeader header;
        header.case_id = case_id;
        header.record_id = crypto::random_bytes(crypto::kRecordIdSize);
        header.epoch = 1;
        header.author = "bob";
        header.created = static_cast<std::uint64_t>(unix_now());
        header.seen_hashes = std::move(seen);
        const std::string text(options.record_bytes, 'x');
        return must(
            crypto::SealedRecord::seal(header, crypto::as_bytes(text), case_key, confidant.signing),
            "seal a record");
    };
    must(server::submit_and_wait(
             writer,
             [&](server::Storage& storage) -> Result<std::uint64_t> {
                 WEERBAAR_TRY(storage.insert_organisation(root.public_key(), unix_now()));
                 WEERBAAR_TRY(storage.insert_member(server::MemberRow{
                     "bob", "confidant", certificate.encode(), true, unix_now(), {}, {}}));
                 case_ids.clear();
                 first_hashes.clear();
                 for (std::size_t i = 0; i < options.cases; ++i) {
                     crypto::Bytes id = crypto::random_bytes(crypto::kCaseIdSize);
                     const auto first = seal(id, {});
                     WEERBAAR_TRY(storage.insert_case(
                         server::CaseRow{id, 1, unix_now(), unix_now(), "bob", 0, false}));
                     WEERBAAR_TRY(storage.insert_case_member(
                         id, server::CaseMemberRow{"bob", 1, crypto::Bytes{1}}));
                     WEERBAAR_ASSIGN_OR_RETURN(
                         const std::uint64_t sequence,
                         storage.append_record(id, first.header().record_id, 1, "bob",
                                               first.encode(), unix_now()));
                     (void)sequence;
                     first_hashes.push_back(crypto::record_hash(first.encode()));
                     case_ids.push_back(std::move(id));
                 }
                 return std::uint64_t{0};
             }),
         "set up the organisation");

    // Sealed before the clock starts: the client's work, not the server's.
    std::vector<crypto::Bytes> records;
    records.reserve(options.appends);
    for (std::size_t i = 0; i < options.appends; ++i) {
        const std::size_t c = i % case_ids.size();
        records.push_back(seal(case_ids[c], {first_hashes[c]}).encode());
    }

    std::mutex mutex;
    std::condition_variable changed;
    std::size_t outstanding = 0;
    std::size_t finished = 0;
    std::atomic<std::size_t> failed{0};
    std::string first_error;
    const auto busy_before = writer.busy();
    const std::uint64_t wal_pages_before = wal_pages.load();
    const auto commits_before = writer.commits();
    std::vector<double> latency_ms;
    latency_ms.reserve(options.appends);
    const auto started = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < options.appends; ++i) {
        const auto submitted = std::chrono::steady_clock::now();
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return outstanding < options.in_flight; });
            ++outstanding;
        }
        registry.append_record(
            bob, case_ids[i % case_ids.size()], records[i], {},
            [&, submitted](Result<server::AppendedRecord> appended) {
                const auto done = std::chrono::steady_clock::now();
                std::lock_guard lock(mutex);
                latency_ms.push_back(
                    std::chrono::duration<double, std::milli>(done - submitted).count());
                if (!appended.ok() && failed++ == 0) {
                    first_error = appended.error().message();
                }
                --outstanding;
                ++finished;
                changed.notify_all();
            });
    }
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return finished == options.appends; });
    }
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    if (failed.load() > 0) {
        fail(variant.name + ": " + std::to_string(failed.load()) +
             " appends failed; the first: " + first_error);
    }
    const auto busy = std::chrono::duration<double, std::micro>(writer.busy() - busy_before);
    const auto commits = writer.commits() - commits_before;
    const std::uint64_t pages_written = wal_pages.load() - wal_pages_before;
    writer.stop();
    if (connections.checkpointer) {
        connections.checkpointer->stop();
    }
    Run run;
    run.appends_per_second = static_cast<double>(options.appends) / elapsed.count();
    std::sort(latency_ms.begin(), latency_ms.end());
    run.p99_ms = latency_ms[latency_ms.size() * 99 / 100];
    run.writer_us_per_append = busy.count() / static_cast<double>(options.appends);
    run.wal_pages_per_append =
        static_cast<double>(pages_written) / static_cast<double>(options.appends);
    run.writes_per_commit = static_cast<double>(options.appends) /
                            static_cast<double>(std::max<std::uint64_t>(commits, 1));
    std::filesystem::remove_all(dir);
    return run;
}

std::string fixed(double value, int decimals) {
    std::ostringstream text;
    text.setf(std::ios::fixed);
    text.precision(decimals);
    text << value;
    return text.str();
}

std::string spread(const Summary& summary, int decimals) {
    return fixed(summary.min, decimals) + " / " + fixed(summary.median, decimals) + " / " +
           fixed(summary.max, decimals);
}

}  // namespace
}  // namespace weerbaar::bench

int main(int argc, char** argv) {
    using namespace weerbaar;
    using namespace weerbaar::bench;
    // The migrations' info lines would come between the table's rows.
    spdlog::set_level(spdlog::level::warn);
    Options options;
    options.dir = std::filesystem::temp_directory_path() / "weerbaar-bench-storage";
    std::string dir;
    CLI::App app{
        "The server's append workload on the storage alone: SQLCipher next to plain "
        "SQLite, and the SQLite settings."};
    app.add_option("--appends", options.appends, "appends per run")->check(CLI::PositiveNumber);
    app.add_option("--in-flight", options.in_flight, "appends outstanding at once")
        ->check(CLI::PositiveNumber);
    app.add_option("--cases", options.cases, "cases the appends go round")
        ->check(CLI::PositiveNumber);
    app.add_option("--record-bytes", options.record_bytes, "plaintext bytes per record")
        ->check(CLI::PositiveNumber);
    app.add_option("--repeats", options.repeats, "runs per variant")->check(CLI::PositiveNumber);
    app.add_option("--dir", dir, "where the databases are made (a disk, not tmpfs)");
    app.add_option("--out", options.out, "also write the table to this file");
    app.add_option("--only", options.only, "run only these variants (e.g. sqlcipher,sqlite-plain)")
        ->delimiter(',');
    CLI11_PARSE(app, argc, argv);
    if (!dir.empty()) {
        options.dir = dir;
    }
    if (!crypto::initialise().ok()) {
        fail("libsodium does not initialise");
    }

    const server::StorageSettings chosen;  // the server's settings
    std::vector<Variant> variants;
    variants.push_back({"sqlcipher", chosen});
    auto plain = chosen;
    plain.unencrypted_for_measurement = true;
    variants.push_back({"sqlite-plain", plain});
    variants.push_back({"sqlcipher-usage-triggers", chosen, true});
    for (const int page_size : {1024, 8192}) {
        auto variant = chosen;
        variant.page_size = page_size;
        variants.push_back({"sqlcipher-page-" + std::to_string(page_size), variant});
    }
    for (const int cache_kib : {500, 8000, 32000}) {
        if (cache_kib == chosen.cache_size_kib) {
            continue;
        }
        auto variant = chosen;
        variant.cache_size_kib = cache_kib;
        variants.push_back({"sqlcipher-cache-" + std::to_string(cache_kib) + "k", variant});
    }
    for (const int pages : {0, 250, 4000, 16000}) {
        if (pages == chosen.checkpoint_pages) {
            continue;
        }
        auto variant = chosen;
        variant.checkpoint_pages = pages;
        // 0: SQLite's automatic checkpoint in the committing writer, as before issue 13.
        variants.push_back({pages == 0 ? std::string("sqlcipher-autocheckpoint")
                                       : "sqlcipher-checkpoint-" + std::to_string(pages),
                            variant});
    }

    std::ostringstream table;
    table << "Storage alone: " << with_thousands(options.appends) << " appends of "
          << options.record_bytes << "-byte records over " << options.cases << " cases, "
          << options.in_flight << " in flight, " << options.repeats
          << " runs per variant (min / median / max). Server settings: page " << chosen.page_size
          << " B, cache " << chosen.cache_size_kib << " KiB, WAL checkpointed on its own thread at "
          << chosen.checkpoint_pages << " pages.\n\n";
    table
        << "| variant | writer us per append | vs sqlcipher | appends/s | writes per commit | WAL "
           "pages per append | append p99 ms |\n";
    table << "|---|---|---|---|---|---|---|\n";
    std::cout << table.str() << std::flush;
    double baseline = 0;
    double plain_median = 0;
    for (const auto& variant : variants) {
        if (!options.only.empty() && std::find(options.only.begin(), options.only.end(),
                                               variant.name) == options.only.end()) {
            continue;
        }
        std::vector<double> writer_us;
        std::vector<double> rates;
        std::vector<double> batch;
        std::vector<double> pages;
        std::vector<double> p99;
        for (std::size_t round = 0; round < options.repeats; ++round) {
            const Run run = run_once(variant, options, round);
            writer_us.push_back(run.writer_us_per_append);
            rates.push_back(run.appends_per_second);
            batch.push_back(run.writes_per_commit);
            pages.push_back(run.wal_pages_per_append);
            p99.push_back(run.p99_ms);
        }
        const auto us = *summarise(writer_us);
        if (baseline == 0) {
            baseline = us.median;
        }
        if (variant.settings.unencrypted_for_measurement) {
            plain_median = us.median;
        }
        std::ostringstream row;
        row << "| " << variant.name << " | " << spread(us, 1) << " | "
            << fixed(us.median / baseline, 2) << "x | " << spread(*summarise(rates), 0) << " | "
            << fixed(summarise(batch)->median, 1) << " | " << fixed(summarise(pages)->median, 2)
            << " | " << spread(*summarise(p99), 1) << " |\n";
        table << row.str();
        std::cout << row.str() << std::flush;
    }
    if (plain_median > 0) {
        const std::string line = "\nSQLCipher / plain SQLite, writer time per append (medians): " +
                                 fixed(baseline / plain_median, 2) + "x (goal: at most 1.30x)\n";
        table << line;
        std::cout << line;
    }
    std::cout << "\n";
    if (!options.out.empty()) {
        std::filesystem::create_directories(std::filesystem::path(options.out).parent_path());
        std::ofstream(options.out) << table.str();
    }
    return 0;
}
