#include "sqlcipher_storage.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <type_traits>

#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/sqlite/sqlcipher_database.h"

namespace weerbaar::server {
namespace {

// Append-only: a released migration is never edited, a change is a new entry.
// Entry i brings the schema from version i to version i + 1.
constexpr std::array<const char*, 13> kMigrations = {
    // 1: the first schema.
    R"sql(
CREATE TABLE bootstrap (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    code_hash BLOB NOT NULL
);
CREATE TABLE organisation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    root_sign_pk BLOB NOT NULL,
    created INTEGER NOT NULL
);
CREATE TABLE members (
    user TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    certificate BLOB NOT NULL,
    active INTEGER NOT NULL,
    created INTEGER NOT NULL
);
CREATE TABLE enrolments (
    user TEXT PRIMARY KEY,
    sign_pk BLOB NOT NULL,
    enc_pk BLOB NOT NULL,
    signature BLOB NOT NULL,
    created INTEGER NOT NULL
);
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user TEXT NOT NULL REFERENCES members(user),
    expires INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions(expires);
CREATE TABLE cases (
    case_id BLOB PRIMARY KEY,
    epoch INTEGER NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    creator TEXT NOT NULL REFERENCES members(user),
    record_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE case_members (
    case_id BLOB NOT NULL REFERENCES cases(case_id),
    user TEXT NOT NULL REFERENCES members(user),
    epoch INTEGER NOT NULL,
    wrap BLOB NOT NULL,
    PRIMARY KEY (case_id, user, epoch)
);
CREATE INDEX case_members_by_user ON case_members(user);
CREATE TABLE records (
    case_id BLOB NOT NULL REFERENCES cases(case_id),
    sequence INTEGER NOT NULL,
    record_id BLOB NOT NULL,
    epoch INTEGER NOT NULL,
    author TEXT NOT NULL,
    blob BLOB NOT NULL,
    stored INTEGER NOT NULL,
    PRIMARY KEY (case_id, sequence),
    UNIQUE (case_id, record_id)
);
)sql",
    // 2: revocations, key rotation after a revocation, the audit chain.
    R"sql(
CREATE TABLE revocations (
    user TEXT PRIMARY KEY,
    revocation BLOB NOT NULL,
    created INTEGER NOT NULL
);
ALTER TABLE cases ADD COLUMN rotation_required INTEGER NOT NULL DEFAULT 0;
CREATE TABLE audit_log (
    sequence INTEGER PRIMARY KEY,
    entry BLOB NOT NULL,
    hash BLOB NOT NULL
);
CREATE TABLE audit_checkpoints (
    sequence INTEGER PRIMARY KEY,
    checkpoint BLOB NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user);
)sql",
    // 3: retention deadlines and attachments (blobs on disk, rows here).
    R"sql(
ALTER TABLE cases ADD COLUMN retention_until INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_by_retention ON cases(retention_until) WHERE retention_until > 0;
CREATE TABLE attachments (
    case_id BLOB NOT NULL REFERENCES cases(case_id),
    attachment_id BLOB NOT NULL,
    size INTEGER NOT NULL,
    hash BLOB NOT NULL,
    uploader TEXT NOT NULL REFERENCES members(user),
    created INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'bound')),
    sequence INTEGER,
    PRIMARY KEY (case_id, attachment_id),
    FOREIGN KEY (case_id, sequence) REFERENCES records(case_id, sequence),
    CHECK ((state = 'bound') = (sequence IS NOT NULL))
);
CREATE INDEX attachments_pending ON attachments(created) WHERE state = 'pending';
CREATE INDEX attachments_pending_by_uploader ON attachments(uploader) WHERE state = 'pending';
)sql",
    // 4: each record's hash, so an append that names records which are not in the
    // case is refused (a member cannot fake a dropped record). Filled for existing
    // rows by fill_record_hashes() in the same transaction.
    R"sql(
ALTER TABLE records ADD COLUMN hash BLOB;
CREATE INDEX records_by_hash ON records(case_id, hash);
)sql",
    // 5: a revoked member may enrol again under the same name; the certificates
    // they held before stay, with their revocations, so old signatures still verify.
    R"sql(
CREATE TABLE past_certificates (
    id INTEGER PRIMARY KEY,
    user TEXT NOT NULL REFERENCES members(user),
    certificate BLOB NOT NULL,
    revocation BLOB NOT NULL,
    revoked INTEGER NOT NULL,
    replaced INTEGER NOT NULL
);
CREATE INDEX past_certificates_by_user ON past_certificates(user);
)sql",
    // 6: sync in one round trip. One server-wide change version, raised by every
    // change to a case and stamped on it; a tombstone for each member who lost a
    // case. Existing cases get distinct versions (their rowids), so a first sync
    // sees each of them once. audit_durable notes how far the audit log was made
    // durable on purpose (read audit entries are committed without an fsync).
    R"sql(
CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET version = rowid;
INSERT INTO sync_state (id, version) SELECT 1, coalesce(max(version), 0) FROM cases;
CREATE INDEX cases_by_version ON cases(version);
CREATE TABLE case_tombstones (
    case_id BLOB NOT NULL,
    user TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (case_id, user)
);
CREATE INDEX case_tombstones_by_user ON case_tombstones(user, version);
CREATE TABLE audit_durable (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    sequence INTEGER NOT NULL
);
)sql",
    // 7: the research compartment. The research key's certificates by generation,
    // its wraps to coordinators, one sealed research record per case (replaced as
    // the case evolves, deleted with it), and the privacy ledger, whose budget
    // fields are columns so that the budget check need not decode every entry.
    R"sql(
CREATE TABLE research_keys (
    generation INTEGER PRIMARY KEY,
    certificate BLOB NOT NULL,
    issuer TEXT NOT NULL REFERENCES members(user),
    created INTEGER NOT NULL
);
CREATE TABLE research_key_wraps (
    generation INTEGER NOT NULL REFERENCES research_keys(generation),
    user TEXT NOT NULL REFERENCES members(user),
    wrap BLOB NOT NULL,
    granter TEXT NOT NULL REFERENCES members(user),
    created INTEGER NOT NULL,
    PRIMARY KEY (generation, user)
);
CREATE TABLE research_records (
    case_id BLOB PRIMARY KEY REFERENCES cases(case_id),
    generation INTEGER NOT NULL REFERENCES research_keys(generation),
    author TEXT NOT NULL REFERENCES members(user),
    record BLOB NOT NULL,
    stored INTEGER NOT NULL
);
CREATE TABLE privacy_ledger (
    sequence INTEGER PRIMARY KEY,
    entry BLOB NOT NULL,
    hash BLOB NOT NULL,
    exporter TEXT NOT NULL REFERENCES members(user),
    from_quarter INTEGER NOT NULL,
    to_quarter INTEGER NOT NULL,
    epsilon_millis INTEGER NOT NULL,
    stored INTEGER NOT NULL,
    CHECK (from_quarter <= to_quarter)
);
)sql",
    // 8: several pending enrolments per name, one per signing key (a stranger's
    // request no longer replaces the member's own); listed in arrival order.
    R"sql(
CREATE TABLE enrolments_by_key (
    user TEXT NOT NULL,
    sign_pk BLOB NOT NULL,
    enc_pk BLOB NOT NULL,
    signature BLOB NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (user, sign_pk)
);
INSERT INTO enrolments_by_key (user, sign_pk, enc_pk, signature, created)
    SELECT user, sign_pk, enc_pk, signature, created FROM enrolments ORDER BY created, user;
DROP TABLE enrolments;
ALTER TABLE enrolments_by_key RENAME TO enrolments;
CREATE INDEX enrolments_by_created ON enrolments(created);
)sql",
    // 9: the audit entries that name each case, so a case's access log is read
    // from an index instead of decoding the whole chain. Filled for existing
    // entries by fill_audit_case_index() in the same transaction.
    R"sql(
CREATE TABLE audit_by_case (
    case_id BLOB NOT NULL,
    sequence INTEGER NOT NULL REFERENCES audit_log(sequence),
    PRIMARY KEY (case_id, sequence)
) WITHOUT ROWID;
)sql",
    // 10: the organisation root key in shares (docs/adr/0008-root-key-shares.md): the
    // current split (one at a time: a new one replaces it), its shares sealed to
    // coordinators, and the shares their holders re-sealed to a recovering
    // coordinator. The server reads none of the sealed parts.
    R"sql(
