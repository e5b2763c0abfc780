#pragma once
// A running server: data directory, database, writer, domain, gRPC services and
// listener, in the order they depend on each other. main() and the in-process
// tests both start the server through this one class.

#include <grpcpp/server.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "attachment_registry.h"
#include "attachment_service.h"
#include "attachment_store.h"
#include "audit_service.h"
#include "audit_trail.h"
#include "auth_service.h"
#include "authenticator.h"
#include "call_statistics.h"
#include "case_registry.h"
#include "case_retention.h"
#include "case_service.h"
#include "data_directory.h"
#include "directory.h"
#include "directory_service.h"
#include "group_commit_writer.h"
#include "notification_hub.h"
#include "notification_service.h"
#include "periodic_task.h"
#include "research_registry.h"
#include "research_service.h"
#include "root_key_registry.h"
#include "root_key_service.h"
#include "server_limits.h"
#include "server_status.h"
#include "storage_connections.h"
#include "storage_reader.h"
#include "storage_space.h"

namespace weerbaar::server {

struct ServerOptions {
    std::filesystem::path data_directory = "var";
    std::string listen = "127.0.0.1:7443";  // HOST:PORT; port 0 picks a free port
    // A closed case is deleted this many days after it was closed (1..kMaxRetentionDays).
    int retention_days = kDefaultRetentionDays;
    // How often an idle Watch stream checks its session again (tests shorten it).
    std::chrono::milliseconds watch_session_check = kSessionCheckInterval;
    // The longest a stream waits on its client for one chunk or message
    // (stream_deadlines.h; tests shorten it).
    std::chrono::milliseconds stream_wait_limit = kStreamWaitLimit;
    // SyncCases and Watch page sizes (tests shrink them).
    PageLimits pages;
    // The privacy budget per quarter, epsilon x 1000 (1..kMaxPrivacyBudgetMillis):
    // --privacy-budget, parsed by parse_privacy_budget (privacy_budget.h).
    std::uint32_t privacy_budget_millis = kDefaultPrivacyBudgetMillis;
    // What one member may store, and the free space kept on the data directory's
    // file system (0: not checked), in MiB (storage_space.h; 0..kMaxStorageSettingMib,
    // the quota at least 1).
    std::uint64_t member_quota_mib = kDefaultMemberQuotaMib;
    std::uint64_t free_space_reserve_mib = kDefaultFreeSpaceReserveMib;
    // Called (on the listener check's thread) once the server can no longer take
    // connections on its own port (connection_limits.h); main() then exits 1.
    // Empty: no check runs (in-process tests).
    std::function<void()> on_listener_lost;
};

// What an operator must be told once the server is up.
struct StartupReport {
    std::string host;
    int port = 0;
    std::string certificate_fingerprint;
    bool certificate_created = false;
    std::optional<std::string> bootstrap_code;  // only while no organisation exists
};

// What one round of the sweeps removed.
struct SweepReport {
    AttachmentSweep attachments;
    std::uint64_t cases_purged = 0;
};

// Splits "HOST:PORT" (HOST may be "[v6]"); invalid_argument if malformed.
[[nodiscard]] Result<std::pair<std::string, int>> parse_listen_address(const std::string& listen);

class ServerInstance {
  public:
    [[nodiscard]] static Result<std::unique_ptr<ServerInstance>> start(
        const ServerOptions& options);
    ~ServerInstance();
    ServerInstance(const ServerInstance&) = delete;
    ServerInstance& operator=(const ServerInstance&) = delete;

    [[nodiscard]] const StartupReport& report() const { return report_; }
    [[nodiscard]] const std::string& certificate_pem() const { return certificate_pem_; }
    // Stops taking calls, lets running ones finish until the deadline (then
    // cancels them), drains the writer and closes the database. Idempotent.
    void shutdown(std::chrono::milliseconds deadline);

