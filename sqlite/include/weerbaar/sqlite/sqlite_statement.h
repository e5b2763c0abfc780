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

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"

namespace weerbaar {

struct SqliteConnectionCloser {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using SqliteConnection = std::unique_ptr<sqlite3, SqliteConnectionCloser>;

struct SqliteStatementFinalizer {
    void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};

// An Error for a failed SQLite call. Unique-key violations become already_exists;
// everything else is internal, with `what` and SQLite's message in the Error's
// message (it names tables and columns, never values). Whoever shows the error
// decides who may read that: the server logs it and tells the client only
// "internal server error" (server/src/status_mapping.cpp).
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

    [[nodiscard]] std::int64_t column_int64(int index) const;
    [[nodiscard]] crypto::Bytes column_blob(int index) const;
    [[nodiscard]] std::string column_text(int index) const;
    [[nodiscard]] bool column_is_null(int index) const;

  private:
    SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, SqliteStatementFinalizer> statement_;
    int bind_rc_ = SQLITE_OK;  // the first failed bind, reported by step()
};

}  // namespace weerbaar
