#include "server_instance.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <netdb.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <future>

#include "backup_archive.h"
#include "bootstrap_code.h"
#include "call_log_interceptor.h"
#include "connection_limits.h"
#include "malformed_request_interceptor.h"
#include "private_file.h"
#include "server_limits.h"
#include "sqlcipher_storage.h"
#include "tls_identity.h"
#include "unix_time.h"
#include "weerbaar/crypto/server_certificate_endorsement.h"

namespace weerbaar::server {
namespace {

// A new code on every start without an organisation: the old one is void, and
// an operator who lost the file gets a fresh one by restarting.
Result<std::optional<std::string>> renew_bootstrap_code(Storage& storage,
                                                        const DataDirectory& directory) {
    WEERBAAR_ASSIGN_OR_RETURN(auto root, storage.root_sign_pk());
    std::error_code ignored;
    if (root.has_value()) {
        std::filesystem::remove(directory.bootstrap_code(), ignored);
        return std::optional<std::string>();
    }
    std::string code = generate_bootstrap_code();
    WEERBAAR_ASSIGN_OR_RETURN(auto transaction,
                              Transaction::begin(storage, TransactionKind::write));
    WEERBAAR_TRY(storage.set_bootstrap_hash(bootstrap_code_hash(code)));
    WEERBAAR_TRY(transaction.commit());
    std::filesystem::remove(directory.bootstrap_code(), ignored);
    WEERBAAR_TRY(write_private_file(directory.bootstrap_code(), code + "\n"));
    return std::optional<std::string>(std::move(code));
}

// Refuses a port another process listens on before anything else happens, so a
// second server touches no data directory. gRPC binds later without SO_REUSEPORT
// (GRPC_ARG_ALLOW_REUSEPORT 0), which closes the window between the two.
Status check_port_free(const std::string& host, int port) {
    if (port == 0) {
        return ok_status();
    }
    std::string name = host;
    if (name.size() >= 2 && name.front() == '[' && name.back() == ']') {
        name = name.substr(1, name.size() - 2);
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (::getaddrinfo(name.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr) {
        return Error(ErrorCode::invalid_argument, "cannot resolve listen host '" + host + "'");
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owned(found, &::freeaddrinfo);
    const int probe = ::socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, 0);
    if (probe < 0) {
        return ok_status();  // gRPC's own bind reports what is wrong
    }
    // SO_REUSEADDR as gRPC sets it: a port in TIME_WAIT is free, a listener is not.
    const int one = 1;
    (void)::setsockopt(probe, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const bool in_use =
        ::bind(probe, found->ai_addr, found->ai_addrlen) != 0 && errno == EADDRINUSE;
    ::close(probe);
    if (in_use) {
        return Error(ErrorCode::failed_precondition,
                     "port " + service + " on " + host + " is in use (another weerbaar-server?)");
    }
    return ok_status();
}

// A new TLS connection to our own port, on a channel of its own (local subchannel
// pool), so that a connection made earlier cannot hide a dead listener.
bool listener_answers(const std::string& host, int port, const std::string& certificate_pem) {
    const std::string target =
        (host == "0.0.0.0" || host.empty() ? std::string("127.0.0.1")
                                           : (host == "[::]" ? std::string("[::1]") : host)) +
        ":" + std::to_string(port);
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = certificate_pem;
    grpc::ChannelArguments arguments;
    arguments.SetSslTargetNameOverride(protocol::kServerCertificateName);
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto channel = grpc::CreateCustomChannel(target, grpc::SslCredentials(tls), arguments);
    return channel->WaitForConnected(std::chrono::system_clock::now() + kListenerCheckTimeout);
}

// The completion of a failed-login audit write, which no caller waits for.
void log_failed_login_audit(const Status& written) {
    if (!written.ok()) {
        spdlog::warn("failed logins could not be audited: {}", written.error().message());
    }
}

}  // namespace

Result<std::pair<std::string, int>> parse_listen_address(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
        return Error(ErrorCode::invalid_argument,
                     "--listen must be HOST:PORT, not '" + listen + "'");
    }
    const std::string host = listen.substr(0, colon);
    const std::string port_text = listen.substr(colon + 1);
    int port = -1;
    const auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port < 0 ||
        port > 65535) {
        return Error(ErrorCode::invalid_argument,
                     "--listen port must be 0..65535, not '" + port_text + "'");
    }
    return std::pair{host, port};
}

Result<std::unique_ptr<ServerInstance>> ServerInstance::start(const ServerOptions& options) {
    WEERBAAR_ASSIGN_OR_RETURN(const auto address, parse_listen_address(options.listen));
    if (options.retention_days < 1 || options.retention_days > kMaxRetentionDays) {
        return Error(ErrorCode::invalid_argument,
                     "--retention-days must be 1.." + std::to_string(kMaxRetentionDays));
    }
    if (options.privacy_budget_millis < 1 ||
        options.privacy_budget_millis > kMaxPrivacyBudgetMillis) {
        return Error(ErrorCode::invalid_argument, "--privacy-budget must be 0.001 to 1000");
    }
    if (options.member_quota_mib < 1 || options.member_quota_mib > kMaxStorageSettingMib ||
        options.free_space_reserve_mib > kMaxStorageSettingMib) {
        return Error(ErrorCode::invalid_argument, "--member-quota-mib must be 1.." +
                                                      std::to_string(kMaxStorageSettingMib) +
                                                      " and --free-space-reserve-mib 0.." +
                                                      std::to_string(kMaxStorageSettingMib));
    }
    WEERBAAR_TRY(crypto::initialise());
    WEERBAAR_TRY(check_port_free(address.first, address.second));
    const DataDirectory directory{options.data_directory};
    WEERBAAR_TRY(prepare_data_directory(directory));
    WEERBAAR_ASSIGN_OR_RETURN(auto lock, lock_data_directory(directory));
    WEERBAAR_ASSIGN_OR_RETURN(crypto::SecretBuffer key, load_or_create_database_key(directory));
    // The writer's connection opens first and migrates; the others find the schema current.
    WEERBAAR_ASSIGN_OR_RETURN(StorageConnections connections,
                              open_storage_connections(directory.database(), key));
    WEERBAAR_ASSIGN_OR_RETURN(TlsIdentity tls, load_or_create_tls_identity(directory));
    WEERBAAR_ASSIGN_OR_RETURN(crypto::SigningKeyPair audit_key,
                              load_or_create_audit_key(directory));
    // Signed at every start, so a certificate made anew (rotated) is endorsed at once.
    crypto::Bytes certificate_endorsement = crypto::endorse_server_certificate(
        tls.certificate_der, static_cast<std::uint64_t>(unix_now()), audit_key);

    std::unique_ptr<ServerInstance> instance(new ServerInstance());
    instance->lock_ = std::move(lock);
    instance->data_directory_ = directory;
    instance->report_.certificate_fingerprint = tls.fingerprint;
    instance->report_.certificate_created = tls.created;
    instance->certificate_pem_ = tls.certificate_pem;
    WEERBAAR_ASSIGN_OR_RETURN(instance->report_.bootstrap_code,
                              renew_bootstrap_code(*connections.writer, directory));

    instance->checkpointer_ = std::move(connections.checkpointer);
    instance->reader_ = std::make_unique<StorageReader>(std::move(connections.readers));
    instance->writer_ = std::make_unique<GroupCommitWriter>(std::move(connections.writer));
    instance->audit_ =
        std::make_unique<AuditTrail>(*instance->reader_, *instance->writer_, std::move(audit_key));
    // `weerbaar-server restore` left restored-from: the first audit entry of this start,
    // before any sweep or call can write one, is the signed restore notice (ADR 0009).
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<std::string> restored,
                              read_restore_marker(directory));
    if (restored) {
        WEERBAAR_ASSIGN_OR_RETURN(
            const std::uint64_t notice,
            submit_and_wait(*instance->writer_,
                            [audit = instance->audit_.get(), detail = *restored](Storage& storage) {
                                return audit->announce_restore(storage, detail);
                            }));
        WEERBAAR_TRY(remove_restore_marker(directory));
        spdlog::info("restored from backup; audit entry {} announces it ({})", notice, *restored);
    }
    instance->authenticator_ =
        std::make_unique<Authenticator>(*instance->reader_, *instance->writer_, *instance->audit_);
    const std::filesystem::path bootstrap_file = directory.bootstrap_code();
    const RetentionPolicy retention{std::chrono::hours(24) * options.retention_days};
    instance->directory_ = std::make_unique<Directory>(
        *instance->reader_, *instance->writer_, *instance->audit_,
        [bootstrap_file] {
            std::error_code ignored;
            std::filesystem::remove(bootstrap_file, ignored);
        },
        retention, &instance->authenticator_->sessions());
    instance->notifications_ = std::make_unique<NotificationHub>(options.pages.watch_pending_cases);
    instance->space_ =
        std::make_unique<StorageSpace>(StorageLimits{options.member_quota_mib * kBytesPerMib,
                                                     options.free_space_reserve_mib * kBytesPerMib},
                                       [root = directory.root] { return free_bytes_of(root); });
    WEERBAAR_ASSIGN_OR_RETURN(instance->attachment_store_,
                              AttachmentStore::open(directory.attachments()));
    instance->attachments_ = std::make_unique<AttachmentRegistry>(
        *instance->reader_, *instance->writer_, *instance->audit_, *instance->attachment_store_,
        instance->space_.get());
    instance->retention_ = std::make_unique<CaseRetention>(*instance->writer_, *instance->audit_,
                                                           *instance->attachment_store_);
    instance->cases_ = std::make_unique<CaseRegistry>(
        *instance->reader_, *instance->writer_, *instance->audit_, instance->notifications_.get(),
        retention, instance->space_.get());
    instance->research_ = std::make_unique<ResearchRegistry>(
        *instance->reader_, *instance->writer_, *instance->audit_, options.privacy_budget_millis);
    instance->root_key_ = std::make_unique<RootKeyRegistry>(*instance->reader_, *instance->writer_,
                                                            *instance->audit_);
    instance->auth_service_ = std::make_unique<AuthService>(*instance->authenticator_);
    instance->directory_service_ = std::make_unique<DirectoryService>(
        *instance->authenticator_, *instance->directory_, std::move(certificate_endorsement));
    instance->case_service_ = std::make_unique<CaseService>(
        *instance->authenticator_, *instance->cases_, options.pages.sync_items);
    instance->audit_service_ =
        std::make_unique<AuditService>(*instance->authenticator_, *instance->audit_);
    instance->stream_deadlines_ = std::make_unique<StreamDeadlines>();
    instance->attachment_service_ = std::make_unique<AttachmentService>(
        *instance->authenticator_, *instance->attachments_, *instance->stream_deadlines_,
        StreamDeadlines::Limits{options.stream_wait_limit, kAttachmentStreamLifetime});
    instance->research_service_ =
        std::make_unique<ResearchService>(*instance->authenticator_, *instance->research_);
    instance->root_key_service_ =
        std::make_unique<RootKeyService>(*instance->authenticator_, *instance->root_key_);
    instance->notification_service_ = std::make_unique<NotificationService>(
        *instance->authenticator_, *instance->cases_, *instance->notifications_,
        *instance->stream_deadlines_,
        StreamDeadlines::Limits{options.stream_wait_limit,
                                StreamDeadlines::Clock::duration::zero()},
        options.watch_session_check, options.pages.watch_heads);

