// How hard a stranger must push to slow a member's login (issue 12): the member's
// login latency (GetChallenge + Login with the member's key, p50 and p99) with the
// server idle, then while a stranger floods it, paced at 100, 300 and 1000 rounds a
// second on one connection and then as fast as 1, 2, 4 and 8 connections go, with
// three kinds of request: GetChallenge under made-up names, Login
// with a made-up challenge, and Login with a real challenge and a forged signature
// (the server's most expensive refusal: a database read and a signature check).
// Every figure is set against the idle baseline of the same run. Client and server
// share the machine, so the flood's own CPU counts against the member too: the
// rates are what one machine's stranger reaches, not the server's ceiling.
//
// A measurement, not a test: hidden from the suite ([.]); `make bench-login` runs it.
// BENCH_LOGIN_SAMPLES sets the member's logins per level (default 40).

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "member_core.h"
#include "raw_login.h"
#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

using Clock = std::chrono::steady_clock;

struct Latency {
    double p50_ms = 0;
    double p99_ms = 0;
};

int samples_from_environment() {
    const char* text = std::getenv("BENCH_LOGIN_SAMPLES");
    const int samples = text != nullptr ? std::atoi(text) : 40;
    return samples > 0 ? samples : 40;
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(at, values.size() - 1)];
}

// `samples` logins in a row on a connection of the member's own.
Latency member_logins(const TestServer& server, const crypto::SigningKeyPair& key, int samples) {
    RawLogin member(server);
    REQUIRE(member.login("bram", key).ok());  // connected and warm
    std::vector<double> ms;
    for (int i = 0; i < samples; ++i) {
        const auto start = Clock::now();
        const grpc::Status status = member.login("bram", key);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        INFO(status.error_message());
        REQUIRE(status.ok());
    }
    return Latency{percentile(ms, 0.5), percentile(ms, 0.99)};
}

enum class Flood { challenges, made_up_logins, forged_logins };

const char* flood_name(Flood flood) {
    switch (flood) {
        case Flood::challenges:
            return "GetChallenge, made-up names";
        case Flood::made_up_logins:
            return "Login, made-up challenge";
        case Flood::forged_logins:
            return "GetChallenge + Login, forged signature";
    }
    return "";
}

// A flood level: `connections` sending as fast as they can, or paced at
// `rounds_per_second` per connection.
struct Level {
    int connections;
    int rounds_per_second;  // 0: unpaced
};
constexpr Level kLevels[] = {{1, 100}, {1, 300}, {1, 1000}, {1, 0}, {2, 0}, {4, 0}, {8, 0}};

// RPCs one round of `flood` sends.
int calls_per_round(Flood flood) { return flood == Flood::forged_logins ? 2 : 1; }

}  // namespace

TEST_CASE("a member's login while a stranger floods the server", "[.][bench-login]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}});
    MemberCore bram(team.cli(), "bram");
    const crypto::SigningKeyPair& key = bram.session().keys().identity.signing;
    const int samples = samples_from_environment();

    const Latency idle = member_logins(team.server(), key, samples);
    std::ostringstream table;
    table << std::fixed << std::setprecision(1);
    table << "member login, idle: p50 " << idle.p50_ms << " ms, p99 " << idle.p99_ms << " ms ("
          << samples << " logins)\n\n"
          << "| flood | connections | flood calls/s | member p50 ms | p50 x idle | member p99 ms "
             "| p99 x idle |\n|---|---|---|---|---|---|---|\n";
    std::ostringstream summary;
    summary << std::fixed << std::setprecision(0);

    for (const Flood flood : {Flood::challenges, Flood::made_up_logins, Flood::forged_logins}) {
        std::optional<double> doubling_rate;
        double last_below = 0;  // the highest rate measured before the doubling
        double highest_rate = 0;
        for (const Level& level : kLevels) {
            const int connections = level.connections;
            std::atomic<bool> stop{false};
            std::atomic<long> rounds{0};
            std::vector<std::thread> threads;
            for (int t = 0; t < connections; ++t) {
                threads.emplace_back([&, t] {
                    RawLogin stranger(team.server());
                    auto next = Clock::now();
                    for (long i = 0; !stop.load(); ++i) {
                        if (level.rounds_per_second > 0) {
                            next += std::chrono::microseconds(1000000 / level.rounds_per_second);
                            std::this_thread::sleep_until(next);
                        }
                        switch (flood) {
                            case Flood::challenges:
                                (void)stranger.challenge("made-up" + std::to_string(t) + "x" +
                                                         std::to_string(i % 1260));
                                break;
                            case Flood::made_up_logins:
                                (void)stranger.made_up_login("bram");
                                break;
                            case Flood::forged_logins:
                                (void)stranger.forged_login("bram");
                                break;
                        }
                        ++rounds;
                    }
                });
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the flood at speed
            const long rounds_before = rounds.load();
            const auto start = Clock::now();
            const Latency busy = member_logins(team.server(), key, samples);
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            const double rate =
                static_cast<double>((rounds.load() - rounds_before) * calls_per_round(flood)) /
                seconds;
            stop = true;
            for (std::thread& thread : threads) {
                thread.join();
            }
            const double p50_ratio = busy.p50_ms / idle.p50_ms;
            table << "| " << flood_name(flood) << " | " << connections
                  << (level.rounds_per_second > 0 ? " (paced)" : "") << " | "
                  << std::setprecision(0) << rate << std::setprecision(1) << " | " << busy.p50_ms
                  << " | " << std::setprecision(2) << p50_ratio << std::setprecision(1) << " | "
                  << busy.p99_ms << " | " << std::setprecision(2) << busy.p99_ms / idle.p99_ms
                  << std::setprecision(1) << " |\n";
            highest_rate = std::max(highest_rate, rate);
            if (!doubling_rate && p50_ratio >= 2.0) {
                doubling_rate = rate;
            } else if (!doubling_rate) {
                last_below = rate;
            }
        }
        summary << "- " << flood_name(flood) << ": ";
        if (doubling_rate) {
            summary << "the member's p50 doubled at about " << *doubling_rate << " calls/s";
            if (last_below > 0) {
                summary << " (not yet at " << last_below << " calls/s)";
            } else {
                summary << " (the lowest rate measured)";
            }
            summary << "\n";
        } else {
            summary << "the member's p50 did not double up to " << highest_rate
                    << " calls/s (the most this machine sent)\n";
        }
    }
    std::cout << "\n## Login under a stranger's flood\n\n"
              << table.str() << "\n"
              << summary.str() << std::endl;
    SUCCEED();
}

}  // namespace weerbaar::e2e