CREATE TABLE root_key_splits (
    split_id BLOB PRIMARY KEY,
    threshold INTEGER NOT NULL,
    share_count INTEGER NOT NULL,
    splitter TEXT NOT NULL REFERENCES members(user),
    created INTEGER NOT NULL,
    root_signature BLOB NOT NULL,
    stored INTEGER NOT NULL,
    CHECK (threshold >= 2 AND threshold <= share_count)
);
CREATE TABLE root_key_shares (
    split_id BLOB NOT NULL REFERENCES root_key_splits(split_id),
    holder TEXT NOT NULL REFERENCES members(user),
    number INTEGER NOT NULL,
    share BLOB NOT NULL,
    PRIMARY KEY (split_id, holder),
    UNIQUE (split_id, number)
);
CREATE TABLE root_key_releases (
    split_id BLOB NOT NULL REFERENCES root_key_splits(split_id),
    holder TEXT NOT NULL REFERENCES members(user),
    recipient TEXT NOT NULL REFERENCES members(user),
    release BLOB NOT NULL,
    stored INTEGER NOT NULL,
    PRIMARY KEY (split_id, holder, recipient)
);
)sql",
    // 11: what each member has stored, for the per-member quota (docs/server.md,
    // "Quotas and a full disk"): the sealed records they authored and the
    // attachment blobs they uploaded, pending or bound. Kept by triggers in the
    // transaction that adds or deletes the rows, so an append reads one row
    // instead of summing a table; filled for the rows stored before.
    R"sql(
CREATE TABLE member_usage (
    user TEXT PRIMARY KEY,
    stored_bytes INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO member_usage (user, stored_bytes)
    SELECT user, sum(bytes) FROM (
        SELECT author AS user, length(blob) AS bytes FROM records
        UNION ALL
        SELECT uploader AS user, size AS bytes FROM attachments)
    GROUP BY user;
CREATE TRIGGER member_usage_record_added AFTER INSERT ON records BEGIN
    INSERT OR IGNORE INTO member_usage (user, stored_bytes) VALUES (NEW.author, 0);
    UPDATE member_usage SET stored_bytes = stored_bytes + length(NEW.blob)
        WHERE user = NEW.author;
END;
CREATE TRIGGER member_usage_record_deleted AFTER DELETE ON records BEGIN
    UPDATE member_usage SET stored_bytes = stored_bytes - length(OLD.blob)
        WHERE user = OLD.author;
END;
CREATE TRIGGER member_usage_attachment_added AFTER INSERT ON attachments BEGIN
    INSERT OR IGNORE INTO member_usage (user, stored_bytes) VALUES (NEW.uploader, 0);
    UPDATE member_usage SET stored_bytes = stored_bytes + NEW.size WHERE user = NEW.uploader;
END;
CREATE TRIGGER member_usage_attachment_deleted AFTER DELETE ON attachments BEGIN
    UPDATE member_usage SET stored_bytes = stored_bytes - OLD.size WHERE user = OLD.uploader;
END;
)sql",
    // 12: restores from backup (docs/adr/0009-restore-without-losing-what-clients-saw.md):
    // the sequence of each server_restored audit entry, so that GetOrganisation finds
    // the notices without decoding the chain. Its checkpoint is the one signed at the
    // same sequence.
    R"sql(
CREATE TABLE restore_notices (
    sequence INTEGER PRIMARY KEY REFERENCES audit_log(sequence)
);
)sql",
    // 13: member_usage kept by this file's writes (add_usage, delete_case,
    // delete_attachment) instead of triggers: bench_storage measured the triggers
    // at 1.09x to 1.4x the writer's time per append (docs/benchmarks.md, "Storage
    // quota"), likely because an insert into a table with a trigger runs with a
    // statement journal, whose pages SQLCipher encrypts.
    R"sql(
DROP TRIGGER member_usage_record_added;
DROP TRIGGER member_usage_record_deleted;
DROP TRIGGER member_usage_attachment_added;
DROP TRIGGER member_usage_attachment_deleted;
)sql",
};

// The columns case_from reads, in its order.
constexpr const char* kCaseColumns =
    "cases.case_id, cases.epoch, cases.created, cases.updated, cases.creator, "
    "cases.record_count, cases.rotation_required, cases.retention_until, cases.version";

// Migration 4's data step: SQL cannot compute BLAKE2b, so the hashes of records
// stored before it are computed here, inside the migration's transaction.
Status fill_record_hashes(sqlite3* db) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto select, SqliteStatement::prepare(
                         db, "SELECT case_id, sequence, blob FROM records WHERE hash IS NULL;"));
    struct Row {
        Bytes case_id;
        std::int64_t sequence;
        Bytes hash;
    };
    std::vector<Row> rows;
    for (;;) {
        WEERBAAR_ASSIGN_OR_RETURN(const bool found, select.step());
        if (!found) {
            break;
        }
        rows.push_back({select.column_blob(0), select.column_int64(1),
                        crypto::record_hash(select.column_blob(2))});
    }
    for (const Row& row : rows) {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto update,
            SqliteStatement::prepare(
                db, "UPDATE records SET hash = ? WHERE case_id = ? AND sequence = ?;"));
        WEERBAAR_TRY(update.bind(1, row.hash).bind(2, row.case_id).bind(3, row.sequence).run());
    }
    return ok_status();
}

// Migration 9's data step: the case id sits inside each encoded entry, so the
// index of entries by case is built here by decoding them. An entry that does not
// decode names no case the index could give (it was never readable by case).
Status fill_audit_case_index(sqlite3* db) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto select, SqliteStatement::prepare(db, "SELECT sequence, entry FROM audit_log;"));
    WEERBAAR_ASSIGN_OR_RETURN(
        auto insert, SqliteStatement::prepare(
                         db, "INSERT INTO audit_by_case (case_id, sequence) VALUES (?, ?);"));
    for (;;) {
        WEERBAAR_ASSIGN_OR_RETURN(const bool found, select.step());
        if (!found) {
            break;
        }
        auto entry = crypto::AuditEntry::decode(select.column_blob(1));
        if (!entry.ok() || entry.value().body().case_id.empty()) {
            continue;
        }
        WEERBAAR_TRY(
            insert.bind(1, entry.value().body().case_id).bind(2, select.column_int64(0)).run());
        insert.reset();
    }
    return ok_status();
}

CaseRow case_from(const SqliteStatement& statement) {
    CaseRow row;
    row.case_id = statement.column_blob(0);
    row.epoch = static_cast<std::uint32_t>(statement.column_int64(1));
    row.created = statement.column_int64(2);
    row.updated = statement.column_int64(3);
    row.creator = statement.column_text(4);
    row.record_count = static_cast<std::uint64_t>(statement.column_int64(5));
    row.rotation_required = statement.column_int64(6) != 0;
    row.retention_until = statement.column_int64(7);
    row.version = static_cast<std::uint64_t>(statement.column_int64(8));
    return row;
}

// The columns attachment_from reads, in its order.
constexpr const char* kAttachmentColumns =
    "case_id, attachment_id, size, hash, uploader, created, sequence";

AttachmentRow attachment_from(const SqliteStatement& statement) {
    AttachmentRow row;
    row.case_id = statement.column_blob(0);
    row.attachment_id = statement.column_blob(1);
    row.size = static_cast<std::uint64_t>(statement.column_int64(2));
    row.hash = statement.column_blob(3);
    row.uploader = statement.column_text(4);
    row.created = statement.column_int64(5);
    if (!statement.column_is_null(6)) {
        row.sequence = static_cast<std::uint64_t>(statement.column_int64(6));
    }
    return row;
}

MemberRow member_from(const SqliteStatement& statement) {
    MemberRow row;
    row.user = statement.column_text(0);
    row.role = statement.column_text(1);
    row.certificate = statement.column_blob(2);
    row.active = statement.column_int64(3) != 0;
    row.created = statement.column_int64(4);
    if (!statement.column_is_null(5)) {
        row.revocation = statement.column_blob(5);
    }
    return row;
}

EnrolmentRow enrolment_from(const SqliteStatement& statement) {
    EnrolmentRow row;
    row.user = statement.column_text(0);
    row.sign_pk = statement.column_blob(1);
    row.enc_pk = statement.column_blob(2);
    row.signature = statement.column_blob(3);
    row.created = statement.column_int64(4);
    row.position = statement.column_int64(5);
    return row;
}