    // One round of the sweeps as if the time were `now`: pending attachments past
    // their lifetime, abandoned upload files, cases past their retention deadline.
    // Runs at start and every kSweepInterval; tests call it with a later `now`.
    // Blocks until done.
    [[nodiscard]] Result<SweepReport> sweep(std::int64_t now);

    // Writes the failed logins counted since the last interval as one login_failed
    // audit entry now, as every kFailedLoginAuditInterval does; blocks until it is
    // durable. Tests call it rather than wait a minute.
    [[nodiscard]] Status audit_failed_logins();

    // Logs the calls counted since the last summary as one info line (nothing when
    // there were none), as every kCallSummaryInterval and the shutdown do.
    void log_call_summary();

    // Writes DIR/status (server_status.h) as it stands now, as the start, every
    // kStatusInterval and the shutdown (with the stop time) do. Blocks for a read
    // and two fsyncs; a failure is logged, never fatal.
    void write_status();

    // The writer, for its counters (commits, durable commits): tests and diagnostics.
    [[nodiscard]] const GroupCommitWriter& writer() const { return *writer_; }

  private:
    ServerInstance() = default;

    // First, so that it is released last: nothing else may touch the directory
    // while a half-stopped instance still writes to it.
    std::unique_ptr<DataDirectoryLock> lock_;
    StartupReport report_;
    std::string certificate_pem_;
    // Declared in dependency order, destroyed in reverse.
    std::unique_ptr<WalCheckpointer> checkpointer_;  // the writer's commits wake it
    std::unique_ptr<StorageReader> reader_;
    std::unique_ptr<GroupCommitWriter> writer_;
    std::unique_ptr<AuditTrail> audit_;
    std::unique_ptr<Authenticator> authenticator_;
    std::unique_ptr<Directory> directory_;
    std::unique_ptr<NotificationHub> notifications_;
    std::unique_ptr<StorageSpace> space_;  // before the registries that check it
    std::unique_ptr<AttachmentStore> attachment_store_;
    std::unique_ptr<AttachmentRegistry> attachments_;
    std::unique_ptr<CaseRetention> retention_;
    std::unique_ptr<CaseRegistry> cases_;
    std::unique_ptr<ResearchRegistry> research_;
    std::unique_ptr<RootKeyRegistry> root_key_;
    // Before the services that register with it, so that it outlives their calls.
    std::unique_ptr<StreamDeadlines> stream_deadlines_;
    // Before the server, whose interceptors count into it.
    std::unique_ptr<CallStatistics> call_statistics_;
    std::unique_ptr<AuthService> auth_service_;
    std::unique_ptr<DirectoryService> directory_service_;
    std::unique_ptr<CaseService> case_service_;
    std::unique_ptr<AuditService> audit_service_;
    std::unique_ptr<NotificationService> notification_service_;
    std::unique_ptr<AttachmentService> attachment_service_;
    std::unique_ptr<ResearchService> research_service_;
    std::unique_ptr<RootKeyService> root_key_service_;
    std::unique_ptr<grpc::Server> server_;
    std::unique_ptr<PeriodicTask> sweeper_;
    // Writes the failed logins counted in the last interval as one audit entry.
    std::unique_ptr<PeriodicTask> failed_login_audit_;
    std::unique_ptr<PeriodicTask> listener_check_;
    std::unique_ptr<PeriodicTask> stream_deadline_sweep_;
    std::unique_ptr<PeriodicTask> call_summary_;
    std::unique_ptr<PeriodicTask> status_writer_;
    // What DIR/status says that does not change while the server runs.
    DataDirectory data_directory_;
    StatusReport status_;
    // Where the last call summary left the writer's counters (log_call_summary).
    struct SummaryMark {
        std::chrono::steady_clock::time_point time = std::chrono::steady_clock::now();
        std::chrono::nanoseconds busy{0};
        std::uint64_t writes = 0;
        std::uint64_t commits = 0;
    };
    SummaryMark summary_mark_;   // on the summary's thread, or the shutdown's
    int listener_failures_ = 0;  // on listener_check_'s thread only
    bool stopped_ = false;
};

}  // namespace weerbaar::server
