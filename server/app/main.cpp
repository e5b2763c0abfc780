// weerbaar-server: the case store. See docs/server.md.

#include <absl/synchronization/mutex.h>
#include <google/protobuf/stubs/logging.h>
#include <pthread.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "backup_commands.h"
#include "privacy_budget.h"
#include "server_config.h"
#include "server_instance.h"
#include "server_status.h"
#include "systemd_notify.h"
#include "weerbaar/durable_file.h"

namespace {

constexpr int kExitStartFailed = 1;
constexpr int kExitUsage = 2;

// Every connection holds a descriptor; the usual soft limit of 1024 would be
// reached long before memory or CPU run out. Raise it to the hard limit.
void raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        (void)::setrlimit(RLIMIT_NOFILE, &limit);
    }
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        spdlog::info("open-file limit {}", static_cast<unsigned long long>(limit.rlim_cur));
    }
}

// protobuf writes "[libprotobuf ERROR ...]" lines, with field names and parts of
// what a stranger sent, to stderr when a message does not parse. One quiet,
// structured line instead, without the text.
void protobuf_log_line(google::protobuf::LogLevel level, const char* /*file*/, int /*line*/,
                       const std::string& /*message*/) {
    if (level >= google::protobuf::LOGLEVEL_ERROR) {
        spdlog::debug("event=protobuf_error");
    }
}

// `weerbaar-server status`: what the server last wrote to DIR/status, whether it
// still runs, and the directory's sizes (server_status.h).
int print_status(const weerbaar::server::DataDirectory& directory) {
    constexpr int kExitNotRunning = 3;  // as systemctl and LSB init scripts say it
    auto text = weerbaar::durable_file::read_whole_file(weerbaar::server::status_file(directory));
    if (!text.ok()) {
        std::cerr << "weerbaar-server: no status in " << directory.root.string()
                  << " (no server has run on this data directory, or it is another one: see "
                     "--data and --config)\n";
        return kExitNotRunning;
    }
    const auto report = weerbaar::server::parse_status_report(
        std::string_view(reinterpret_cast<const char*>(text.value().data()), text.value().size()));
    if (!report.ok()) {
        std::cerr << "weerbaar-server: " << directory.root.string()
                  << "/status: " << report.error().message() << "\n";
        return kExitStartFailed;
    }
    const bool running =
        !report.value().stopped && weerbaar::server::server_process_runs(report.value().pid);
    // A record that cannot be read is said, not fatal: the rest of the status stands.
    const auto last_backup = weerbaar::server::read_last_backup(directory);
    if (!last_backup.ok()) {
        std::cerr << "weerbaar-server: " << last_backup.error().message() << "\n";
    }
    std::cout << "data directory: " << directory.root.string() << "\n"
              << weerbaar::server::describe_status(
                     report.value(), weerbaar::server::measure_data_directory(directory), running,
                     static_cast<std::int64_t>(std::time(nullptr)),
                     last_backup.ok() ? last_backup.value() : std::nullopt);
    return running ? 0 : kExitNotRunning;
}

}  // namespace