SessionRow session_from(const SqliteStatement& statement) {
    return SessionRow{statement.column_text(0), statement.column_int64(1)};
}

CaseMemberRow case_member_from(const SqliteStatement& statement) {
    return CaseMemberRow{statement.column_text(0),
                         static_cast<std::uint32_t>(statement.column_int64(1)),
                         statement.column_blob(2)};
}

Bytes first_blob_from(const SqliteStatement& statement) { return statement.column_blob(0); }

// The columns research_key_wrap_from and research_record_from read, in their order.
constexpr const char* kResearchKeyWrapColumns = "generation, user, wrap, granter, created";
constexpr const char* kResearchRecordColumns = "case_id, generation, author, record, stored";

ResearchKeyWrapRow research_key_wrap_from(const SqliteStatement& statement) {
    return ResearchKeyWrapRow{static_cast<std::uint32_t>(statement.column_int64(0)),
                              statement.column_text(1), statement.column_blob(2),
                              statement.column_text(3), statement.column_int64(4)};
}

ResearchRecordRow research_record_from(const SqliteStatement& statement) {
    return ResearchRecordRow{
        statement.column_blob(0), static_cast<std::uint32_t>(statement.column_int64(1)),
        statement.column_text(2), statement.column_blob(3), statement.column_int64(4)};
}

// The columns privacy_ledger_from reads, in its order.
constexpr const char* kPrivacyLedgerColumns =
    "sequence, entry, hash, exporter, from_quarter, to_quarter, epsilon_millis, stored";

PrivacyLedgerRow privacy_ledger_from(const SqliteStatement& statement) {
    PrivacyLedgerRow row;
    row.sequence = static_cast<std::uint64_t>(statement.column_int64(0));
    row.entry = statement.column_blob(1);
    row.hash = statement.column_blob(2);
    row.exporter = statement.column_text(3);
    row.from_quarter = static_cast<std::uint32_t>(statement.column_int64(4));
    row.to_quarter = static_cast<std::uint32_t>(statement.column_int64(5));
    row.epsilon_millis = static_cast<std::uint32_t>(statement.column_int64(6));
    row.stored = statement.column_int64(7);
    return row;
}

AuditRow audit_from(const SqliteStatement& statement) {
    return AuditRow{static_cast<std::uint64_t>(statement.column_int64(0)), statement.column_blob(1),
                    statement.column_blob(2)};
}

// SQLite integers are signed: sequences beyond int64 do not exist, so a bound
// past it is clamped rather than wrapped.
std::int64_t as_sql_sequence(std::uint64_t sequence) {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(std::min(sequence, kMax));
}

template <typename Read>
using RowOf = std::invoke_result_t<Read&, const SqliteStatement&>;

// The statement's first row, read by `read`, or nothing when it returns no rows.
template <typename Read>
Result<std::optional<RowOf<Read>>> first_row(SqliteStatement& statement, Read read) {
    WEERBAAR_ASSIGN_OR_RETURN(const bool row, statement.step());
    if (!row) {
        return std::optional<RowOf<Read>>();
    }
    return std::optional<RowOf<Read>>(read(statement));
}

// Every row of the statement, each read by `read`.
template <typename Read>
Result<std::vector<RowOf<Read>>> all_rows(SqliteStatement& statement, Read read) {
    std::vector<RowOf<Read>> rows;
    for (;;) {
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, statement.step());
        if (!row) {
            return rows;
        }
        rows.push_back(read(statement));
    }
}

}  // namespace

Result<std::unique_ptr<SqlcipherStorage>> SqlcipherStorage::open(const std::filesystem::path& file,
                                                                 const crypto::SecretBuffer& key,
                                                                 const StorageSettings& settings) {
    return open_with_schema(file, key, latest_schema_version(), settings);
}

Result<std::unique_ptr<SqlcipherStorage>> SqlcipherStorage::open_with_schema(
    const std::filesystem::path& file, const crypto::SecretBuffer& key, int schema_version,
    const StorageSettings& settings) {
    if (schema_version < 1 || schema_version > latest_schema_version()) {
        return Error(ErrorCode::invalid_argument, "no such schema version");
    }
    SqlcipherOpenOptions options;
    options.page_size = settings.page_size;
    options.unencrypted_for_measurement = settings.unencrypted_for_measurement;
    WEERBAAR_ASSIGN_OR_RETURN(SqliteConnection db, open_sqlcipher_database(file, key, options));
    // A write is acknowledged only after its commit reached the disk.
    WEERBAAR_TRY(sqlite_execute(db.get(), "PRAGMA synchronous = FULL;"));
    WEERBAAR_TRY(sqlite_execute(db.get(), "PRAGMA foreign_keys = ON;"));
    WEERBAAR_TRY(sqlite_execute(
        db.get(),
        ("PRAGMA cache_size = -" + std::to_string(settings.cache_size_kib) + ";").c_str()));

    std::unique_ptr<SqlcipherStorage> storage(new SqlcipherStorage(std::move(db)));
    WEERBAAR_TRY(storage->migrate(schema_version));
    return storage;
}

void SqlcipherStorage::on_commit(std::function<void(int wal_pages)> committed) {
    on_commit_ = std::move(committed);
    sqlite3_wal_hook(
        db_.get(),
        [](void* self, sqlite3*, const char*, int pages) {
            auto& callback = static_cast<SqlcipherStorage*>(self)->on_commit_;
            if (callback) {
                callback(pages);
            }
            return SQLITE_OK;
        },
        this);
}

Result<int> SqlcipherStorage::checkpoint_wal() {
    int wal_pages = 0;
    int copied = 0;
    const int rc = sqlite3_wal_checkpoint_v2(db_.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                             &wal_pages, &copied);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
        return sqlite_error(db_.get(), rc, "checkpoint");
    }
    return copied;
}

int SqlcipherStorage::latest_schema_version() { return static_cast<int>(kMigrations.size()); }

Result<int> SqlcipherStorage::schema_version() {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT coalesce(max(version), 0) FROM schema_version;"));
    WEERBAAR_ASSIGN_OR_RETURN(const bool row, statement.step());
    if (!row) {
        return 0;
    }
    return static_cast<int>(statement.column_int64(0));
}

Status SqlcipherStorage::migrate(int target_version) {
    // IMMEDIATE: two connections opening at once must not both migrate.
    WEERBAAR_TRY(sqlite_execute(db_.get(), "BEGIN IMMEDIATE;"));
    struct RollbackUnlessDone {
        sqlite3* db;
        bool done = false;
        ~RollbackUnlessDone() {
            if (!done) {
                sqlite3_exec(db, "ROLLBACK;", nullptr, nullptr, nullptr);
            }
        }
    } guard{db_.get()};

    WEERBAAR_TRY(sqlite_execute(db_.get(),
                                "CREATE TABLE IF NOT EXISTS schema_version ("
                                "version INTEGER PRIMARY KEY, applied INTEGER NOT NULL);"));
    WEERBAAR_ASSIGN_OR_RETURN(const int current, schema_version());
    if (current > latest_schema_version()) {
        return Error(ErrorCode::failed_precondition,
                     "the database schema is version " + std::to_string(current) +
                         ", newer than this server (" + std::to_string(latest_schema_version()) +
                         "); upgrade the server");
    }
    for (int version = current; version < target_version; ++version) {
        WEERBAAR_TRY(sqlite_execute(db_.get(), kMigrations.at(static_cast<std::size_t>(version))));
        WEERBAAR_ASSIGN_OR_RETURN(
            auto insert,
            statements_.prepare(
                "INSERT INTO schema_version (version, applied) VALUES (?, strftime('%s','now'));"));
        WEERBAAR_TRY(insert.bind(1, static_cast<std::int64_t>(version + 1)).run());
        if (version + 1 == 4) {
            WEERBAAR_TRY(fill_record_hashes(db_.get()));
        }
        if (version + 1 == 9) {
            WEERBAAR_TRY(fill_audit_case_index(db_.get()));
        }
        spdlog::info("database schema migrated to version {}", version + 1);
    }
    WEERBAAR_TRY(statements_.execute("COMMIT;"));
    guard.done = true;
    return ok_status();
}

Status SqlcipherStorage::begin(TransactionKind kind) {
    return statements_.execute(kind == TransactionKind::write ? "BEGIN IMMEDIATE;"
                                                              : "BEGIN DEFERRED;");
}

