#include "weerbaar/sqlite/sqlite_statement.h"

#include <cerrno>
#include <limits>

#include "weerbaar/disk_full.h"

namespace weerbaar {

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
    const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Error(ErrorCode::already_exists, "already exists");
    }
    // SQLite says SQLITE_FULL when a write meets ENOSPC; a quota (EDQUOT) or a full
    // disk met while growing the shared-memory file come as an I/O error.
    const int system = db != nullptr ? sqlite3_system_errno(db) : 0;
    if ((rc & 0xff) == SQLITE_FULL || (extended & 0xff) == SQLITE_FULL ||
        ((extended & 0xff) == SQLITE_IOERR && (system == ENOSPC || system == EDQUOT))) {
        return disk_full_error(std::string(what) + " failed: " +
                               (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) + " (" +
                               std::to_string(extended) + ")");
    }
    return Error(ErrorCode::internal,
                 "database error: " + std::string(what) +
                     " failed: " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) +
                     " (" + std::to_string(extended) + ")");
}

Status sqlite_execute(sqlite3* db, const char* sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK) {
        return sqlite_error(db, rc, "exec");
    }
    return ok_status();
}

Result<SqliteStatement> SqliteStatement::prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(raw);
        return sqlite_error(db, rc, "prepare");
    }
    return SqliteStatement(db, raw);
}

SqliteStatement& SqliteStatement::bind(int index, crypto::ByteView blob) {
    int rc = SQLITE_OK;
    if (blob.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        rc = SQLITE_TOOBIG;
    } else if (blob.empty()) {
        // A null pointer would bind NULL, not an empty blob.
        rc = sqlite3_bind_zeroblob(statement_.get(), index, 0);
    } else {
        rc = sqlite3_bind_blob(statement_.get(), index, blob.data(), static_cast<int>(blob.size()),
                               SQLITE_TRANSIENT);
    }
    if (bind_rc_ == SQLITE_OK) {
        bind_rc_ = rc;
    }
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
    int rc = SQLITE_OK;
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        rc = SQLITE_TOOBIG;
    } else {
        rc = sqlite3_bind_text(statement_.get(), index, text.data(), static_cast<int>(text.size()),
                               SQLITE_TRANSIENT);
    }
    if (bind_rc_ == SQLITE_OK) {
        bind_rc_ = rc;
    }
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(statement_.get(), index, value);
    if (bind_rc_ == SQLITE_OK) {
        bind_rc_ = rc;
    }
    return *this;
}

Result<bool> SqliteStatement::step() {
    if (bind_rc_ != SQLITE_OK) {
        return sqlite_error(db_, bind_rc_, "bind");
    }
    const int rc = sqlite3_step(statement_.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    return sqlite_error(db_, rc, "step");
}

Status SqliteStatement::run() {
    for (;;) {
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, step());
        if (!row) {
            return ok_status();
        }
    }
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_.get());
    sqlite3_clear_bindings(statement_.get());
    bind_rc_ = SQLITE_OK;
}

std::int64_t SqliteStatement::column_int64(int index) const {
    return sqlite3_column_int64(statement_.get(), index);
}

crypto::Bytes SqliteStatement::column_blob(int index) const {
    const auto* data =
        static_cast<const std::uint8_t*>(sqlite3_column_blob(statement_.get(), index));
    const int size = sqlite3_column_bytes(statement_.get(), index);
    if (data == nullptr || size <= 0) {
        return {};
    }
    return crypto::Bytes(data, data + size);
}

std::string SqliteStatement::column_text(int index) const {
    const auto* data = sqlite3_column_text(statement_.get(), index);
    const int size = sqlite3_column_bytes(statement_.get(), index);
    if (data == nullptr || size <= 0) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

bool SqliteStatement::column_is_null(int index) const {
    return sqlite3_column_type(statement_.get(), index) == SQLITE_NULL;
}

void SqliteStatementFinalizer::operator()(sqlite3_stmt* statement) const noexcept {
    if (cache != nullptr) {
        cache->give_back(statement);
    } else {
        sqlite3_finalize(statement);
    }
}

SqliteStatementCache::~SqliteStatementCache() {
    for (auto& [sql, statements] : idle_) {
        for (sqlite3_stmt* statement : statements) {
            sqlite3_finalize(statement);
        }
    }
}

Result<SqliteStatement> SqliteStatementCache::prepare(std::string_view sql) {
    // Heterogeneous lookup needs C++20's unordered_map::find(string_view); this
    // builds the key once per call, far cheaper than compiling the SQL.
    auto& idle = idle_[std::string(sql)];
    if (!idle.empty()) {
        sqlite3_stmt* statement = idle.back();
        idle.pop_back();
        return SqliteStatement(db_, statement, this);
    }
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(raw);
        return sqlite_error(db_, rc, "prepare");
    }
    home_[raw] = &idle;
    // Room for it to come back to, reserved now: give_back must not allocate.
    idle.reserve(idle.capacity() + 1);
    ++prepared_;
    return SqliteStatement(db_, raw, this);
}

Status SqliteStatementCache::execute(std::string_view sql) {
    WEERBAAR_ASSIGN_OR_RETURN(auto statement, prepare(sql));
    return statement.run();
}

void SqliteStatementCache::give_back(sqlite3_stmt* statement) noexcept {
    if (statement == nullptr) {
        return;
    }
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    const auto home = home_.find(statement);
    if (home == home_.end()) {
        sqlite3_finalize(statement);
        return;
    }
    home->second->push_back(statement);  // capacity reserved in prepare()
}

}  // namespace weerbaar
