#pragma once
// Storage on an SQLCipher database file (SQLCipher 3.4.1 on SQLite 3.15.2: no
// UPSERT, no window functions). The file is encrypted with a raw 256-bit key in
// the x'...' form, which skips PBKDF2: the key is random, not a passphrase.

#include <filesystem>
#include <functional>
#include <memory>

#include "storage.h"
#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/sqlite/sqlcipher_database.h"
#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar::server {

inline constexpr std::size_t kDatabaseKeySize = kSqlcipherKeySize;

// The SQLite settings of the server's connections, chosen by measurement
// (docs/server.md, "Throughput", with the figures; bench_storage measures the
// alternatives).
struct StorageSettings {
    // PRAGMA cache_size, in KiB of pages per connection (SQLite's default: 2000).
    int cache_size_kib = 2000;
    // Pages in the WAL at which WalCheckpointer copies it back into the database
    // (open_storage_connections); 0: SQLite's own automatic checkpoint at 1000
    // pages, run by the commit that crosses it.
    int checkpoint_pages = 1000;
    // Measurements only: see SqlcipherOpenOptions.
    int page_size = kSqlcipherPageSize;
    bool unencrypted_for_measurement = false;
};

class SqlcipherStorage final : public Storage {
  public:
    // Opens (or creates) the file, applies and proves the key, sets WAL and
    // synchronous=FULL (set_durable_commits), and brings the schema up to date. A wrong key is
    // failed_precondition with a message that says so.
    [[nodiscard]] static Result<std::unique_ptr<SqlcipherStorage>> open(
        const std::filesystem::path& file, const crypto::SecretBuffer& key,
        const StorageSettings& settings = {});

    // As open(), but migrates only up to `schema_version`: tests of migrations use
    // it to make a file as an older server left it.
    [[nodiscard]] static Result<std::unique_ptr<SqlcipherStorage>> open_with_schema(
        const std::filesystem::path& file, const crypto::SecretBuffer& key, int schema_version,
        const StorageSettings& settings = {});

    // Calls `committed(wal_pages)` after each commit on this connection with the
    // number of pages the WAL then holds (sqlite3_wal_hook). This also turns
    // SQLite's automatic checkpoint off for the connection: WalCheckpointer runs
    // them instead. `committed` runs inside the commit: it must not block.
    void on_commit(std::function<void(int wal_pages)> committed);
    // A PASSIVE checkpoint on this connection (it never waits for the writer):
    // copies what it can of the WAL into the database file. Returns the pages
    // copied.
    [[nodiscard]] Result<int> checkpoint_wal();

    // The schema version this build writes; migrations bring older files up to it.
    [[nodiscard]] static int latest_schema_version();
    [[nodiscard]] Result<int> schema_version();

    Status begin(TransactionKind kind) override;
    Status commit() override;
    void rollback() noexcept override;
    Status savepoint() override;
    Status release_savepoint() override;
    void rollback_to_savepoint() noexcept override;
    Status set_durable_commits(bool durable) override;
    bool in_transaction() noexcept override;

    Result<std::optional<Bytes>> bootstrap_hash() override;
    Status set_bootstrap_hash(ByteView hash) override;
    Status delete_bootstrap_hash() override;

    Result<std::optional<Bytes>> root_sign_pk() override;
    Status insert_organisation(ByteView root_sign_pk, std::int64_t now) override;

    Result<std::optional<MemberRow>> member(const std::string& user) override;
    Result<std::vector<MemberRow>> members() override;
    Status insert_member(const MemberRow& member) override;
    Status deactivate_member(const std::string& user) override;
    [[nodiscard]] Status replace_revoked_member(const MemberRow& fresh) override;
    [[nodiscard]] Result<std::vector<PastCertificateRow>> past_certificates(
        const std::string& user) override;

    Status insert_revocation(const std::string& user, ByteView revocation,
                             std::int64_t now) override;
    Result<std::vector<Bytes>> revocations() override;

    Result<std::optional<EnrolmentRow>> enrolment(const std::string& user,
                                                  ByteView sign_pk) override;
    Result<std::vector<EnrolmentRow>> enrolments(const EnrolmentQuery& query) override;
    Result<std::uint64_t> count_enrolments(const std::string& user) override;
    Status put_enrolment(const EnrolmentRow& enrolment) override;
    Status delete_enrolments_of(const std::string& user) override;
    Status delete_enrolments_created_before(std::int64_t time) override;

    Result<std::optional<SessionRow>> session(ByteView token_hash) override;
    Status insert_session(ByteView token_hash, const SessionRow& session) override;
    Status delete_sessions_expired_before(std::int64_t now) override;
    Result<std::uint64_t> count_sessions_valid_at(std::int64_t now) override;
    Status delete_sessions_of(const std::string& user) override;
    Status delete_session(ByteView token_hash) override;
    Status keep_newest_sessions_of(const std::string& user, std::size_t keep) override;