Status SqlcipherStorage::commit() { return statements_.execute("COMMIT;"); }

void SqlcipherStorage::rollback() noexcept {
    // Fails harmlessly when SQLite already rolled back by itself.
    sqlite3_exec(db_.get(), "ROLLBACK;", nullptr, nullptr, nullptr);
}

Status SqlcipherStorage::savepoint() { return statements_.execute("SAVEPOINT write;"); }

Status SqlcipherStorage::release_savepoint() {
    return statements_.execute("RELEASE SAVEPOINT write;");
}

void SqlcipherStorage::rollback_to_savepoint() noexcept {
    sqlite3_exec(db_.get(), "ROLLBACK TO SAVEPOINT write; RELEASE SAVEPOINT write;", nullptr,
                 nullptr, nullptr);
}

Status SqlcipherStorage::set_durable_commits(bool durable) {
    // Not through statements_: SQLite applies a PRAGMA's setting while compiling it,
    // so a cached, recompiled-never PRAGMA statement would change nothing.
    return sqlite_execute(db_.get(),
                          durable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
}

bool SqlcipherStorage::in_transaction() noexcept { return sqlite3_get_autocommit(db_.get()) == 0; }

Result<std::optional<Bytes>> SqlcipherStorage::bootstrap_hash() {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("SELECT code_hash FROM bootstrap WHERE id = 1;"));
    return first_row(statement, first_blob_from);
}

Status SqlcipherStorage::set_bootstrap_hash(ByteView hash) {
    // No UPSERT in SQLite 3.15: REPLACE on the single-row table does the same.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT OR REPLACE INTO bootstrap (id, code_hash) VALUES (1, ?);"));
    return statement.bind(1, hash).run();
}

Status SqlcipherStorage::delete_bootstrap_hash() {
    return sqlite_execute(db_.get(), "DELETE FROM bootstrap;");
}

Result<std::optional<Bytes>> SqlcipherStorage::root_sign_pk() {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement, statements_.prepare("SELECT root_sign_pk FROM organisation WHERE id = 1;"));
    return first_row(statement, first_blob_from);
}

Status SqlcipherStorage::insert_organisation(ByteView root_sign_pk, std::int64_t now) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "INSERT INTO organisation (id, root_sign_pk, created) VALUES (1, ?, ?);"));
    return statement.bind(1, root_sign_pk).bind(2, now).run();
}

Result<std::optional<MemberRow>> SqlcipherStorage::member(const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "SELECT members.user, role, certificate, active, members.created, revocation "
            "FROM members LEFT JOIN revocations ON revocations.user = members.user "
            "WHERE members.user = ?;"));
    statement.bind(1, user);
    return first_row(statement, member_from);
}

Result<std::vector<MemberRow>> SqlcipherStorage::members() {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "SELECT members.user, role, certificate, active, members.created, revocation "
            "FROM members LEFT JOIN revocations ON revocations.user = members.user "
            "ORDER BY members.user;"));
    return all_rows(statement, member_from);
}

Status SqlcipherStorage::insert_member(const MemberRow& member) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT INTO members (user, role, certificate, active, created) "
                            "VALUES (?, ?, ?, ?, ?);"));
    return statement.bind(1, member.user)
        .bind(2, member.role)
        .bind(3, member.certificate)
        .bind(4, static_cast<std::int64_t>(member.active ? 1 : 0))
        .bind(5, member.created)
        .run();
}

Status SqlcipherStorage::deactivate_member(const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("UPDATE members SET active = 0 WHERE user = ?;"));
    return statement.bind(1, user).run();
}

Status SqlcipherStorage::replace_revoked_member(const MemberRow& fresh) {
    // One statement copies the row as it is, so the pair (certificate, revocation)
    // cannot be torn apart; the caller's transaction makes the three steps one.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto keep, statements_.prepare(
                       "INSERT INTO past_certificates (user, certificate, revocation, revoked, "
                       "replaced) SELECT members.user, members.certificate, "
                       "revocations.revocation, revocations.created, ? FROM members JOIN "
                       "revocations ON revocations.user = members.user WHERE members.user = ?;"));
    WEERBAAR_TRY(keep.bind(1, fresh.created).bind(2, fresh.user).run());
    if (sqlite3_changes(db_.get()) != 1) {
        return Error(ErrorCode::failed_precondition, fresh.user + " is not a revoked member");
    }
    WEERBAAR_ASSIGN_OR_RETURN(auto forget,
                              statements_.prepare("DELETE FROM revocations WHERE user = ?;"));
    WEERBAAR_TRY(forget.bind(1, fresh.user).run());
    WEERBAAR_ASSIGN_OR_RETURN(
        auto replace,
        statements_.prepare("UPDATE members SET role = ?, certificate = ?, active = ?, "
                            "created = ? WHERE user = ?;"));
    return replace.bind(1, fresh.role)
        .bind(2, fresh.certificate)
        .bind(3, static_cast<std::int64_t>(fresh.active ? 1 : 0))
        .bind(4, fresh.created)
        .bind(5, fresh.user)
        .run();
}

Result<std::vector<PastCertificateRow>> SqlcipherStorage::past_certificates(
    const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement, statements_.prepare("SELECT certificate, revocation FROM past_certificates "
                                            "WHERE user = ? ORDER BY id;"));
    statement.bind(1, user);
    return all_rows(statement, [](const SqliteStatement& row) {
        return PastCertificateRow{row.column_blob(0), row.column_blob(1)};
    });
}

Status SqlcipherStorage::insert_revocation(const std::string& user, ByteView revocation,
                                           std::int64_t now) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "INSERT INTO revocations (user, revocation, created) VALUES (?, ?, ?);"));
    return statement.bind(1, user).bind(2, revocation).bind(3, now).run();
}

Result<std::vector<Bytes>> SqlcipherStorage::revocations() {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT revocation FROM (SELECT revocation, created, user FROM "
                            "revocations UNION ALL SELECT revocation, revoked, user FROM "
                            "past_certificates) ORDER BY created, user;"));
    return all_rows(statement, first_blob_from);
}

Result<std::optional<EnrolmentRow>> SqlcipherStorage::enrolment(const std::string& user,
                                                                ByteView sign_pk) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT user, sign_pk, enc_pk, signature, created, rowid "
                            "FROM enrolments WHERE user = ? AND sign_pk = ?;"));
    statement.bind(1, user).bind(2, sign_pk);
    return first_row(statement, enrolment_from);
}

Result<std::vector<EnrolmentRow>> SqlcipherStorage::enrolments(const EnrolmentQuery& query) {
    // Keyset paging on rowid: arrival order (a request sent again is stored anew, so
    // it moves to the end), stable while requests come and go between pages.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT user, sign_pk, enc_pk, signature, created, rowid "
                            "FROM enrolments WHERE rowid > ? AND created >= ? "
                            "AND (? = '' OR user = ?) ORDER BY rowid LIMIT ?;"));
    statement.bind(1, query.after_position)
        .bind(2, query.created_since)
        .bind(3, query.user)
        .bind(4, query.user)
        .bind(5, static_cast<std::int64_t>(query.limit));
    return all_rows(statement, enrolment_from);
}

Result<std::uint64_t> SqlcipherStorage::count_enrolments(const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT count(*) FROM enrolments WHERE (? = '' OR user = ?);"));
    statement.bind(1, user).bind(2, user);
    WEERBAAR_ASSIGN_OR_RETURN(const bool found, statement.step());
    return found ? static_cast<std::uint64_t>(statement.column_int64(0)) : std::uint64_t{0};
}

Status SqlcipherStorage::put_enrolment(const EnrolmentRow& enrolment) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "INSERT OR REPLACE INTO enrolments (user, sign_pk, enc_pk, signature, created) "
            "VALUES (?, ?, ?, ?, ?);"));
    return statement.bind(1, enrolment.user)
        .bind(2, enrolment.sign_pk)
        .bind(3, enrolment.enc_pk)
        .bind(4, enrolment.signature)
        .bind(5, enrolment.created)
        .run();
}

Status SqlcipherStorage::delete_enrolments_of(const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("DELETE FROM enrolments WHERE user = ?;"));
    return statement.bind(1, user).run();
}

Status SqlcipherStorage::delete_enrolments_created_before(std::int64_t time) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("DELETE FROM enrolments WHERE created < ?;"));
    return statement.bind(1, time).run();
}

