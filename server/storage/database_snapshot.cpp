#include "database_snapshot.h"

#include <sqlite3.h>

#include <memory>
#include <string>

#include "weerbaar/crypto/audit.h"
#include "weerbaar/sqlite/sqlcipher_database.h"
#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar::server {
namespace {

struct BackupFinisher {
    void operator()(sqlite3_backup* backup) const noexcept { sqlite3_backup_finish(backup); }
};

Result<SnapshotFacts> read_facts(sqlite3* db) {
    SnapshotFacts facts;
    WEERBAAR_ASSIGN_OR_RETURN(
        auto version,
        SqliteStatement::prepare(db, "SELECT coalesce(max(version), 0) FROM schema_version;"));
    WEERBAAR_ASSIGN_OR_RETURN(const bool has_version, version.step());
    facts.schema_version = has_version ? static_cast<int>(version.column_int64(0)) : 0;

    WEERBAAR_ASSIGN_OR_RETURN(
        auto head, SqliteStatement::prepare(
                       db, "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1;"));
    WEERBAAR_ASSIGN_OR_RETURN(const bool has_head, head.step());
    if (has_head) {
        facts.audit_sequence = static_cast<std::uint64_t>(head.column_int64(0));
        facts.audit_head_hash = head.column_blob(1);
    } else {
        facts.audit_head_hash.assign(crypto::kAuditHashSize, 0);
    }

    WEERBAAR_ASSIGN_OR_RETURN(
        auto blobs,
        SqliteStatement::prepare(db,
                                 "SELECT case_id, attachment_id, size, hash FROM attachments "
                                 "WHERE state = 'bound' ORDER BY case_id, attachment_id;"));
    for (;;) {
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, blobs.step());
        if (!row) {
            break;
        }
        facts.blobs.push_back(SnapshotBlob{blobs.column_blob(0), blobs.column_blob(1),
                                           static_cast<std::uint64_t>(blobs.column_int64(2)),
                                           blobs.column_blob(3)});
    }
    return facts;
}

Result<std::vector<crypto::Bytes>> all_blobs(sqlite3* db, const char* sql) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement, SqliteStatement::prepare(db, sql));
    std::vector<crypto::Bytes> rows;
    for (;;) {
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, statement.step());
        if (!row) {
            return rows;
        }
        rows.push_back(statement.column_blob(0));
    }
}

}  // namespace

Result<SnapshotFacts> copy_live_database(const std::filesystem::path& source,
                                         const std::filesystem::path& copy,
                                         const crypto::SecretBuffer& key) {
    SqlcipherOpenOptions existing;
    existing.create = false;
    WEERBAAR_ASSIGN_OR_RETURN(SqliteConnection from,
                              open_sqlcipher_database(source, key, existing));
    WEERBAAR_ASSIGN_OR_RETURN(SqliteConnection to,
                              open_sqlcipher_database(copy, key, SqlcipherOpenOptions{}));
    {
        std::unique_ptr<sqlite3_backup, BackupFinisher> backup(
            sqlite3_backup_init(to.get(), "main", from.get(), "main"));
        if (!backup) {
            return sqlite_error(to.get(), sqlite3_errcode(to.get()), "start the database copy");
        }
        // -1: every page in one step, so one read transaction on the source sees one
        // commit throughout. A busy source (the writer checkpointing) is waited for by
        // the busy timeout of the connection.
        const int rc = sqlite3_backup_step(backup.get(), -1);
        if (rc != SQLITE_DONE) {
            return sqlite_error(to.get(), rc, "copy the database");
        }
    }
    from.reset();
    // Neither pending uploads nor sessions outlive a restore: the uploader sends the
    // blob again, and members log in again.
    // The pending blobs' bytes leave their uploaders' counts with them (member_usage,
    // counted again from what the copy holds).
    WEERBAAR_TRY(
        sqlite_execute(to.get(),
                       "DELETE FROM attachments WHERE state = 'pending'; "
                       "DELETE FROM sessions; "
                       "DELETE FROM member_usage; "
                       "INSERT INTO member_usage (user, stored_bytes) "
                       "SELECT user, sum(bytes) FROM ("
                       "  SELECT author AS user, length(blob) AS bytes FROM records "
                       "  UNION ALL SELECT uploader AS user, size AS bytes FROM attachments)"
                       " GROUP BY user;"));
    WEERBAAR_ASSIGN_OR_RETURN(SnapshotFacts facts, read_facts(to.get()));
    // One self-contained file: the WAL folded back and removed.
    WEERBAAR_ASSIGN_OR_RETURN(auto journal,
                              SqliteStatement::prepare(to.get(), "PRAGMA journal_mode = DELETE;"));
    WEERBAAR_ASSIGN_OR_RETURN(const bool answered, journal.step());
    if (!answered || journal.column_text(0) != "delete") {
        return Error(ErrorCode::internal, "the database copy stays in WAL mode");
    }
    return facts;
}

Result<DatabaseCheck> check_database_copy(const std::filesystem::path& copy,
                                          const crypto::SecretBuffer& key) {
    SqlcipherOpenOptions existing;
    existing.create = false;
    WEERBAAR_ASSIGN_OR_RETURN(SqliteConnection db, open_sqlcipher_database(copy, key, existing));
    DatabaseCheck check;
    {
        WEERBAAR_ASSIGN_OR_RETURN(auto integrity,
                                  SqliteStatement::prepare(db.get(), "PRAGMA integrity_check;"));
        std::string report;
        for (int lines = 0; lines < 10; ++lines) {
            WEERBAAR_ASSIGN_OR_RETURN(const bool row, integrity.step());
            if (!row) {
                break;
            }
            report += (report.empty() ? "" : "; ") + integrity.column_text(0);
        }
        check.integrity_ok = report == "ok";
        check.integrity_report = std::move(report);
    }
    if (!check.integrity_ok) {
        return check;
    }
    WEERBAAR_ASSIGN_OR_RETURN(check.facts, read_facts(db.get()));
    WEERBAAR_ASSIGN_OR_RETURN(
        check.audit_entries, all_blobs(db.get(), "SELECT entry FROM audit_log ORDER BY sequence;"));
    WEERBAAR_ASSIGN_OR_RETURN(
        check.audit_checkpoints,
        all_blobs(db.get(), "SELECT checkpoint FROM audit_checkpoints ORDER BY sequence;"));
    return check;
}

}  // namespace weerbaar::server