static int run_server(int argc, char** argv) {
    // Block the shutdown signals before any thread exists, so every thread
    // inherits the mask and only the sigwait below receives them.
    sigset_t shutdown_signals;
    sigemptyset(&shutdown_signals);
    sigaddset(&shutdown_signals, SIGINT);
    sigaddset(&shutdown_signals, SIGTERM);
    // Sent by the listener check when the port takes no connections any more.
    sigaddset(&shutdown_signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &shutdown_signals, nullptr);

    // Everything the server creates (database, WAL, certificate) is private to its user.
    ::umask(077);

    // stdout carries the lines scripts wait for; logs go to stderr.
    spdlog::set_default_logger(spdlog::stderr_color_mt("weerbaar-server"));
    google::protobuf::SetLogHandler(&protobuf_log_line);

    // The flags, each applied over the settings file only when given (flags win).
    std::string config_file = weerbaar::server::kDefaultConfigPath;
    std::string data_directory;
    std::string listen;
    std::string retention_days;
    std::string privacy_budget;
    std::string member_quota_mib;
    std::string free_space_reserve_mib;
    std::string log_level;
    CLI::App app{"Weerbaar case server"};
    app.add_option("--config", config_file,
                   "settings file (TOML, docs/operations.md); a missing file at the default "
                   "path means the built-in defaults")
        ->capture_default_str();
    app.add_option("--data", data_directory,
                   "data directory (created with mode 0700); default var");
    app.add_option("--listen", listen,
                   "HOST:PORT to listen on; port 0 picks a free port; default 127.0.0.1:7443");
    app.add_option("--retention-days", retention_days,
                   "days a closed case is kept before it is deleted; default " +
                       std::to_string(weerbaar::server::kDefaultRetentionDays));
    app.add_option(
        "--privacy-budget", privacy_budget,
        "differential-privacy budget (epsilon) per quarter that research exports "
        "may spend together, 0.001..1000; default " +
            weerbaar::server::format_epsilon_millis(weerbaar::server::kDefaultPrivacyBudgetMillis));
    app.add_option("--member-quota-mib", member_quota_mib,
                   "MiB one member may store (records they wrote, attachments they uploaded); "
                   "default " +
                       std::to_string(weerbaar::server::kDefaultMemberQuotaMib));
    app.add_option("--free-space-reserve-mib", free_space_reserve_mib,
                   "MiB kept free on the data directory's disk: below it appends and uploads "
                   "are refused; 0 turns the check off; default " +
                       std::to_string(weerbaar::server::kDefaultFreeSpaceReserveMib));
    app.add_option("--log-level", log_level,
                   "trace, debug, info, warn, error, critical or off; default info");
    auto* status = app.add_subcommand(
        "status",
        "print the state of the server on this data directory and exit: uptime, "
        "version, schema, sizes, sessions, limits (exit 0 running, 3 not running)");
    status->fallthrough();  // --config and --data may come after the word

    // Backups (docs/operations.md, "Back up and restore"; exit codes in backup_commands.h).
    std::string backup_out;
    std::string backup_key;
    auto* backup = app.add_subcommand(
        "backup",
        "write a backup of the data directory while the server runs, sealed to the "
        "operator's backup public key (exit 0 written, 1 not)");
    backup->add_option("--out", backup_out, "the backup file to write (replaced when whole)")
        ->required();
    backup->add_option("--backup-key", backup_key,
                       "the operator's backup public key file (backup-keygen); default: "
                       "backup_public_key in the settings file");
    backup->fallthrough();
    std::string keygen_secret;
    std::string keygen_public;
    auto* keygen = app.add_subcommand(
        "backup-keygen", "make the operator's backup key pair; keep the secret key off the server");
    keygen->add_option("--out-secret", keygen_secret, "secret key file to create (mode 0600)")
        ->required();
    keygen->add_option("--out-public", keygen_public, "public key file to create")->required();
    std::string backup_file;
    std::string backup_secret;
    auto* verify = app.add_subcommand(
        "verify-backup",
        "check that a backup is whole: it decrypts, its database passes integrity_check, "
        "its audit chain verifies, its blobs match (exit 0 whole, 4 bad, 1 not checked)");
    verify->add_option("FILE", backup_file, "the backup file")->required();
    verify
        ->add_option("--backup-secret-key", backup_secret,
                     "the operator's backup secret key file (backup-keygen)")
        ->required();
    auto* restore = app.add_subcommand(
        "restore",
        "write a new data directory (--data, new or empty) from a backup, after the checks "
        "of verify-backup; the next start announces the restore (exit 0, 4 bad backup, 1)");
    restore->add_option("FILE", backup_file, "the backup file")->required();
    restore
        ->add_option("--backup-secret-key", backup_secret,
                     "the operator's backup secret key file (backup-keygen)")
        ->required();
    restore->fallthrough();  // --data after the word
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return 0;
    } catch (const CLI::ParseError& error) {
        std::cerr << "weerbaar-server: " << error.what() << " (see --help)\n";
        return kExitUsage;
    }

    weerbaar::server::ServerConfig config;
    if (auto loaded = weerbaar::server::load_server_config(config_file, config); !loaded.ok()) {
        const bool default_file_absent =
            app.count("--config") == 0 && loaded.error().code() == weerbaar::ErrorCode::not_found;
        if (!default_file_absent) {
            std::cerr << "weerbaar-server: " << loaded.error().message() << "\n";
            return kExitUsage;
        }
    }
    // The flags over the file, each checked as the file's value is.
    const std::pair<const char*, const std::string*> flags[] = {
        {"--data", &data_directory},
        {"--listen", &listen},
        {"--retention-days", &retention_days},
        {"--privacy-budget", &privacy_budget},
        {"--member-quota-mib", &member_quota_mib},
        {"--free-space-reserve-mib", &free_space_reserve_mib},
        {"--log-level", &log_level}};
    for (const auto& [flag, value] : flags) {
        if (app.count(flag) == 0) {
            continue;
        }
        if (auto applied = weerbaar::server::apply_server_flag(flag, *value, config);
            !applied.ok()) {
            std::cerr << "weerbaar-server: " << applied.error().message() << " (see --help)\n";
            return kExitUsage;
        }
    }
    if (status->parsed()) {
        return print_status(weerbaar::server::DataDirectory{config.options.data_directory});
    }
    if (keygen->parsed()) {
        return weerbaar::server::run_backup_keygen(keygen_secret, keygen_public);
    }
    if (verify->parsed()) {
        return weerbaar::server::run_verify_backup(backup_file, backup_secret);
    }
    if (restore->parsed()) {
        if (app.count("--data") == 0) {
            std::cerr << "weerbaar-server: restore needs --data DIR, the new data directory\n";
            return kExitUsage;
        }
        return weerbaar::server::run_restore(backup_file, config.options.data_directory,
                                             backup_secret);
    }
    if (backup->parsed()) {
        if (!backup_key.empty()) {
            if (auto applied =
                    weerbaar::server::apply_server_flag("--backup-key", backup_key, config);
                !applied.ok()) {
                std::cerr << "weerbaar-server: " << applied.error().message() << "\n";
                return kExitUsage;
            }
        }
        return weerbaar::server::run_backup(
            weerbaar::server::DataDirectory{config.options.data_directory}, backup_out,
            config.backup_public_key);
    }
    spdlog::set_level(config.log_level);
    weerbaar::server::ServerOptions options = config.options;

    raise_open_file_limit();
    options.on_listener_lost = [] { (void)::kill(::getpid(), SIGUSR1); };
    auto started = weerbaar::server::ServerInstance::start(options);
    if (!started.ok()) {
        std::cerr << "weerbaar-server: " << started.error().message() << "\n";
        return kExitStartFailed;
    }
    auto& server = *started.value();
    const auto& report = server.report();
    std::cout << "certificate fingerprint (SHA-256): " << report.certificate_fingerprint << "\n";
    if (report.bootstrap_code) {
        if (weerbaar::server::stdout_is_journal()) {
            std::cout
                << "bootstrap code: in "
                << weerbaar::server::DataDirectory{options.data_directory}.bootstrap_code().string()
                << " (kept out of the journal)\n";
        } else {
            std::cout << "bootstrap code: " << *report.bootstrap_code << "\n";
        }
    }
    std::cout << "listening on " << report.host << ":" << report.port << std::endl;
    weerbaar::server::notify_ready();
    const auto watchdog = weerbaar::server::start_watchdog_pings();

    int received = 0;
    sigwait(&shutdown_signals, &received);
    weerbaar::server::notify_stopping();
    if (received == SIGUSR1) {
        std::cerr << "weerbaar-server: the listener takes no connections any more (open-file "
                     "limit reached?); exiting so that the supervisor restarts the server\n";
        server.shutdown(std::chrono::seconds(2));
        return kExitStartFailed;
    }
    spdlog::info("signal {} received; shutting down", received);
    server.shutdown(std::chrono::seconds(5));
    return 0;
}

// Exceptions never leave a module; this is the last guard, so that a bug ends in one
// clear line and a non-zero exit rather than std::terminate.
int main(int argc, char** argv) {
    // gRPC's absl::Mutex comes from Debian with deadlock detection on: every lock
    // updates a global lock graph (absl GraphCycles, about 7% of the server's CPU
    // under the append load of make bench-server). It is a debugging aid, not a
    // safeguard: a deadlock is a bug either way.
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
    try {
        return run_server(argc, argv);
    } catch (const std::exception& e) {
        (void)std::fprintf(stderr, "weerbaar-server: internal error: %s\n", e.what());
    } catch (...) {
        (void)std::fprintf(stderr, "weerbaar-server: internal error\n");
    }
    return 1;
}