Result<std::optional<SessionRow>> SqlcipherStorage::session(ByteView token_hash) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT user, expires FROM sessions WHERE token_hash = ?;"));
    statement.bind(1, token_hash);
    return first_row(statement, session_from);
}

Status SqlcipherStorage::insert_session(ByteView token_hash, const SessionRow& session) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT INTO sessions (token_hash, user, expires) VALUES (?, ?, ?);"));
    return statement.bind(1, token_hash).bind(2, session.user).bind(3, session.expires).run();
}

Status SqlcipherStorage::delete_sessions_expired_before(std::int64_t now) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("DELETE FROM sessions WHERE expires < ?;"));
    return statement.bind(1, now).run();
}

Result<std::uint64_t> SqlcipherStorage::count_sessions_valid_at(std::int64_t now) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement, statements_.prepare("SELECT count(*) FROM sessions WHERE expires > ?;"));
    statement.bind(1, now);
    WEERBAAR_ASSIGN_OR_RETURN(const bool found, statement.step());
    return found ? static_cast<std::uint64_t>(statement.column_int64(0)) : std::uint64_t{0};
}

Status SqlcipherStorage::delete_sessions_of(const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("DELETE FROM sessions WHERE user = ?;"));
    return statement.bind(1, user).run();
}

Status SqlcipherStorage::delete_session(ByteView token_hash) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("DELETE FROM sessions WHERE token_hash = ?;"));
    return statement.bind(1, token_hash).run();
}

Status SqlcipherStorage::keep_newest_sessions_of(const std::string& user, std::size_t keep) {
    // The index sessions_by_user keeps both the count and the sort small: at most
    // kMaxSessionsPerMember rows per member are ever there.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "DELETE FROM sessions WHERE user = ? AND rowid NOT IN (SELECT rowid FROM sessions "
            "WHERE user = ? ORDER BY expires DESC, rowid DESC LIMIT ?);"));
    return statement.bind(1, user).bind(2, user).bind(3, static_cast<std::int64_t>(keep)).run();
}

Result<std::uint64_t> SqlcipherStorage::next_change_version() {
    WEERBAAR_TRY(statements_.execute("UPDATE sync_state SET version = version + 1;"));
    return change_version();
}

Result<std::uint64_t> SqlcipherStorage::change_version() {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("SELECT version FROM sync_state WHERE id = 1;"));
    WEERBAAR_ASSIGN_OR_RETURN(const bool row, statement.step());
    if (!row) {
        spdlog::warn("sqlite: the sync state row is missing");
        return Error(ErrorCode::internal, "database error");
    }
    return static_cast<std::uint64_t>(statement.column_int64(0));
}

Result<std::vector<CaseRow>> SqlcipherStorage::cases_changed_since(const std::string& user,
                                                                   std::uint64_t since,
                                                                   std::size_t limit) {
    // Walks cases_by_version from `since`: a sync with little changed reads little.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(std::string("SELECT ") + kCaseColumns +
                            " FROM cases WHERE cases.version > ? AND EXISTS (SELECT 1 FROM "
                            "case_members WHERE case_members.case_id = cases.case_id AND "
                            "case_members.user = ? AND case_members.epoch = cases.epoch) "
                            "ORDER BY cases.version LIMIT ?;"));
    statement.bind(1, as_sql_sequence(since)).bind(2, user).bind(3, as_sql_sequence(limit));
    return all_rows(statement, case_from);
}

Result<std::vector<RemovedCaseRow>> SqlcipherStorage::cases_removed_since(const std::string& user,
                                                                          std::uint64_t since,
                                                                          std::size_t limit) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "SELECT case_id, version FROM case_tombstones WHERE user = ?1 AND version > ?2 "
            "AND NOT EXISTS (SELECT 1 FROM case_members JOIN cases "
            "ON cases.case_id = case_members.case_id AND cases.epoch = case_members.epoch "
            "WHERE case_members.case_id = case_tombstones.case_id AND case_members.user = ?1) "
            "ORDER BY version LIMIT ?3;"));
    statement.bind(1, user).bind(2, as_sql_sequence(since)).bind(3, as_sql_sequence(limit));
    return all_rows(statement, [](const SqliteStatement& row) {
        return RemovedCaseRow{row.column_blob(0), static_cast<std::uint64_t>(row.column_int64(1))};
    });
}

Result<std::optional<CaseRow>> SqlcipherStorage::find_case(ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare(std::string("SELECT ") + kCaseColumns +
                                                  " FROM cases WHERE case_id = ?;"));
    statement.bind(1, case_id);
    return first_row(statement, case_from);
}

Result<std::vector<CaseRow>> SqlcipherStorage::cases_of(const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            std::string("SELECT ") + kCaseColumns +
            " FROM cases WHERE case_id IN "
            "(SELECT case_members.case_id FROM case_members JOIN cases AS current "
            "ON current.case_id = case_members.case_id AND current.epoch = case_members.epoch "
            "WHERE case_members.user = ?) ORDER BY updated DESC, case_id;"));
    statement.bind(1, user);
    return all_rows(statement, case_from);
}

Status SqlcipherStorage::insert_case(const CaseRow& row) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT INTO cases (case_id, epoch, created, updated, creator, "
                            "record_count, version) VALUES (?, ?, ?, ?, ?, 0, ?);"));
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t version, next_change_version());
    return statement.bind(1, row.case_id)
        .bind(2, static_cast<std::int64_t>(row.epoch))
        .bind(3, row.created)
        .bind(4, row.updated)
        .bind(5, row.creator)
        .bind(6, as_sql_sequence(version))
        .run();
}

Status SqlcipherStorage::touch_case(ByteView case_id, std::int64_t now) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("UPDATE cases SET updated = ?, version = ? WHERE case_id = ?;"));
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t version, next_change_version());
    return statement.bind(1, now).bind(2, as_sql_sequence(version)).bind(3, case_id).run();
}

Status SqlcipherStorage::require_rotation(ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement, statements_.prepare("UPDATE cases SET rotation_required = 1, version = ? "
                                            "WHERE case_id = ?;"));
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t version, next_change_version());
    return statement.bind(1, as_sql_sequence(version)).bind(2, case_id).run();
}

Status SqlcipherStorage::start_epoch(ByteView case_id, std::uint32_t epoch, std::int64_t now) {
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t version, next_change_version());
    // Before the epoch moves: whoever held the old epoch and holds no key of the new
    // one loses the case now.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto tombstones,
        statements_.prepare(
            "INSERT OR REPLACE INTO case_tombstones (case_id, user, version) "
            "SELECT old.case_id, old.user, ?1 FROM case_members AS old "
            "JOIN cases ON cases.case_id = old.case_id AND cases.epoch = old.epoch "
            "WHERE old.case_id = ?2 AND NOT EXISTS (SELECT 1 FROM case_members AS new "
            "WHERE new.case_id = old.case_id AND new.user = old.user AND new.epoch = ?3);"));
    WEERBAAR_TRY(tombstones.bind(1, as_sql_sequence(version))
                     .bind(2, case_id)
                     .bind(3, static_cast<std::int64_t>(epoch))
                     .run());
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("UPDATE cases SET epoch = ?, rotation_required = 0, updated = ?, "
                            "version = ? WHERE case_id = ?;"));
    return statement.bind(1, static_cast<std::int64_t>(epoch))
        .bind(2, now)
        .bind(3, as_sql_sequence(version))
        .bind(4, case_id)
        .run();
}

Status SqlcipherStorage::set_retention(ByteView case_id, std::int64_t until) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "UPDATE cases SET retention_until = ?, version = ? WHERE case_id = ?;"));
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t version, next_change_version());
    return statement.bind(1, until).bind(2, as_sql_sequence(version)).bind(3, case_id).run();
}

Result<std::vector<Bytes>> SqlcipherStorage::cases_expired_at(std::int64_t now, std::size_t limit) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT case_id FROM cases WHERE retention_until > 0 "
                            "AND retention_until <= ? ORDER BY retention_until LIMIT ?;"));
    statement.bind(1, now).bind(2, as_sql_sequence(limit));
    return all_rows(statement, first_blob_from);
}

