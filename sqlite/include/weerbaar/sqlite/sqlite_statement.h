#pragma once
// RAII over the SQLite C API: a connection and a prepared statement, each in a
// unique_ptr with a deleter, and a statement wrapper that turns SQLite's return
// codes into Status. Fixed SQL only: every value goes in through bind().
// Shared by the server's storage and the client's local store. Threading: one
// connection per thread at a time (connections are opened with SQLITE_OPEN_NOMUTEX).

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"

namespace weerbaar {

struct SqliteConnectionCloser {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using SqliteConnection = std::unique_ptr<sqlite3, SqliteConnectionCloser>;

class SqliteStatementCache;

// Finalizes a statement, or, for one lent by a SqliteStatementCache, resets it and
// gives it back to the cache.
struct SqliteStatementFinalizer {
    SqliteStatementCache* cache = nullptr;
    void operator()(sqlite3_stmt* statement) const noexcept;
};

// An Error for a failed SQLite call. Unique-key violations become already_exists;
// a full disk (SQLITE_FULL; ENOSPC, EDQUOT) disk_full_error (weerbaar/disk_full.h);
// everything else internal, with `what` and SQLite's message (tables and columns,
// never values). Whoever shows it decides who may read that: the server logs it and
// tells the client only "internal server error" (server/src/status_mapping.cpp).
[[nodiscard]] Error sqlite_error(sqlite3* db, int rc, std::string_view what);

// Runs SQL that takes no parameters and returns no rows we need (DDL, PRAGMA).
[[nodiscard]] Status sqlite_execute(sqlite3* db, const char* sql);

class SqliteStatement {
  public:
    [[nodiscard]] static Result<SqliteStatement> prepare(sqlite3* db, std::string_view sql);

    // Parameters are numbered from 1, as in SQLite.
    SqliteStatement& bind(int index, crypto::ByteView blob);
    SqliteStatement& bind(int index, std::string_view text);
    SqliteStatement& bind(int index, std::int64_t value);

    // true when a row is ready, false when the statement is done.
    [[nodiscard]] Result<bool> step();
    // Steps to completion; for statements that return no rows.
    [[nodiscard]] Status run();
    // Back to before the first step, bindings cleared: ready to bind and run again.
    void reset();

    [[nodiscard]] std::int64_t column_int64(int index) const;
    [[nodiscard]] crypto::Bytes column_blob(int index) const;
    [[nodiscard]] std::string column_text(int index) const;
    [[nodiscard]] bool column_is_null(int index) const;

  private:
    friend class SqliteStatementCache;
    SqliteStatement(sqlite3* db, sqlite3_stmt* statement, SqliteStatementCache* cache = nullptr)
        : db_(db), statement_(statement, SqliteStatementFinalizer{cache}) {}
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, SqliteStatementFinalizer> statement_;
    int bind_rc_ = SQLITE_OK;  // the first failed bind, reported by step()
};

// Prepared statements kept for reuse on one connection, keyed by their SQL text.
// Compiling SQL is most of the cost of a short statement (the server's append
// spent 44% of its writer thread in sqlite3_prepare_v2 before this cache), so a
// connection that runs the same statements again and again prepares each once.
//
// prepare() lends a statement: when the SqliteStatement it returns is destroyed,
// the statement is reset (which ends any read it holds open), its bindings are
// cleared and it goes back to the cache. A statement already lent out is not
// shared: the same SQL asked for again while the first is in use gets a second
// prepared statement, so nested queries work. A statement SQLite must recompile
// after a schema change is recompiled by sqlite3_step itself (prepare_v2).
//
// Lifetime: the cache must be destroyed before the connection is closed, and every
// lent statement before the cache (declare the cache after the connection, and use
// lent statements only within a call). Threading: as the connection, one thread at
// a time. Errors: as SqliteStatement::prepare.
class SqliteStatementCache {
  public:
    explicit SqliteStatementCache(sqlite3* db) : db_(db) {}
    ~SqliteStatementCache();
    SqliteStatementCache(const SqliteStatementCache&) = delete;
    SqliteStatementCache& operator=(const SqliteStatementCache&) = delete;

    [[nodiscard]] Result<SqliteStatement> prepare(std::string_view sql);
    // Runs a statement that takes no parameters and returns no rows we need
    // (BEGIN, COMMIT, ...), prepared once.
    [[nodiscard]] Status execute(std::string_view sql);

    // Statements prepared (cache misses) since the cache was made; for tests.
    [[nodiscard]] std::uint64_t prepared() const { return prepared_; }

  private:
    friend struct SqliteStatementFinalizer;
    void give_back(sqlite3_stmt* statement) noexcept;

    sqlite3* db_;
    // Idle statements by SQL text; a lent statement is in none of the lists.
    std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle_;
    // Each statement's list in idle_ (the map's elements never move), so that one
    // comes home under the key it was asked for by, whatever sqlite3_sql says.
    std::unordered_map<sqlite3_stmt*, std::vector<sqlite3_stmt*>*> home_;
    std::uint64_t prepared_ = 0;
};

}  // namespace weerbaar