    // Before the first call: only now can every blob file without a row be taken
    // for a crash's leftover, as no upload is running.
    {
        const std::int64_t now = unix_now();
        WEERBAAR_TRY(instance->attachments_->sweep_at_start(now));
        WEERBAAR_TRY(instance->retention_->purge_expired(now));
    }

    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::SslServerCredentialsOptions tls_options;
    tls_options.pem_key_cert_pairs.push_back({tls.private_key_pem, tls.certificate_pem});
    OPENSSL_cleanse(tls.private_key_pem.data(), tls.private_key_pem.size());

    grpc::ServerBuilder builder;
    int selected_port = 0;
    builder.AddListeningPort(options.listen, grpc::SslServerCredentials(tls_options),
                             &selected_port);
    OPENSSL_cleanse(tls_options.pem_key_cert_pairs[0].private_key.data(),
                    tls_options.pem_key_cert_pairs[0].private_key.size());
    builder.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
    // connection_limits.h says why each of these.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    builder.AddChannelArgument(
        GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
        static_cast<int>(std::chrono::milliseconds(kHandshakeTimeout).count()));
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_IDLE_MS,
        static_cast<int>(std::chrono::milliseconds(kMaxConnectionIdle).count()));
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                               static_cast<int>(std::chrono::milliseconds(kKeepaliveTime).count()));
    builder.AddChannelArgument(
        GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
        static_cast<int>(std::chrono::milliseconds(kKeepaliveTimeout).count()));
    builder.AddChannelArgument(
        GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
        static_cast<int>(std::chrono::milliseconds(kMinClientPingInterval).count()));
    builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, kMaxPingStrikes);
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreamsPerConnection);
    builder.RegisterService(instance->auth_service_.get());
    builder.RegisterService(instance->directory_service_.get());
    builder.RegisterService(instance->case_service_.get());
    builder.RegisterService(instance->audit_service_.get());
    builder.RegisterService(instance->notification_service_.get());
    builder.RegisterService(instance->attachment_service_.get());
    builder.RegisterService(instance->research_service_.get());
    builder.RegisterService(instance->root_key_service_.get());
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
        interceptors;
    // In this order: the call log shows the status the malformed-request
    // interceptor settled on.
    interceptors.push_back(std::make_unique<MalformedRequestInterceptorFactory>());
    instance->call_statistics_ = std::make_unique<CallStatistics>();
    interceptors.push_back(
        std::make_unique<CallLogInterceptorFactory>(*instance->call_statistics_));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
    instance->server_ = builder.BuildAndStart();
    if (!instance->server_ || selected_port == 0) {
        return Error(ErrorCode::unavailable, "cannot listen on " + options.listen);
    }
    // grpc.health.v1 answers per service name too, as monitoring asks; shutdown()
    // turns them all to NOT_SERVING before calls drain.
    if (auto* health = instance->server_->GetHealthCheckService()) {
        for (const char* service :
             {v1::AuthService::service_full_name(), v1::DirectoryService::service_full_name(),
              v1::CaseService::service_full_name(), v1::AuditService::service_full_name(),
              v1::NotificationService::service_full_name(),
              v1::AttachmentService::service_full_name(),
              v1::ResearchService::service_full_name()}) {
            health->SetServingStatus(service, true);
        }
    }
    instance->report_.host = address.first;
    instance->report_.port = selected_port;
    instance->sweeper_ = std::make_unique<PeriodicTask>(kSweepInterval, [raw = instance.get()] {
        if (auto swept = raw->sweep(unix_now()); !swept.ok()) {
            spdlog::warn("a sweep failed: {}", swept.error().message());
        }
    });
    instance->stream_deadline_sweep_ =
        std::make_unique<PeriodicTask>(kStreamDeadlineSweepInterval, [raw = instance.get()] {
            if (const std::size_t cancelled = raw->stream_deadlines_->sweep(); cancelled > 0) {
                spdlog::info("{} stalled stream(s) ended", cancelled);
            }
        });
    instance->status_.pid = ::getpid();
    instance->status_.version = server_version();
    instance->status_.started = unix_now();
    instance->status_.listen = options.listen;
    instance->status_.port = selected_port;
    instance->status_.schema_version = SqlcipherStorage::latest_schema_version();
    instance->status_.retention_days = options.retention_days;
    instance->status_.privacy_budget_millis = options.privacy_budget_millis;
    instance->status_.member_quota_mib = options.member_quota_mib;
    instance->status_.free_space_reserve_mib = options.free_space_reserve_mib;
    instance->write_status();
    instance->status_writer_ = std::make_unique<PeriodicTask>(
        kStatusInterval, [raw = instance.get()] { raw->write_status(); });
    instance->call_summary_ = std::make_unique<PeriodicTask>(
        kCallSummaryInterval, [raw = instance.get()] { raw->log_call_summary(); });
    instance->failed_login_audit_ =
        std::make_unique<PeriodicTask>(kFailedLoginAuditInterval, [raw = instance.get()] {
            raw->authenticator_->flush_failed_logins(log_failed_login_audit);
        });
    if (options.on_listener_lost) {
        instance->listener_check_ = std::make_unique<PeriodicTask>(
            kListenerCheckInterval,
            [raw = instance.get(), lost = options.on_listener_lost, host = address.first] {
                if (listener_answers(host, raw->report_.port, raw->certificate_pem_)) {
                    raw->listener_failures_ = 0;
                    return;
                }
                ++raw->listener_failures_;
                spdlog::warn("listener check: no connection to port {} ({} in a row)",
                             raw->report_.port, raw->listener_failures_);
                if (raw->listener_failures_ == kListenerCheckFailures) {
                    lost();
                }
            });
    }
    spdlog::info("server started; schema version {}", SqlcipherStorage::latest_schema_version());
    return instance;
}