Status SqlcipherStorage::delete_case(ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t version, next_change_version());
    WEERBAAR_ASSIGN_OR_RETURN(
        auto tombstones,
        statements_.prepare(
            "INSERT OR REPLACE INTO case_tombstones (case_id, user, version) "
            "SELECT case_members.case_id, case_members.user, ? FROM case_members JOIN cases "
            "ON cases.case_id = case_members.case_id AND cases.epoch = case_members.epoch "
            "WHERE case_members.case_id = ?;"));
    WEERBAAR_TRY(tombstones.bind(1, as_sql_sequence(version)).bind(2, case_id).run());
    // What the case held no longer counts towards its authors' and uploaders' quota.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto usage,
        statements_.prepare("UPDATE member_usage SET stored_bytes = stored_bytes "
                            "- (SELECT coalesce(sum(length(blob)), 0) FROM records "
                            "   WHERE case_id = ?1 AND author = member_usage.user) "
                            "- (SELECT coalesce(sum(size), 0) FROM attachments "
                            "   WHERE case_id = ?1 AND uploader = member_usage.user) "
                            "WHERE user IN (SELECT author FROM records WHERE case_id = ?1 "
                            "   UNION SELECT uploader FROM attachments WHERE case_id = ?1);"));
    WEERBAAR_TRY(usage.bind(1, case_id).run());
    // Children first: the foreign keys are enforced.
    for (const char* sql :
         {"DELETE FROM research_records WHERE case_id = ?;",
          "DELETE FROM attachments WHERE case_id = ?;", "DELETE FROM records WHERE case_id = ?;",
          "DELETE FROM case_members WHERE case_id = ?;", "DELETE FROM cases WHERE case_id = ?;"}) {
        WEERBAAR_ASSIGN_OR_RETURN(auto statement, statements_.prepare(sql));
        WEERBAAR_TRY(statement.bind(1, case_id).run());
    }
    return ok_status();
}

Result<bool> SqlcipherStorage::has_tombstones(ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT 1 FROM case_tombstones WHERE case_id = ? LIMIT 1;"));
    statement.bind(1, case_id);
    return statement.step();
}

Result<bool> SqlcipherStorage::is_case_member(ByteView case_id, const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT 1 FROM case_members WHERE case_id = ? AND user = ? LIMIT 1;"));
    statement.bind(1, case_id).bind(2, user);
    return statement.step();
}

Result<std::vector<CaseMemberRow>> SqlcipherStorage::case_members(ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT user, epoch, wrap FROM case_members WHERE case_id = ? "
                            "ORDER BY epoch, user;"));
    statement.bind(1, case_id);
    return all_rows(statement, case_member_from);
}

Status SqlcipherStorage::replace_case_member_wrap(ByteView case_id, const CaseMemberRow& row) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("UPDATE case_members SET wrap = ? WHERE case_id "
                                                  "= ? AND user = ? AND epoch = ?;"));
    WEERBAAR_TRY(statement.bind(1, row.wrap)
                     .bind(2, case_id)
                     .bind(3, row.user)
                     .bind(4, static_cast<std::int64_t>(row.epoch))
                     .run());
    if (sqlite3_changes(db_.get()) != 1) {
        return Error(ErrorCode::not_found, "no key wrap to replace");
    }
    return ok_status();
}

Status SqlcipherStorage::insert_case_member(ByteView case_id, const CaseMemberRow& row) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "INSERT INTO case_members (case_id, user, epoch, wrap) VALUES (?, ?, ?, ?);"));
    return statement.bind(1, case_id)
        .bind(2, row.user)
        .bind(3, static_cast<std::int64_t>(row.epoch))
        .bind(4, row.wrap)
        .run();
}

Result<std::uint64_t> SqlcipherStorage::append_record(ByteView case_id, ByteView record_id,
                                                      std::uint32_t epoch,
                                                      const std::string& author, ByteView blob,
                                                      std::int64_t now) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto count, statements_.prepare("SELECT record_count FROM cases WHERE case_id = ?;"));
    count.bind(1, case_id);
    WEERBAAR_ASSIGN_OR_RETURN(const bool found, count.step());
    if (!found) {
        return Error(ErrorCode::not_found, "no such case");
    }
    const auto sequence = static_cast<std::uint64_t>(count.column_int64(0)) + 1;

    WEERBAAR_ASSIGN_OR_RETURN(
        auto insert,
        statements_.prepare("INSERT INTO records (case_id, sequence, record_id, epoch, "
                            "author, blob, stored, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?);"));
    WEERBAAR_TRY(insert.bind(1, case_id)
                     .bind(2, static_cast<std::int64_t>(sequence))
                     .bind(3, record_id)
                     .bind(4, static_cast<std::int64_t>(epoch))
                     .bind(5, author)
                     .bind(6, blob)
                     .bind(7, now)
                     .bind(8, crypto::record_hash(blob))
                     .run());
    WEERBAAR_TRY(add_usage(author, static_cast<std::int64_t>(blob.size())));

    WEERBAAR_ASSIGN_OR_RETURN(
        auto update,
        statements_.prepare(
            "UPDATE cases SET record_count = ?, updated = ?, version = ? WHERE case_id = ?;"));
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t version, next_change_version());
    WEERBAAR_TRY(update.bind(1, static_cast<std::int64_t>(sequence))
                     .bind(2, now)
                     .bind(3, as_sql_sequence(version))
                     .bind(4, case_id)
                     .run());
    return sequence;
}

Result<bool> SqlcipherStorage::has_records_with_hashes(ByteView case_id,
                                                       const std::vector<Bytes>& hashes) {
    // At most 64 hashes (crypto::kMaxSeenHashes), each one indexed lookup.
    for (const Bytes& hash : hashes) {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto select,
            statements_.prepare("SELECT 1 FROM records WHERE case_id = ? AND hash = ? LIMIT 1;"));
        select.bind(1, case_id).bind(2, hash);
        WEERBAAR_ASSIGN_OR_RETURN(const bool found, select.step());
        if (!found) {
            return false;
        }
    }
    return true;
}

Result<std::optional<RecordRow>> SqlcipherStorage::record_with_id(ByteView case_id,
                                                                  ByteView record_id) {
    WEERBAAR_ASSIGN_OR_RETURN(auto select,
                              statements_.prepare("SELECT sequence, blob, stored FROM records "
                                                  "WHERE case_id = ? AND record_id = ?;"));
    select.bind(1, case_id).bind(2, record_id);
    return first_row(select, [](const SqliteStatement& row) {
        return RecordRow{static_cast<std::uint64_t>(row.column_int64(0)), row.column_blob(1),
                         row.column_int64(2)};
    });
}

Result<std::vector<RecordRow>> SqlcipherStorage::records_after(ByteView case_id,
                                                               std::uint64_t after,
                                                               std::size_t max_bytes) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT sequence, blob, stored FROM records "
                            "WHERE case_id = ? AND sequence > ? ORDER BY sequence;"));
    std::vector<RecordRow> rows;
    if (after > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return rows;  // no sequence is that large
    }
    statement.bind(1, case_id).bind(2, static_cast<std::int64_t>(after));
    std::size_t total = 0;
    for (;;) {
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, statement.step());
        if (!row) {
            return rows;
        }
        RecordRow record{static_cast<std::uint64_t>(statement.column_int64(0)),
                         statement.column_blob(1), statement.column_int64(2)};
        if (!rows.empty() && total + record.blob.size() > max_bytes) {
            return rows;
        }
        total += record.blob.size();
        rows.push_back(std::move(record));
    }
}

Status SqlcipherStorage::insert_attachment(const AttachmentRow& row) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "INSERT INTO attachments (case_id, attachment_id, size, hash, uploader, created, "
            "state, sequence) VALUES (?, ?, ?, ?, ?, ?, 'pending', NULL);"));
    WEERBAAR_TRY(statement.bind(1, row.case_id)
                     .bind(2, row.attachment_id)
                     .bind(3, as_sql_sequence(row.size))
                     .bind(4, row.hash)
                     .bind(5, row.uploader)
                     .bind(6, row.created)
                     .run());
    return add_usage(row.uploader, as_sql_sequence(row.size));
}

Status SqlcipherStorage::add_usage(const std::string& user, std::int64_t bytes) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto update, statements_.prepare("UPDATE member_usage SET stored_bytes = stored_bytes + ? "
                                         "WHERE user = ?;"));
    WEERBAAR_TRY(update.bind(1, bytes).bind(2, user).run());
    if (sqlite3_changes(db_.get()) == 1) {
        return ok_status();
    }
    WEERBAAR_ASSIGN_OR_RETURN(
        auto insert,
        statements_.prepare("INSERT INTO member_usage (user, stored_bytes) VALUES (?, ?);"));
    return insert.bind(1, user).bind(2, bytes).run();
}

