#include "weerbaar/sqlite/sqlcipher_database.h"

#include <sodium.h>

#include <string>

namespace weerbaar {
namespace {

// Applies the key as the x'<hex>' literal, then wipes every copy of the hex.
Status apply_key(sqlite3* db, const crypto::SecretBuffer& key) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string sql = "PRAGMA key = \"x'";
    sql.reserve(sql.size() + 2 * key.size() + 4);  // no reallocation leaves a copy behind
    for (const std::uint8_t byte : key.expose_secret()) {
        sql.push_back(kDigits[byte >> 4]);
        sql.push_back(kDigits[byte & 0x0f]);
    }
    sql += "'\";";
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);
    sodium_memzero(sql.data(), sql.size());
    if (rc != SQLITE_OK) {
        return sqlite_error(db, rc, "PRAGMA key");
    }
    return ok_status();
}

// PRAGMA journal_mode answers with a row; sqlite_execute would ignore a refusal.
Status require_wal(sqlite3* db) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement,
                              SqliteStatement::prepare(db, "PRAGMA journal_mode = WAL;"));
    WEERBAAR_ASSIGN_OR_RETURN(const bool row, statement.step());
    if (!row || statement.column_text(0) != "wal") {
        return Error(ErrorCode::internal, "database error: WAL journal mode refused");
    }
    return ok_status();
}

}  // namespace

Result<SqliteConnection> open_sqlcipher_database(const std::filesystem::path& file,
                                                 const crypto::SecretBuffer& key,
                                                 const SqlcipherOpenOptions& options) {
    if (key.size() != kSqlcipherKeySize && !options.unencrypted_for_measurement) {
        return Error(ErrorCode::invalid_argument, "the database key must be 32 bytes");
    }
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (options.create) {
        flags |= SQLITE_OPEN_CREATE;
    }
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
    SqliteConnection db(raw);  // closes even when opening failed
    if (rc != SQLITE_OK) {
        if (!options.create && (rc == SQLITE_CANTOPEN)) {
            return Error(ErrorCode::not_found, "no database at " + file.string());
        }
        return Error(ErrorCode::internal,
                     "cannot open database " + file.string() + ": " + sqlite3_errstr(rc));
    }
    sqlite3_extended_result_codes(db.get(), 1);
    const std::string page_size = std::to_string(options.page_size);
    if (options.unencrypted_for_measurement) {
        // Takes effect only when the file is made, as the cipher page size does.
        WEERBAAR_TRY(sqlite_execute(db.get(), ("PRAGMA page_size = " + page_size + ";").c_str()));
    } else {
        WEERBAAR_TRY(apply_key(db.get(), key));
        // Must follow the key and precede the first read: it decides how the file is parsed.
        WEERBAAR_TRY(
            sqlite_execute(db.get(), ("PRAGMA cipher_page_size = " + page_size + ";").c_str()));
    }
    // Before the first read: another connection writing at this moment (a second
    // thread or process of the same profile) must be waited for, not taken for a
    // wrong key.
    sqlite3_busy_timeout(db.get(), static_cast<int>(options.busy_timeout.count()));
    // SQLCipher only tries the key on the first read; make that read happen now.
    const int first_read =
        sqlite3_exec(db.get(), "SELECT count(*) FROM sqlite_master;", nullptr, nullptr, nullptr);
    if (first_read != SQLITE_OK) {
        // SQLITE_NOTADB is what a wrong key (or a file that is no database) gives;
        // anything else says nothing about the key. Busy is another connection's
        // moment and worth a retry (unavailable); an I/O error or a full disk is
        // this machine's disk, and a person told "unreachable" would look for the
        // fault in the network (tests/fault_injection: EIO growing store.db-shm).
        const int primary = first_read & 0xff;
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
            return Error(ErrorCode::unavailable, "cannot read database " + file.string() + ": " +
                                                     sqlite3_errstr(first_read));
        }
        if (primary != SQLITE_NOTADB) {
            return sqlite_error(db.get(), first_read, "read database " + file.string());
        }
        return Error(ErrorCode::failed_precondition,
                     "the database key does not open " + file.string() +
                         " (wrong key, or not a Weerbaar database)");
    }
    WEERBAAR_TRY(require_wal(db.get()));
    return db;
}

}  // namespace weerbaar
