// How many durable appends a second the real server takes (issue 13): a confidant
// keeps W appends of ~1 KiB records in flight (closed loop: each answer sends the
// next) for W = 1, 4, 16, 64 and 256, and the same closed loop of ListRevocations,
// the cheapest authenticated call, runs beside it at each W in the same run.
// Reported: appends/s (min / median / max of the repeats), the append latency p50
// and p99 of the median run, ListRevocations/s and the ratio of the two; and the
// server's own view (its logged call times, its CPU, the client's CPU).
//
// The records are sealed and signed by the member's key before each timed phase,
// never in it, each naming the intake of its case as seen; appends go to 64 cases in
// turn. The writers are slots of gRPC's callback API, not threads, spread over one
// TLS connection per 32 calls in flight (the server allows 64 per connection). Every
// call in a phase must succeed. Client and server share the machine: the client's
// CPU is given beside the figures.
//
// A measurement, not a test: hidden from the suite ([.]); `make bench-server` runs it.
// BENCH_SERVER_SECONDS: the timed window (default 5 s, after a 1 s warm-up);
// BENCH_SERVER_REPEATS: windows per W and call (default 3); BENCH_SERVER_WRITERS:
// the levels (default 1,4,16,64,256); BENCH_OUT: a file for the report.

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_report.h"
#include "member_core.h"
#include "raw_login.h"
#include "team_scenario.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/v1/cases.grpc.pb.h"
#include "weerbaar/v1/content.pb.h"
#include "weerbaar/v1/directory.grpc.pb.h"

