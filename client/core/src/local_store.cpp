#include "weerbaar/client/local_store.h"

#include <sqlite3.h>

#include <array>
#include <string>

#include "weerbaar/client/profile.h"
#include "weerbaar/crypto/keystore.h"
#include "weerbaar/sqlite/sqlcipher_database.h"
#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar::client {
namespace {

// Append-only: a released migration is never edited; a change is a new entry.
// Entry i brings the schema from version i to version i + 1 (docs/crypto.md).
constexpr std::array<const char*, 3> kMigrations = {
    // 1: the trust memory, the verified-case cache, drafts and the session token.
    // Debian's SQLCipher 3.4 is SQLite 3.15: no STRICT tables, no UPSERT.
    R"sql(
    CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE known_keys (
        user TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        verified INTEGER NOT NULL
    );
    CREATE TABLE revocations (
        revocation_hash TEXT PRIMARY KEY,
        user TEXT NOT NULL,
        certificate_hash TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    CREATE TABLE case_heads (
        case_id TEXT PRIMARY KEY,
        sequence INTEGER NOT NULL,
        hash TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        creator TEXT NOT NULL
    );
    CREATE TABLE cached_cases (
        case_id TEXT PRIMARY KEY,
        state BLOB NOT NULL
    );
    CREATE TABLE case_summaries (
        case_id TEXT PRIMARY KEY,
        updated_unix INTEGER NOT NULL,
        summary BLOB NOT NULL
    );
    CREATE TABLE drafts (
        draft_id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        body BLOB NOT NULL,
        updated_unix INTEGER NOT NULL
    );
    CREATE TABLE session_tokens (
        server TEXT NOT NULL,
        user TEXT NOT NULL,
        token BLOB NOT NULL,
        expires_unix INTEGER NOT NULL,
        PRIMARY KEY (server, user)
    );
    )sql",
    // 2: the sealed records this client verified or wrote, to hand back after the
    // server is restored from a backup (held_records.h), and the heals done.
    R"sql(
    CREATE TABLE held_records (
        case_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        hash BLOB NOT NULL,
        record BLOB NOT NULL,
        PRIMARY KEY (case_id, sequence)
    );
    CREATE TABLE case_heals (
        case_id TEXT NOT NULL,
        notice_sequence INTEGER NOT NULL,
        handed_back INTEGER NOT NULL,
        healed_unix INTEGER NOT NULL,
        PRIMARY KEY (case_id, notice_sequence)
    );
    )sql",
    // 3: the cases this client opened, as it opened them, to open again after a
    // restore from a backup older than them (created_cases.h).
    R"sql(
    CREATE TABLE created_cases (
        case_id TEXT PRIMARY KEY,
        nonce BLOB NOT NULL,
        creator_wrap BLOB NOT NULL,
        first_record BLOB NOT NULL
    );
    CREATE TABLE created_case_shares (
        case_id TEXT NOT NULL,
        user TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        request BLOB NOT NULL,
        PRIMARY KEY (case_id, user)
    );
    )sql",
};

Error missing_store(const std::filesystem::path& path) {
    return Error(ErrorCode::failed_precondition,
                 "je vertrouwensgeheugen (lokale opslag) " + path.string() +
                     " ontbreekt, terwijl dit profiel er een had: zet het terug uit een back-up "
                     "of bel de coördinator; er is niets gedaan / your trust memory (local "
                     "store) is missing although this profile had one: restore it from a backup "
                     "or call your coordinator; nothing was done");
}

Error damaged_store(const std::filesystem::path& path) {
    return Error(ErrorCode::failed_precondition,
                 "je vertrouwensgeheugen (lokale opslag) " + path.string() +
                     " is beschadigd of hoort niet bij dit profiel: zet het terug uit een back-up "
                     "of bel de coördinator; er is niets gedaan / your trust memory (local "
                     "store) is damaged or belongs to another profile: restore it from a backup "
                     "or call your coordinator; nothing was done");
}

Result<std::int64_t> schema_version(sqlite3* db) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement, SqliteStatement::prepare(db, "PRAGMA user_version;"));
    WEERBAAR_ASSIGN_OR_RETURN(const bool row, statement.step());
    return row ? statement.column_int64(0) : 0;
}