Result<SweepReport> ServerInstance::sweep(std::int64_t now) {
    SweepReport report;
    WEERBAAR_ASSIGN_OR_RETURN(report.attachments, attachments_->sweep_pending(now));
    WEERBAAR_ASSIGN_OR_RETURN(report.cases_purged, retention_->purge_expired(now));
    return report;
}

void ServerInstance::log_call_summary() {
    if (!call_statistics_) {
        return;
    }
    if (auto summary = call_statistics_->take(); summary.has_value()) {
        spdlog::info("calls: {}", *summary);
    }
    if (!writer_) {
        return;
    }
    // The writer's share of the interval: what says whether it is the bottleneck.
    const auto now = std::chrono::steady_clock::now();
    const auto busy = writer_->busy();
    const auto writes = writer_->writes();
    const auto commits = writer_->commits();
    const double interval = std::chrono::duration<double>(now - summary_mark_.time).count();
    if (writes > summary_mark_.writes && interval > 0) {
        spdlog::info(
            "writer: {} writes in {} commits, busy {:.0f}% of {:.0f} s",
            writes - summary_mark_.writes, commits - summary_mark_.commits,
            100.0 * std::chrono::duration<double>(busy - summary_mark_.busy).count() / interval,
            interval);
    }
    summary_mark_ = SummaryMark{now, busy, writes, commits};
}