Result<std::optional<AttachmentRow>> SqlcipherStorage::attachment(ByteView case_id,
                                                                  ByteView attachment_id) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare(std::string("SELECT ") + kAttachmentColumns +
                                                  " FROM attachments WHERE case_id = ? "
                                                  "AND attachment_id = ?;"));
    statement.bind(1, case_id).bind(2, attachment_id);
    return first_row(statement, attachment_from);
}

Result<std::vector<AttachmentRow>> SqlcipherStorage::attachments_of_case(ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare(std::string("SELECT ") + kAttachmentColumns +
                                                  " FROM attachments WHERE case_id = ? "
                                                  "ORDER BY attachment_id;"));
    statement.bind(1, case_id);
    return all_rows(statement, attachment_from);
}

Status SqlcipherStorage::bind_attachment(ByteView case_id, ByteView attachment_id,
                                         std::uint64_t sequence) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("UPDATE attachments SET state = 'bound', sequence = ? "
                            "WHERE case_id = ? AND attachment_id = ? AND state = 'pending';"));
    WEERBAAR_TRY(
        statement.bind(1, as_sql_sequence(sequence)).bind(2, case_id).bind(3, attachment_id).run());
    if (sqlite3_changes(db_.get()) != 1) {
        return Error(ErrorCode::not_found, "no such pending attachment");
    }
    return ok_status();
}

Result<std::vector<AttachmentRow>> SqlcipherStorage::pending_attachments_before(
    std::int64_t created_before, std::size_t limit) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare(std::string("SELECT ") + kAttachmentColumns +
                                                  " FROM attachments WHERE state = 'pending' "
                                                  "AND created < ? ORDER BY created LIMIT ?;"));
    statement.bind(1, created_before).bind(2, as_sql_sequence(limit));
    return all_rows(statement, attachment_from);
}

Result<std::uint64_t> SqlcipherStorage::pending_attachment_bytes_of(const std::string& uploader) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("SELECT coalesce(sum(size), 0) FROM attachments "
                                                  "WHERE state = 'pending' AND uploader = ?;"));
    statement.bind(1, uploader);
    WEERBAAR_ASSIGN_OR_RETURN(const bool row, statement.step());
    if (!row) {
        return std::uint64_t{0};
    }
    return static_cast<std::uint64_t>(statement.column_int64(0));
}

Result<std::uint64_t> SqlcipherStorage::stored_bytes_of(const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT stored_bytes FROM member_usage WHERE user = ?;"));
    statement.bind(1, user);
    WEERBAAR_ASSIGN_OR_RETURN(const bool row, statement.step());
    if (!row) {
        return std::uint64_t{0};
    }
    return static_cast<std::uint64_t>(std::max<std::int64_t>(statement.column_int64(0), 0));
}

Status SqlcipherStorage::delete_attachment(ByteView case_id, ByteView attachment_id) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto usage,
        statements_.prepare(
            "UPDATE member_usage SET stored_bytes = stored_bytes - (SELECT size FROM attachments "
            "WHERE case_id = ?1 AND attachment_id = ?2) WHERE user = (SELECT uploader FROM "
            "attachments WHERE case_id = ?1 AND attachment_id = ?2);"));
    WEERBAAR_TRY(usage.bind(1, case_id).bind(2, attachment_id).run());
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("DELETE FROM attachments WHERE case_id = ? AND attachment_id = ?;"));
    return statement.bind(1, case_id).bind(2, attachment_id).run();
}

Result<std::optional<AuditRow>> SqlcipherStorage::last_audit_entry() {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(
            "SELECT sequence, entry, hash FROM audit_log ORDER BY sequence DESC LIMIT 1;"));
    return first_row(statement, audit_from);
}

Status SqlcipherStorage::insert_audit_entry(const AuditRow& row) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT INTO audit_log (sequence, entry, hash) VALUES (?, ?, ?);"));
    WEERBAAR_TRY(statement.bind(1, as_sql_sequence(row.sequence))
                     .bind(2, row.entry)
                     .bind(3, row.hash)
                     .run());
    if (row.case_id.empty()) {
        return ok_status();
    }
    WEERBAAR_ASSIGN_OR_RETURN(
        auto index,
        statements_.prepare("INSERT INTO audit_by_case (case_id, sequence) VALUES (?, ?);"));
    return index.bind(1, row.case_id).bind(2, as_sql_sequence(row.sequence)).run();
}

Result<std::vector<AuditRow>> SqlcipherStorage::audit_entries_of_case(ByteView case_id,
                                                                      std::size_t limit) {
    // The newest `limit` through the index, then back into chain order.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT audit_log.sequence, audit_log.entry, audit_log.hash "
                            "FROM audit_by_case JOIN audit_log "
                            "ON audit_log.sequence = audit_by_case.sequence "
                            "WHERE audit_by_case.case_id = ? "
                            "ORDER BY audit_by_case.sequence DESC LIMIT ?;"));
    statement.bind(1, case_id).bind(2, as_sql_sequence(limit));
    WEERBAAR_ASSIGN_OR_RETURN(auto rows, all_rows(statement, audit_from));
    std::reverse(rows.begin(), rows.end());
    for (auto& row : rows) {
        row.case_id.assign(case_id.begin(), case_id.end());
    }
    return rows;
}

Result<std::vector<AuditRow>> SqlcipherStorage::audit_entries_after(std::uint64_t after,
                                                                    std::size_t limit) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT sequence, entry, hash FROM audit_log WHERE sequence > ? "
                            "ORDER BY sequence LIMIT ?;"));
    statement.bind(1, as_sql_sequence(after)).bind(2, as_sql_sequence(limit));
    return all_rows(statement, audit_from);
}

Status SqlcipherStorage::note_audit_durable() {
    // No UPSERT in SQLite 3.15: REPLACE on the single-row table does the same.
    return statements_.execute(
        "INSERT OR REPLACE INTO audit_durable (id, sequence) "
        "SELECT 1, coalesce(max(sequence), 0) FROM audit_log;");
}

Status SqlcipherStorage::insert_audit_checkpoint(std::uint64_t sequence, ByteView checkpoint) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT INTO audit_checkpoints (sequence, checkpoint) VALUES (?, ?);"));
    return statement.bind(1, as_sql_sequence(sequence)).bind(2, checkpoint).run();
}

Result<std::vector<Bytes>> SqlcipherStorage::audit_checkpoints_between(std::uint64_t first,
                                                                       std::uint64_t last) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT checkpoint FROM audit_checkpoints "
                            "WHERE sequence >= ? AND sequence <= ? ORDER BY sequence;"));
    statement.bind(1, as_sql_sequence(first)).bind(2, as_sql_sequence(last));
    return all_rows(statement, first_blob_from);
}

Status SqlcipherStorage::insert_restore_notice(std::uint64_t sequence) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement, statements_.prepare("INSERT INTO restore_notices (sequence) VALUES (?);"));
    return statement.bind(1, as_sql_sequence(sequence)).run();
}

Result<std::vector<RestoreNoticeRow>> SqlcipherStorage::restore_notices() {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT audit_log.entry, audit_checkpoints.checkpoint "
                            "FROM restore_notices "
                            "JOIN audit_log ON audit_log.sequence = restore_notices.sequence "
                            "JOIN audit_checkpoints "
                            "ON audit_checkpoints.sequence = restore_notices.sequence "
                            "ORDER BY restore_notices.sequence;"));
    return all_rows(statement, [](const SqliteStatement& row) {
        return RestoreNoticeRow{row.column_blob(0), row.column_blob(1)};
    });
}

Result<std::optional<ResearchKeyRow>> SqlcipherStorage::current_research_key() {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT generation, certificate, issuer, created FROM research_keys "
                            "ORDER BY generation DESC LIMIT 1;"));
    return first_row(statement, [](const SqliteStatement& row) {
        return ResearchKeyRow{static_cast<std::uint32_t>(row.column_int64(0)), row.column_blob(1),
                              row.column_text(2), row.column_int64(3)};
    });
}

Status SqlcipherStorage::insert_research_key(const ResearchKeyRow& row) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT INTO research_keys (generation, certificate, issuer, "
                            "created) VALUES (?, ?, ?, ?);"));
    return statement.bind(1, static_cast<std::int64_t>(row.generation))
        .bind(2, row.certificate)
        .bind(3, row.issuer)
        .bind(4, row.created)
        .run();
}