Status migrate(sqlite3* db) {
    WEERBAAR_ASSIGN_OR_RETURN(const std::int64_t version, schema_version(db));
    if (version > static_cast<std::int64_t>(kMigrations.size())) {
        // Written by a newer client: reading it with older rules could lose data.
        return Error(ErrorCode::failed_precondition,
                     "je lokale opslag is van een nieuwere versie van Weerbaar: werk bij / your "
                     "local store is from a newer version of Weerbaar: upgrade");
    }
    for (auto next = static_cast<std::size_t>(version); next < kMigrations.size(); ++next) {
        WEERBAAR_TRY(sqlite_execute(db, "BEGIN IMMEDIATE;"));
        Status step = sqlite_execute(db, kMigrations.at(next));
        if (step.ok()) {
            const std::string bump = "PRAGMA user_version = " + std::to_string(next + 1) + ";";
            step = sqlite_execute(db, bump.c_str());
        }
        if (!step.ok()) {
            (void)sqlite_execute(db, "ROLLBACK;");
            return step;
        }
        WEERBAAR_TRY(sqlite_execute(db, "COMMIT;"));
    }
    return ok_status();
}

}  // namespace

struct LocalStore::Connection {
    SqliteConnection db;
};

LocalStore::LocalStore(std::filesystem::path path, std::unique_ptr<Connection> connection)
    : path_(std::move(path)), connection_(std::move(connection)) {}

LocalStore::~LocalStore() = default;

Result<std::shared_ptr<LocalStore>> LocalStore::open(const std::filesystem::path& profile_directory,
                                                     const crypto::SecretBuffer& key,
                                                     bool store_expected) {
    if (key.size() != crypto::kLocalStoreKeySize) {
        return Error(ErrorCode::invalid_argument, "the local store key must be 32 bytes");
    }
    std::filesystem::path path = profile_directory / kLocalStoreFile;
    std::error_code error;
    const bool exists = std::filesystem::exists(path, error);
    const bool legacy = std::filesystem::exists(profile_directory / kLegacyTrustFile, error);
    if (!exists && store_expected && !legacy) {
        // Starting afresh would trust on first use again every key this client had
        // checked: a deleted store must not undo what people verified by phone.
        return missing_store(path);
    }
    auto opened = open_sqlcipher_database(path, key, SqlcipherOpenOptions{});
    if (!opened.ok()) {
        return opened.error().code() == ErrorCode::failed_precondition ? damaged_store(path)
                                                                       : opened.error();
    }
    SqliteConnection db = std::move(opened).value();
    std::filesystem::permissions(
        path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, error);
    // Trust memory, not a server database: a power cut may lose the newest
    // transactions but never corrupts the file (see the header).
    WEERBAAR_TRY(sqlite_execute(db.get(), "PRAGMA synchronous = NORMAL;"));
    // Freed pages are overwritten, so deleted drafts and tokens do not linger.
    WEERBAAR_TRY(sqlite_execute(db.get(), "PRAGMA secure_delete = ON;"));
    WEERBAAR_TRY(migrate(db.get()));
    auto connection = std::make_unique<Connection>(Connection{std::move(db)});
    return std::shared_ptr<LocalStore>(new LocalStore(std::move(path), std::move(connection)));
}

Status LocalStore::transact(const std::function<Status(sqlite3*)>& work) {
    const std::scoped_lock lock(mutex_);
    sqlite3* db = connection_->db.get();
    WEERBAAR_TRY(sqlite_execute(db, "BEGIN IMMEDIATE;"));
    const Status done = work(db);
    if (!done.ok()) {
        (void)sqlite_execute(db, "ROLLBACK;");
        return done;
    }
    if (Status committed = sqlite_execute(db, "COMMIT;"); !committed.ok()) {
        (void)sqlite_execute(db, "ROLLBACK;");
        return committed;
    }
    return ok_status();
}

Status LocalStore::read(const std::function<Status(sqlite3*)>& work) {
    const std::scoped_lock lock(mutex_);
    return work(connection_->db.get());
}

Result<std::shared_ptr<LocalStore>> open_profile_store(const Profile& profile,
                                                       const crypto::SecretBuffer& key) {
    bool expected = false;
    if (profile.has_keystore()) {
        WEERBAAR_ASSIGN_OR_RETURN(const ProfileSettings settings, profile.read_settings());
        expected = settings.trust_memory;
    }
    return LocalStore::open(profile.directory(), key, expected);
}

}  // namespace weerbaar::client
