#pragma once
// Storage on an SQLCipher database file (SQLCipher 3.4.1 on SQLite 3.15.2: no
// UPSERT, no window functions). The file is encrypted with a raw 256-bit key in
// the x'...' form, which skips PBKDF2: the key is random, not a passphrase.

#include <filesystem>
#include <memory>

#include "sqlite_statement.h"
#include "storage.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::server {

inline constexpr std::size_t kDatabaseKeySize = 32;

class SqlcipherStorage final : public Storage {
  public:
    // Opens (or creates) the file, applies and proves the key, sets WAL and
    // synchronous=FULL, and brings the schema up to date. A wrong key is
    // failed_precondition with a message that says so.
    [[nodiscard]] static Result<std::unique_ptr<SqlcipherStorage>> open(
        const std::filesystem::path& file, const crypto::SecretBuffer& key);

    // The schema version this build writes; migrations bring older files up to it.
    [[nodiscard]] static int latest_schema_version();
    [[nodiscard]] Result<int> schema_version();

    Status begin(TransactionKind kind) override;
    Status commit() override;
    void rollback() noexcept override;
    Status savepoint() override;
    Status release_savepoint() override;
    void rollback_to_savepoint() noexcept override;

    Result<std::optional<Bytes>> bootstrap_hash() override;
    Status set_bootstrap_hash(ByteView hash) override;
    Status delete_bootstrap_hash() override;

    Result<std::optional<Bytes>> root_sign_pk() override;
    Status insert_organisation(ByteView root_sign_pk, std::int64_t now) override;

    Result<std::optional<MemberRow>> member(const std::string& user) override;
    Result<std::vector<MemberRow>> members() override;
    Status insert_member(const MemberRow& member) override;

    Result<std::optional<EnrolmentRow>> enrolment(const std::string& user) override;
    Result<std::vector<EnrolmentRow>> enrolments() override;
    Status put_enrolment(const EnrolmentRow& enrolment) override;
    Status delete_enrolment(const std::string& user) override;

    Result<std::optional<SessionRow>> session(ByteView token_hash) override;
    Status insert_session(ByteView token_hash, const SessionRow& session) override;
    Status delete_sessions_expired_before(std::int64_t now) override;

    Result<std::optional<CaseRow>> find_case(ByteView case_id) override;
    Result<std::vector<CaseRow>> cases_of(const std::string& user) override;
    Status insert_case(const CaseRow& row) override;
    Status touch_case(ByteView case_id, std::int64_t now) override;

    Result<bool> is_case_member(ByteView case_id, const std::string& user) override;
    Result<std::vector<CaseMemberRow>> case_members(ByteView case_id) override;
    Status insert_case_member(ByteView case_id, const CaseMemberRow& row) override;

    Result<std::uint64_t> append_record(ByteView case_id, ByteView record_id, std::uint32_t epoch,
                                        const std::string& author, ByteView blob,
                                        std::int64_t now) override;
    Result<std::vector<RecordRow>> records_after(ByteView case_id, std::uint64_t after,
                                                 std::size_t max_bytes) override;

  private:
    explicit SqlcipherStorage(SqliteConnection db) : db_(std::move(db)) {}
    Status migrate();

    SqliteConnection db_;
};

}  // namespace weerbaar::server