Result<std::optional<ResearchKeyWrapRow>> SqlcipherStorage::research_key_wrap(
    std::uint32_t generation, const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare(std::string("SELECT ") + kResearchKeyWrapColumns +
                                                  " FROM research_key_wraps WHERE generation = ? "
                                                  "AND user = ?;"));
    statement.bind(1, static_cast<std::int64_t>(generation)).bind(2, user);
    return first_row(statement, research_key_wrap_from);
}

Result<std::vector<ResearchKeyWrapRow>> SqlcipherStorage::research_key_wraps(
    std::uint32_t generation) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare(std::string("SELECT ") + kResearchKeyWrapColumns +
                                                  " FROM research_key_wraps WHERE generation = ? "
                                                  "ORDER BY user;"));
    statement.bind(1, static_cast<std::int64_t>(generation));
    return all_rows(statement, research_key_wrap_from);
}

Status SqlcipherStorage::put_research_key_wrap(const ResearchKeyWrapRow& row) {
    // No UPSERT in SQLite 3.15: REPLACE on the (generation, user) key does the same.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT OR REPLACE INTO research_key_wraps (generation, user, "
                            "wrap, granter, created) VALUES (?, ?, ?, ?, ?);"));
    return statement.bind(1, static_cast<std::int64_t>(row.generation))
        .bind(2, row.user)
        .bind(3, row.wrap)
        .bind(4, row.granter)
        .bind(5, row.created)
        .run();
}

Status SqlcipherStorage::put_research_record(const ResearchRecordRow& row) {
    // No UPSERT in SQLite 3.15: REPLACE on the case id keeps one record per case.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT OR REPLACE INTO research_records (case_id, generation, "
                            "author, record, stored) VALUES (?, ?, ?, ?, ?);"));
    return statement.bind(1, row.case_id)
        .bind(2, static_cast<std::int64_t>(row.generation))
        .bind(3, row.author)
        .bind(4, row.record)
        .bind(5, row.stored)
        .run();
}

Result<std::optional<ResearchRecordRow>> SqlcipherStorage::research_record(ByteView case_id) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare(std::string("SELECT ") + kResearchRecordColumns +
                                                  " FROM research_records WHERE case_id = ?;"));
    statement.bind(1, case_id);
    return first_row(statement, research_record_from);
}

Result<std::vector<ResearchRecordRow>> SqlcipherStorage::research_records_after(
    ByteView after_case_id, std::size_t limit, std::size_t max_bytes) {
    // Every case id is 16 bytes and an empty blob sorts before any of them, so an
    // empty `after_case_id` starts at the first.
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare(std::string("SELECT ") + kResearchRecordColumns +
                                                  " FROM research_records WHERE case_id > ? "
                                                  "ORDER BY case_id LIMIT ?;"));
    statement.bind(1, after_case_id).bind(2, as_sql_sequence(limit));
    std::vector<ResearchRecordRow> rows;
    std::size_t total = 0;
    for (;;) {
        WEERBAAR_ASSIGN_OR_RETURN(const bool found, statement.step());
        if (!found) {
            return rows;
        }
        ResearchRecordRow row = research_record_from(statement);
        if (!rows.empty() && total + row.record.size() > max_bytes) {
            return rows;
        }
        total += row.record.size();
        rows.push_back(std::move(row));
    }
}

Result<std::vector<PrivacyLedgerRow>> SqlcipherStorage::privacy_ledger() {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare(std::string("SELECT ") + kPrivacyLedgerColumns +
                                                  " FROM privacy_ledger ORDER BY sequence;"));
    return all_rows(statement, privacy_ledger_from);
}

Result<std::optional<PrivacyLedgerRow>> SqlcipherStorage::last_privacy_ledger_entry() {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare(std::string("SELECT ") + kPrivacyLedgerColumns +
                            " FROM privacy_ledger ORDER BY sequence DESC LIMIT 1;"));
    return first_row(statement, privacy_ledger_from);
}

Status SqlcipherStorage::insert_privacy_ledger_entry(const PrivacyLedgerRow& row) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT INTO privacy_ledger (sequence, entry, hash, exporter, "
                            "from_quarter, to_quarter, epsilon_millis, stored) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?);"));
    return statement.bind(1, as_sql_sequence(row.sequence))
        .bind(2, row.entry)
        .bind(3, row.hash)
        .bind(4, row.exporter)
        .bind(5, static_cast<std::int64_t>(row.from_quarter))
        .bind(6, static_cast<std::int64_t>(row.to_quarter))
        .bind(7, static_cast<std::int64_t>(row.epsilon_millis))
        .bind(8, row.stored)
        .run();
}

Result<std::optional<RootKeySplitRow>> SqlcipherStorage::root_key_split() {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT split_id, threshold, share_count, splitter, created, "
                            "root_signature, stored FROM root_key_splits;"));
    return first_row(statement, [](const SqliteStatement& row) {
        return RootKeySplitRow{row.column_blob(0),
                               static_cast<std::uint32_t>(row.column_int64(1)),
                               static_cast<std::uint32_t>(row.column_int64(2)),
                               row.column_text(3),
                               row.column_int64(4),
                               row.column_blob(5),
                               row.column_int64(6)};
    });
}

Result<std::vector<RootKeyShareRow>> SqlcipherStorage::root_key_shares() {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              statements_.prepare("SELECT holder, number, share FROM "
                                                  "root_key_shares ORDER BY number;"));
    return all_rows(statement, [](const SqliteStatement& row) {
        return RootKeyShareRow{row.column_text(0), static_cast<std::uint32_t>(row.column_int64(1)),
                               row.column_blob(2)};
    });
}

Status SqlcipherStorage::replace_root_key_split(const RootKeySplitRow& split,
                                                const std::vector<RootKeyShareRow>& shares) {
    // One split at a time: the old one's releases, shares and row go first.
    for (const char* sql : {"DELETE FROM root_key_releases;", "DELETE FROM root_key_shares;",
                            "DELETE FROM root_key_splits;"}) {
        WEERBAAR_ASSIGN_OR_RETURN(auto statement, statements_.prepare(sql));
        WEERBAAR_TRY(statement.run());
    }
    WEERBAAR_ASSIGN_OR_RETURN(
        auto insert_split,
        statements_.prepare("INSERT INTO root_key_splits (split_id, threshold, share_count, "
                            "splitter, created, root_signature, stored) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?);"));
    WEERBAAR_TRY(insert_split.bind(1, split.split_id)
                     .bind(2, static_cast<std::int64_t>(split.threshold))
                     .bind(3, static_cast<std::int64_t>(split.share_count))
                     .bind(4, split.splitter)
                     .bind(5, split.created)
                     .bind(6, split.root_signature)
                     .bind(7, split.stored)
                     .run());
    for (const RootKeyShareRow& share : shares) {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto insert_share,
            statements_.prepare("INSERT INTO root_key_shares (split_id, holder, number, share) "
                                "VALUES (?, ?, ?, ?);"));
        WEERBAAR_TRY(insert_share.bind(1, split.split_id)
                         .bind(2, share.holder)
                         .bind(3, static_cast<std::int64_t>(share.number))
                         .bind(4, share.share)
                         .run());
    }
    return ok_status();
}

Status SqlcipherStorage::put_root_key_release(ByteView split_id, const RootKeyReleaseRow& row) {
    // No UPSERT in SQLite 3.15: REPLACE on (split, holder, recipient) keeps the newest.
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("INSERT OR REPLACE INTO root_key_releases (split_id, holder, "
                            "recipient, release, stored) VALUES (?, ?, ?, ?, ?);"));
    return statement.bind(1, split_id)
        .bind(2, row.holder)
        .bind(3, row.recipient)
        .bind(4, row.release)
        .bind(5, row.stored)
        .run();
}

Result<std::vector<RootKeyReleaseRow>> SqlcipherStorage::root_key_releases_to(
    const std::string& recipient) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto statement,
        statements_.prepare("SELECT holder, recipient, release, stored FROM root_key_releases "
                            "WHERE recipient = ? ORDER BY holder;"));
    statement.bind(1, recipient);
    return all_rows(statement, [](const SqliteStatement& row) {
        return RootKeyReleaseRow{row.column_text(0), row.column_text(1), row.column_blob(2),
                                 row.column_int64(3)};
    });
}

}  // namespace weerbaar::server
