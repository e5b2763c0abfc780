#include "operator_database.h"

#include <stdexcept>

#include "child_process.h"

namespace weerbaar::e2e {
namespace {

struct Finalize {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw std::runtime_error("operator database: " + what + ": " + sqlite3_errmsg(db));
}

void bind(sqlite3* db, sqlite3_stmt* statement, int index, const SqlValue& value) {
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(value)) {
        rc = sqlite3_bind_null(statement, index);
    } else if (const auto* number = std::get_if<std::int64_t>(&value)) {
        rc = sqlite3_bind_int64(statement, index, *number);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
        rc = sqlite3_bind_text(statement, index, text->data(), static_cast<int>(text->size()),
                               SQLITE_TRANSIENT);
    } else {
        const auto& bytes = std::get<crypto::Bytes>(value);
        // A zero-length blob must stay a blob, not become NULL: bind_zeroblob.
        rc = bytes.empty() ? sqlite3_bind_zeroblob(statement, index, 0)
                           : sqlite3_bind_blob(statement, index, bytes.data(),
                                               static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) fail(db, "bind parameter " + std::to_string(index));
}

SqlValue column(sqlite3_stmt* statement, int index) {
    switch (sqlite3_column_type(statement, index)) {
        case SQLITE_INTEGER:
            return static_cast<std::int64_t>(sqlite3_column_int64(statement, index));
        case SQLITE_TEXT: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, index));
            return std::string(text,
                               static_cast<std::size_t>(sqlite3_column_bytes(statement, index)));
        }
        case SQLITE_BLOB: {
            const auto* data =
                static_cast<const std::uint8_t*>(sqlite3_column_blob(statement, index));
            const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement, index));
            return data == nullptr ? crypto::Bytes{} : crypto::Bytes(data, data + size);
        }
        case SQLITE_NULL:
            return std::monostate{};
        default:
            throw std::runtime_error("operator database: unexpected column type");
    }
}

const SqlValue& only_value(const std::vector<SqlRow>& rows, const std::string& sql) {
    if (rows.size() != 1 || rows.front().size() != 1) {
        throw std::runtime_error("operator database: expected one value from: " + sql);
    }
    return rows.front().front();
}

}  // namespace

OperatorDatabase::OperatorDatabase(const std::filesystem::path& data_dir) {
    const auto file = data_dir / "weerbaar.db";
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) fail(raw, "open " + file.string());
    auto key = read_file(data_dir / "db.key");
    key.erase(key.find_last_not_of("\r\n") + 1);
    if (key.size() != 64)
        throw std::runtime_error("operator database: db.key is not 64 hex digits");
    // The same raw-key form and page size the server uses; the first read checks the key.
    const std::string pragma = "PRAGMA key = \"x'" + key + "'\"; PRAGMA cipher_page_size = 4096;";
    if (sqlite3_exec(db_.get(), pragma.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        fail(db_.get(), "apply the key");
    }
    if (sqlite3_exec(db_.get(), "SELECT count(*) FROM sqlite_master;", nullptr, nullptr, nullptr) !=
        SQLITE_OK) {
        fail(db_.get(), "the key does not open the database");
    }
    sqlite3_busy_timeout(db_.get(), 5000);
}

std::vector<SqlRow> OperatorDatabase::query(const std::string& sql,
                                            const std::vector<SqlValue>& params) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        fail(db_.get(), "prepare " + sql);
    }
    const Statement statement(raw);
    for (std::size_t i = 0; i < params.size(); ++i) {
        bind(db_.get(), raw, static_cast<int>(i + 1), params[i]);
    }
    std::vector<SqlRow> rows;
    for (;;) {
        const int rc = sqlite3_step(raw);
        if (rc == SQLITE_DONE) return rows;
        if (rc != SQLITE_ROW) fail(db_.get(), "step " + sql);
        SqlRow row;
        for (int c = 0; c < sqlite3_column_count(raw); ++c) row.push_back(column(raw, c));
        rows.push_back(std::move(row));
    }
}

int OperatorDatabase::execute(const std::string& sql, const std::vector<SqlValue>& params) {
    const auto rows = query(sql, params);
    if (!rows.empty()) throw std::runtime_error("operator database: rows from: " + sql);
    return sqlite3_changes(db_.get());
}

crypto::Bytes OperatorDatabase::blob(const std::string& sql, const std::vector<SqlValue>& params) {
    return std::get<crypto::Bytes>(only_value(query(sql, params), sql));
}

std::int64_t OperatorDatabase::integer(const std::string& sql,
                                       const std::vector<SqlValue>& params) {
    return std::get<std::int64_t>(only_value(query(sql, params), sql));
}

std::optional<crypto::Bytes> OperatorDatabase::optional_blob(const std::string& sql,
                                                             const std::vector<SqlValue>& params) {
    const auto rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::get<crypto::Bytes>(only_value(rows, sql));
}

}  // namespace weerbaar::e2e