    Result<std::uint64_t> change_version() override;
    Result<std::vector<CaseRow>> cases_changed_since(const std::string& user, std::uint64_t since,
                                                     std::size_t limit) override;
    Result<std::vector<RemovedCaseRow>> cases_removed_since(const std::string& user,
                                                            std::uint64_t since,
                                                            std::size_t limit) override;
    Result<std::optional<CaseRow>> find_case(ByteView case_id) override;
    Result<std::vector<CaseRow>> cases_of(const std::string& user) override;
    Status insert_case(const CaseRow& row) override;
    Status touch_case(ByteView case_id, std::int64_t now) override;
    Status require_rotation(ByteView case_id) override;
    Status start_epoch(ByteView case_id, std::uint32_t epoch, std::int64_t now) override;
    Status set_retention(ByteView case_id, std::int64_t until) override;
    Result<std::vector<Bytes>> cases_expired_at(std::int64_t now, std::size_t limit) override;
    Status delete_case(ByteView case_id) override;

    Result<bool> has_tombstones(ByteView case_id) override;
    Result<bool> is_case_member(ByteView case_id, const std::string& user) override;
    Result<std::vector<CaseMemberRow>> case_members(ByteView case_id) override;
    Status insert_case_member(ByteView case_id, const CaseMemberRow& row) override;
    Status replace_case_member_wrap(ByteView case_id, const CaseMemberRow& row) override;

    Result<std::uint64_t> append_record(ByteView case_id, ByteView record_id, std::uint32_t epoch,
                                        const std::string& author, ByteView blob,
                                        std::int64_t now) override;
    Result<std::optional<RecordRow>> record_with_id(ByteView case_id, ByteView record_id) override;
    Result<bool> has_records_with_hashes(ByteView case_id,
                                         const std::vector<Bytes>& hashes) override;
    Result<std::vector<RecordRow>> records_after(ByteView case_id, std::uint64_t after,
                                                 std::size_t max_bytes) override;

    Status insert_attachment(const AttachmentRow& row) override;
    Result<std::optional<AttachmentRow>> attachment(ByteView case_id,
                                                    ByteView attachment_id) override;
    Result<std::vector<AttachmentRow>> attachments_of_case(ByteView case_id) override;
    Status bind_attachment(ByteView case_id, ByteView attachment_id,
                           std::uint64_t sequence) override;
    Result<std::vector<AttachmentRow>> pending_attachments_before(std::int64_t created_before,
                                                                  std::size_t limit) override;
    Result<std::uint64_t> pending_attachment_bytes_of(const std::string& uploader) override;
    Result<std::uint64_t> stored_bytes_of(const std::string& user) override;
    Status delete_attachment(ByteView case_id, ByteView attachment_id) override;

    Result<std::optional<AuditRow>> last_audit_entry() override;
    Status insert_audit_entry(const AuditRow& row) override;
    Result<std::vector<AuditRow>> audit_entries_of_case(ByteView case_id,
                                                        std::size_t limit) override;
    Result<std::vector<AuditRow>> audit_entries_after(std::uint64_t after,
                                                      std::size_t limit) override;
    Status note_audit_durable() override;
    Status insert_audit_checkpoint(std::uint64_t sequence, ByteView checkpoint) override;
    Result<std::vector<Bytes>> audit_checkpoints_between(std::uint64_t first,
                                                         std::uint64_t last) override;

    Status insert_restore_notice(std::uint64_t sequence) override;
    Result<std::vector<RestoreNoticeRow>> restore_notices() override;

    Result<std::optional<ResearchKeyRow>> current_research_key() override;
    Status insert_research_key(const ResearchKeyRow& row) override;
    Result<std::optional<ResearchKeyWrapRow>> research_key_wrap(std::uint32_t generation,
                                                                const std::string& user) override;
    Result<std::vector<ResearchKeyWrapRow>> research_key_wraps(std::uint32_t generation) override;
    Status put_research_key_wrap(const ResearchKeyWrapRow& row) override;
    Status put_research_record(const ResearchRecordRow& row) override;
    Result<std::optional<ResearchRecordRow>> research_record(ByteView case_id) override;
    Result<std::vector<ResearchRecordRow>> research_records_after(ByteView after_case_id,
                                                                  std::size_t limit,
                                                                  std::size_t max_bytes) override;
    Result<std::vector<PrivacyLedgerRow>> privacy_ledger() override;
    Result<std::optional<PrivacyLedgerRow>> last_privacy_ledger_entry() override;
    Status insert_privacy_ledger_entry(const PrivacyLedgerRow& row) override;

    Result<std::optional<RootKeySplitRow>> root_key_split() override;
    Result<std::vector<RootKeyShareRow>> root_key_shares() override;
    Status replace_root_key_split(const RootKeySplitRow& split,
                                  const std::vector<RootKeyShareRow>& shares) override;
    Status put_root_key_release(ByteView split_id, const RootKeyReleaseRow& row) override;
    Result<std::vector<RootKeyReleaseRow>> root_key_releases_to(
        const std::string& recipient) override;

  private:
    explicit SqlcipherStorage(SqliteConnection db) : db_(std::move(db)), statements_(db_.get()) {}
    Status migrate(int target_version);
    // Raises the change version by one and returns it (Storage::change_version).
    Result<std::uint64_t> next_change_version();
    // Adds `bytes` (negative: takes away) to what `user` stored (member_usage), in the
    // write that adds the row: one UPDATE of an existing row, an INSERT the first time.
    Status add_usage(const std::string& user, std::int64_t bytes);

    SqliteConnection db_;
    std::function<void(int)> on_commit_;
    SqliteStatementCache statements_;  // after db_: destroyed before it is closed
};

}  // namespace weerbaar::server