Status ServerInstance::audit_failed_logins() {
    std::promise<Status> written;
    authenticator_->flush_failed_logins(
        [&written](Status status) { written.set_value(std::move(status)); });
    return written.get_future().get();
}

void ServerInstance::shutdown(std::chrono::milliseconds deadline) {
    if (stopped_) {
        return;
    }
    stopped_ = true;
    if (listener_check_) {
        listener_check_->stop();
    }
    if (stream_deadline_sweep_) {
        stream_deadline_sweep_->stop();
    }
    // Watch streams run until told to stop: end them first, or Shutdown would wait
    // for them until its deadline.
    if (notifications_) {
        notifications_->close();
    }
    if (server_) {
        if (auto* health = server_->GetHealthCheckService()) {
            health->Shutdown();
        }
        server_->Shutdown(std::chrono::system_clock::now() + deadline);
    }
    // Every call has ended: the last summary counts them all.
    if (call_summary_) {
        call_summary_->stop();
    }
    log_call_summary();
    // Before the writer stops: a sweep in progress waits for its writes.
    if (sweeper_) {
        sweeper_->stop();
    }
    // The failures counted since the last interval, once no login can add to them.
    if (failed_login_audit_) {
        failed_login_audit_->stop();
    }
    if (authenticator_ && writer_) {
        authenticator_->flush_failed_logins(log_failed_login_audit);
    }
    // Writes whose calls were cancelled are still completed and committed here.
    if (writer_) {
        writer_->stop();
    }
    if (checkpointer_) {
        checkpointer_->stop();
    }
    if (status_writer_) {
        status_writer_->stop();
        status_.stopped = unix_now();
        write_status();
    }
    // Nothing writes to the directory any more: another server may take it.
    lock_.reset();
    spdlog::info("server stopped");
}

void ServerInstance::write_status() {
    StatusReport report = status_;
    report.written = unix_now();
    const auto level = spdlog::level::to_string_view(spdlog::get_level());
    report.log_level.assign(level.data(), level.size());
    if (reader_) {
        auto sessions = reader_->read(
            [&](Storage& storage) { return storage.count_sessions_valid_at(report.written); });
        if (sessions.ok()) {
            report.sessions = sessions.value();
        }
    }
    if (auto written = write_status_report(data_directory_, report); !written.ok()) {
        spdlog::warn("the status file could not be written: {}", written.error().message());
    }
}

ServerInstance::~ServerInstance() { shutdown(std::chrono::seconds(5)); }

}  // namespace weerbaar::server