namespace weerbaar::e2e {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kCases = 64;
constexpr std::size_t kPlaintextBytes = 1024;
constexpr std::size_t kCallsPerConnection = 32;  // the server allows 64 streams each
constexpr auto kWarmUp = std::chrono::seconds(1);
constexpr auto kCallDeadline = std::chrono::seconds(30);
// The rate the records for a W's first phase are sealed for: this at the first W,
// then the best rate so far times kNextLevelGrowth (W grows fourfold); later phases
// of a W, its best rate. kPoolMargin more than that is sealed (sealing is cheap:
// about 30,000 records/s), and a phase that runs out is measured again with more.
constexpr double kFirstRateGuess = 2000;
constexpr double kNextLevelGrowth = 4;
constexpr double kPoolMargin = 1.5;
constexpr int kAttempts = 3;

struct Settings {
    std::vector<std::size_t> writers;
    std::size_t seconds = 5;
    std::size_t repeats = 3;
    std::string out;
};

Settings settings_from_environment() {
    Settings settings;
    const auto seconds = bench::count_from_environment("BENCH_SERVER_SECONDS", 5);
    INFO((seconds.ok() ? std::string() : seconds.error().message()));
    REQUIRE(seconds.ok());
    settings.seconds = seconds.value();
    const auto repeats = bench::count_from_environment("BENCH_SERVER_REPEATS", 3);
    INFO((repeats.ok() ? std::string() : repeats.error().message()));
    REQUIRE(repeats.ok());
    settings.repeats = repeats.value();
    const char* levels = std::getenv("BENCH_SERVER_WRITERS");
    const auto writers =
        bench::parse_sizes(levels != nullptr && *levels != '\0' ? levels : "1,4,16,64,256");
    INFO((writers.ok() ? std::string() : writers.error().message()));
    REQUIRE(writers.ok());
    settings.writers = writers.value();
    if (const char* out = std::getenv("BENCH_OUT"); out != nullptr) {
        settings.out = out;
    }
    return settings;
}

std::int64_t microseconds(Clock::duration duration) {
    return std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
}

// Of sorted values, as the login benchmark takes it.
double percentile(const std::vector<std::int64_t>& sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    const auto at = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return static_cast<double>(sorted[std::min(at, sorted.size() - 1)]);
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

// One TCP connection of its own, TLS pinned to the server's certificate.
struct Connection {
    explicit Connection(const TestServer& server)
        : channel(pinned_channel(server)),
          cases(v1::CaseService::NewStub(channel)),
          directory(v1::DirectoryService::NewStub(channel)) {}

    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<v1::CaseService::Stub> cases;
    std::unique_ptr<v1::DirectoryService::Stub> directory;
};

// CPU seconds of the server process and of this one, and the size of the server's log.
struct Usage {
    double server_cpu = 0;
    double client_cpu = 0;
    std::uintmax_t log_bytes = 0;
};

double process_cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto after_name = stat.rfind(')');  // the name may hold spaces
    if (after_name == std::string::npos) {
        return 0;
    }
    std::istringstream fields(stat.substr(after_name + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int index = 3; fields >> field; ++index) {  // field 3 is the state
        if (index == 14) {
            utime = std::stod(field);
        } else if (index == 15) {
            stime = std::stod(field);
            break;
        }
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

Usage usage_now(const TestServer& server) {
    Usage usage;
    usage.server_cpu = process_cpu_seconds(server.pid());
    rusage self{};
    getrusage(RUSAGE_SELF, &self);
    usage.client_cpu = static_cast<double>(self.ru_utime.tv_sec + self.ru_stime.tv_sec) +
                       static_cast<double>(self.ru_utime.tv_usec + self.ru_stime.tv_usec) / 1e6;
    std::error_code error;
    usage.log_bytes = std::filesystem::file_size(server.output_path(), error);
    return usage;
}

enum class Rpc { append, list_revocations };

const char* method_name(Rpc rpc) { return rpc == Rpc::append ? "AppendRecord" : "ListRevocations"; }

// One timed phase of one kind of call.
struct Phase {
    std::size_t calls = 0;                 // succeeded within the window
    double seconds = 0;                    // the window
    std::vector<std::int64_t> latency_us;  // of those calls, sorted
    std::size_t failures = 0;              // in the whole phase, warm-up included
    std::string first_error;
    std::optional<double> ran_out_rate;  // the pool ended before the window: calls/s until then
    // The server's view of the window.
    double server_cpu = 0;  // seconds
    double client_cpu = 0;
    std::uintmax_t log_bytes = 0;

    [[nodiscard]] double rate() const {
        return seconds > 0 ? static_cast<double>(calls) / seconds : 0;
    }
};

// `in_flight` calls kept going on gRPC's callback API: each answer sends the slot's
// next call, until the window ends (or, for appends, the sealed records run out).
class ClosedLoop {
  public:
    ClosedLoop(std::vector<std::unique_ptr<Connection>>& connections, std::size_t in_flight,
               const std::string& token, Rpc rpc, std::vector<std::string> records,
               const std::vector<std::string>& case_ids)
        : slots_(in_flight),
          bearer_("Bearer " + token),
          rpc_(rpc),
          records_(std::move(records)),
          case_ids_(case_ids) {
        for (std::size_t i = 0; i < slots_.size(); ++i) {
            slots_[i].connection = connections.at(i / kCallsPerConnection).get();
        }
    }

    Phase run(const TestServer& server, Clock::duration window) {
        start_ = Clock::now();
        const Clock::time_point window_start = start_ + kWarmUp;
        end_ = window_start + window;
        for (Slot& slot : slots_) {
            if (!issue(slot)) {
                slot_done();
            }
        }
        std::this_thread::sleep_until(window_start);
        const Usage before = usage_now(server);
        std::this_thread::sleep_until(end_);
        const Usage after = usage_now(server);
        {
            std::unique_lock lock(mutex_);
            all_done_.wait(lock, [this] { return finished_ == slots_.size(); });
        }

        Phase phase;
        phase.failures = failures_.load();
        phase.first_error = first_error_;
        const std::int64_t from = microseconds(window_start - start_);
        const std::int64_t to = microseconds(end_ - start_);
        const std::int64_t ran_out = ran_out_us_.load();
        if (ran_out < to) {
            std::size_t done = 0;
            for (const Slot& slot : slots_) {
                done += slot.samples.size();
            }
            phase.ran_out_rate = static_cast<double>(done) * 1e6 /
                                 static_cast<double>(std::max<std::int64_t>(ran_out, 1));
            return phase;
        }
        for (const Slot& slot : slots_) {
            for (const Sample& sample : slot.samples) {
                if (sample.done_us >= from && sample.done_us < to) {
                    phase.latency_us.push_back(sample.latency_us);
                }
            }
        }
        std::sort(phase.latency_us.begin(), phase.latency_us.end());
        phase.calls = phase.latency_us.size();
        phase.seconds = static_cast<double>(to - from) / 1e6;
        phase.server_cpu = after.server_cpu - before.server_cpu;
        phase.client_cpu = after.client_cpu - before.client_cpu;
        phase.log_bytes = after.log_bytes - before.log_bytes;
        return phase;
    }

  private:
    struct Sample {
        std::int64_t done_us;  // since the phase started
        std::int64_t latency_us;
    };

    struct Slot {
        Connection* connection = nullptr;
        std::unique_ptr<grpc::ClientContext> context;
        v1::AppendRecordRequest append;
        v1::AppendRecordResponse appended;
        v1::ListRevocationsRequest list;
        v1::ListRevocationsResponse listed;
        Clock::time_point sent;
        std::vector<Sample> samples;  // touched only by the slot's own chain of calls
    };

    // Sends the slot's next call; false when no sealed record is left.
    bool issue(Slot& slot) {
        // A context per call (gRPC's rule). Replacing it inside the previous call's
        // callback is safe: gRPC holds its own reference to the finished call.
        slot.context = std::make_unique<grpc::ClientContext>();
        slot.context->set_deadline(std::chrono::system_clock::now() + kCallDeadline);
        slot.context->AddMetadata("authorization", bearer_);
        auto answered = [this, &slot](const grpc::Status& status) { completed(slot, status); };
        if (rpc_ == Rpc::append) {
            const std::size_t next = next_record_.fetch_add(1);
            if (next >= records_.size()) {
                std::int64_t never = kNever;
                ran_out_us_.compare_exchange_strong(never, microseconds(Clock::now() - start_));
                return false;
            }
            slot.append.set_case_id(case_ids_[next % case_ids_.size()]);
            slot.append.set_record(std::move(records_[next]));
            slot.sent = Clock::now();
            slot.connection->cases->async()->AppendRecord(slot.context.get(), &slot.append,
                                                          &slot.appended, std::move(answered));
        } else {
            slot.sent = Clock::now();
            slot.connection->directory->async()->ListRevocations(slot.context.get(), &slot.list,
                                                                 &slot.listed, std::move(answered));
        }
        return true;
    }

    // On one of gRPC's threads.
    void completed(Slot& slot, const grpc::Status& status) {
        const Clock::time_point now = Clock::now();
        if (status.ok()) {
            slot.samples.push_back({microseconds(now - start_), microseconds(now - slot.sent)});
        } else if (failures_.fetch_add(1) == 0) {
            std::lock_guard lock(mutex_);
            first_error_ = "status " + std::to_string(static_cast<int>(status.error_code())) +
                           ": " + status.error_message();
        }
        if (now < end_ && issue(slot)) {
            return;
        }
        slot_done();
    }

    void slot_done() {
        std::lock_guard lock(mutex_);
        if (++finished_ == slots_.size()) {
            all_done_.notify_all();
        }
    }

    static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

    std::vector<Slot> slots_;
    const std::string bearer_;
    const Rpc rpc_;
    std::vector<std::string> records_;  // each moved out once, by the call that sends it
    const std::vector<std::string>& case_ids_;
    Clock::time_point start_;
    Clock::time_point end_;
    std::atomic<std::size_t> next_record_{0};
    std::atomic<std::int64_t> ran_out_us_{kNever};
    std::atomic<std::size_t> failures_{0};
    std::mutex mutex_;
    std::condition_variable all_done_;
    std::size_t finished_ = 0;
    std::string first_error_;
};

// The cases appended to, each read once: what every sealed record names as seen.
struct LoadCases {
    std::vector<client::OpenedCase> opened;
    std::vector<std::string> ids;  // as the request carries them
};

LoadCases open_cases(MemberCore& member) {
    const auto intake = client::read_intake_file(
        WEERBAAR_EXAMPLE_INTAKE, std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(
                                     std::chrono::system_clock::now())));
    INFO((intake.ok() ? std::string() : intake.error().message()));
    REQUIRE(intake.ok());
    LoadCases cases;
    for (std::size_t i = 0; i < kCases; ++i) {
        const auto created =
            client::create_case(member.session(), member.directory(), intake.value());
        INFO((created.ok() ? std::string() : created.error().message()));
        REQUIRE(created.ok());
        auto opened = member.open(created.value());
        INFO((opened.ok() ? std::string() : opened.error().message()));
        REQUIRE(opened.ok());
        cases.ids.emplace_back(created.value().begin(), created.value().end());
        cases.opened.push_back(std::move(opened).value());
    }
    return cases;
}

// A note of ~1 KiB, as the client would seal it: kPlaintextBytes serialised.
crypto::Bytes note_plaintext() {
    v1::RecordContent content;
    std::string text;
    while (text.size() < kPlaintextBytes) {
        text += "Contactmoment met de melder, afspraken gemaakt over het vervolg. ";
    }
    text.resize(kPlaintextBytes - 6);  // tags and lengths: 6 bytes
    content.mutable_note()->set_text(text);
    const std::string serialised = content.SerializeAsString();
    REQUIRE(serialised.size() == kPlaintextBytes);
    return crypto::Bytes(serialised.begin(), serialised.end());
}

// `count` records, record i for case i % kCases, sealed now.
std::vector<std::string> seal_records(const MemberCore& member, const LoadCases& cases,
                                      const crypto::Bytes& plaintext, std::size_t count) {
    std::vector<std::string> records;
    records.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const crypto::Bytes sealed =
            member.seal_raw(cases.opened[i % cases.opened.size()], plaintext);
        records.emplace_back(sealed.begin(), sealed.end());
    }
    return records;
}

void require_no_failures(const Phase& phase, Rpc rpc, std::size_t writers) {
    INFO(method_name(rpc) << " with " << writers << " in flight: " << phase.failures
                          << " calls failed; the first: " << phase.first_error);
    REQUIRE(phase.failures == 0);
}

// Every phase of one W.
struct Level {
    std::size_t writers = 0;
    std::size_t connections = 0;
    std::vector<Phase> appends;
    std::vector<Phase> lists;
    std::size_t retries = 0;  // append phases measured again after the records ran out

    [[nodiscard]] const Phase& median_append() const {
        std::vector<const Phase*> sorted;
        for (const Phase& phase : appends) {
            sorted.push_back(&phase);
        }
        std::sort(sorted.begin(), sorted.end(),
                  [](const Phase* a, const Phase* b) { return a->rate() < b->rate(); });
        return *sorted[sorted.size() / 2];
    }
    [[nodiscard]] bench::Summary append_rates() const { return rates(appends); }
    [[nodiscard]] bench::Summary list_rates() const { return rates(lists); }

  private:
    static bench::Summary rates(const std::vector<Phase>& phases) {
        std::vector<double> values;
        for (const Phase& phase : phases) {
            values.push_back(phase.rate());
        }
        return bench::summarise(values).value();
    }
};

std::string per_second(double rate) {
    return bench::with_thousands(static_cast<std::size_t>(std::llround(rate)));
}

std::string milliseconds_text(double us) { return fixed(us / 1000.0, 3); }

std::string report(const Settings& settings, const std::vector<Level>& levels,
                   const std::string& load_before, const std::string& load_after) {
    std::ostringstream out;
    const std::time_t now = std::time(nullptr);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    utsname machine{};
    uname(&machine);
    out << "## Server throughput: appends under load\n\n"
        << "- measured " << date << " on " << machine.sysname << " " << machine.release << " "
        << machine.machine << ", " << std::thread::hardware_concurrency()
        << " processors; client and server on the same machine\n"
        << "- load average (1, 5, 15 min) before: " << load_before << "; after: " << load_after
        << "\n"
        << "- " << kPlaintextBytes << " B of plaintext a record, sealed and signed before each "
        << "phase; appends go to " << kCases << " cases in turn\n"
        << "- closed loop of W calls in flight, one TLS connection per " << kCallsPerConnection
        << " calls; " << settings.repeats << " windows of " << settings.seconds
        << " s per W and call, each after a " << std::chrono::seconds(kWarmUp).count()
        << " s warm-up, appends and ListRevocations in turn\n\n"
        << "| writers | appends/s (min / median / max) | append p50 ms | append p99 ms | "
           "ListRevocations/s (median) | ratio |\n"
        << "|---|---|---|---|---|---|\n";
    for (const Level& level : levels) {
        const bench::Summary appends = level.append_rates();
        const bench::Summary lists = level.list_rates();
        const Phase& median = level.median_append();
        out << "| " << level.writers << " | " << per_second(appends.min) << " / "
            << per_second(appends.median) << " / " << per_second(appends.max) << " | "
            << milliseconds_text(percentile(median.latency_us, 0.5)) << " | "
            << milliseconds_text(percentile(median.latency_us, 0.99)) << " | "
            << per_second(lists.median) << " | " << fixed(appends.median / lists.median, 2)
            << " |\n";
    }

    out << "\nThe server's view of the median append run (CPU from /proc, one core = 100 %; "
           "log bytes written in the window), and the median ListRevocations run's server CPU "
           "per call:\n\n"
        << "| writers | connections | server CPU | client CPU | server CPU us/append "
           "| server CPU us/ListRevocations | log bytes/append |\n"
        << "|---|---|---|---|---|---|---|\n";
    for (const Level& level : levels) {
        const Phase& median = level.median_append();
        std::vector<const Phase*> lists;
        for (const Phase& phase : level.lists) {
            lists.push_back(&phase);
        }
        std::sort(lists.begin(), lists.end(),
                  [](const Phase* a, const Phase* b) { return a->rate() < b->rate(); });
        const Phase& list = *lists[lists.size() / 2];
        const auto share = [&](double cpu) {
            return fixed(100.0 * cpu / median.seconds, 0) + " %";
        };
        const auto per_call = [](double cpu, std::size_t calls) {
            return calls > 0 ? fixed(cpu * 1e6 / static_cast<double>(calls), 0) : "n/a";
        };
        out << "| " << level.writers << " | " << level.connections << " | "
            << share(median.server_cpu) << " | " << share(median.client_cpu) << " | "
            << per_call(median.server_cpu, median.calls) << " | "
            << per_call(list.server_cpu, list.calls) << " | "
            << (median.calls > 0 ? fixed(static_cast<double>(median.log_bytes) /
                                             static_cast<double>(median.calls),
                                         0)
                                 : "n/a")
            << " |\n";
    }

    // The goals of issue 13, as measured here.
    const Level* best = nullptr;
    const Level* at_64 = nullptr;
    for (const Level& level : levels) {
        if (best == nullptr || level.append_rates().median > best->append_rates().median) {
            best = &level;
        }
        if (level.writers == 64) {
            at_64 = &level;
        }
    }
    out << "\nGoals (issue 13):\n";
    if (best != nullptr) {
        const double rate = best->append_rates().median;
        const double ratio = rate / best->list_rates().median;
        out << "- at least 10,000 durable appends/s: best median " << per_second(rate) << " at "
            << best->writers << " writers: " << (rate >= 10000 ? "met" : "not met") << "\n"
            << "- at least 0.5x ListRevocations in the same run: " << fixed(ratio, 2) << "x at "
            << best->writers << " writers: " << (ratio >= 0.5 ? "met" : "not met") << "\n";
    }
    if (at_64 != nullptr) {
        const double p99 = percentile(at_64->median_append().latency_us, 0.99) / 1000.0;
        out << "- append p99 under 20 ms at 64 writers: " << fixed(p99, 3)
            << " ms: " << (p99 < 20 ? "met" : "not met") << "\n";
    } else {
        out << "- append p99 under 20 ms at 64 writers: not measured (64 not among the levels)\n";
    }
    bool retried = false;
    for (const Level& level : levels) {
        if (level.retries > 0) {
            if (!retried) {
                out << "\nAppend phases measured again because the sealed records ran out:";
            }
            out << " " << level.writers << " writers: " << level.retries << ";";
            retried = true;
        }
    }
    if (retried) {
        out << "\n";
    }
    return out.str();
}

}  // namespace

TEST_CASE("appends per second under load, against ListRevocations", "[.][bench-server]") {
    REQUIRE(crypto::initialise().ok());
    const Settings settings = settings_from_environment();
    const std::string load_before = load_average();
    TeamScenario team({{"bob", "confidant"}});
    MemberCore bob(team.cli(), "bob");
    const crypto::SigningKeyPair& key = bob.session().keys().identity.signing;
    const LoadCases cases = open_cases(bob);
    const crypto::Bytes plaintext = note_plaintext();
    const auto window = std::chrono::seconds(settings.seconds);
    const double phase_seconds =
        static_cast<double>(settings.seconds + std::chrono::seconds(kWarmUp).count());

    std::vector<Level> levels;
    double best_rate = 0;  // appends/s, over the levels so far
    for (const std::size_t writers : settings.writers) {
        Level level;
        level.writers = writers;
        level.connections = (writers + kCallsPerConnection - 1) / kCallsPerConnection;
        std::vector<std::unique_ptr<Connection>> connections;
        for (std::size_t i = 0; i < level.connections; ++i) {
            connections.push_back(std::make_unique<Connection>(team.server()));
            REQUIRE(connections.back()->channel->WaitForConnected(std::chrono::system_clock::now() +
                                                                  std::chrono::seconds(10)));
        }
        // A fresh session for each level, so that no run outlives its token (15 min).
        std::string token;
        REQUIRE(RawLogin(team.server()).login("bob", key, &token).ok());

        double rate_guess = best_rate > 0 ? kNextLevelGrowth * best_rate : kFirstRateGuess;
        double level_best = 0;
        for (std::size_t repeat = 0; repeat < settings.repeats; ++repeat) {
            std::size_t sealed = 0;
            double sealing_seconds = 0;
            for (int attempt = 1;; ++attempt) {
                const auto count =
                    static_cast<std::size_t>(rate_guess * phase_seconds * kPoolMargin) + writers;
                const auto sealing_started = Clock::now();
                std::vector<std::string> records = seal_records(bob, cases, plaintext, count);
                sealing_seconds =
                    std::chrono::duration<double>(Clock::now() - sealing_started).count();
                sealed = count;
                ClosedLoop loop(connections, writers, token, Rpc::append, std::move(records),
                                cases.ids);
                Phase phase = loop.run(team.server(), window);
                require_no_failures(phase, Rpc::append, writers);
                if (phase.ran_out_rate) {
                    INFO(writers << " writers: the " << count << " sealed records ran out "
                                 << kAttempts << " times");
                    REQUIRE(attempt < kAttempts);
                    rate_guess = std::max(rate_guess, *phase.ran_out_rate) * 1.5;
                    ++level.retries;
                    continue;
                }
                level_best = std::max(level_best, phase.rate());
                rate_guess = level_best;
                level.appends.push_back(std::move(phase));
                break;
            }
            ClosedLoop loop(connections, writers, token, Rpc::list_revocations, {}, cases.ids);
            Phase phase = loop.run(team.server(), window);
            require_no_failures(phase, Rpc::list_revocations, writers);
            std::cout << writers << " writers, window " << repeat + 1 << ": "
                      << per_second(level.appends.back().rate()) << " appends/s, "
                      << per_second(phase.rate()) << " ListRevocations/s (" << sealed
                      << " records sealed beforehand in " << fixed(sealing_seconds, 1) << " s)"
                      << std::endl;
            level.lists.push_back(std::move(phase));
        }
        best_rate = std::max(best_rate, level.append_rates().max);
        levels.push_back(std::move(level));
    }

    std::string text = report(settings, levels, load_before, load_average());
    // The server's own account of the whole run, which its shutdown logs: the
    // group-commit writer's busy share says whether it was the bottleneck.
    REQUIRE(team.server().stop() == 0);
    std::istringstream log(team.server().output());
    std::string server_view;
    for (std::string line; std::getline(log, line);) {
        if (line.find("] writer: ") != std::string::npos) {
            server_view = line.substr(line.find("writer: "));
        }
    }
    text += "\nThe server's writer since its last minute's summary (its shutdown's log line): " +
            (server_view.empty() ? std::string("not logged") : server_view) + "\n";
    std::cout << "\n" << text << std::endl;
    if (!settings.out.empty()) {
        REQUIRE(bench::write_report(settings.out, text).ok());
    }
}

}  // namespace weerbaar::e2e
