#pragma once
// The malicious operator's view of the server: the SQLCipher database opened with
// the key from db.key, which the operator holds. Hostile-server tests use it to
// alter what the server stores while the server is stopped, then restart it and
// check that clients notice. Failures throw: these are test tools, not product code.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "weerbaar/crypto/bytes.h"

namespace weerbaar::e2e {

// A bound parameter or a column value. NULL reads as std::monostate.
using SqlValue = std::variant<std::monostate, std::int64_t, std::string, crypto::Bytes>;
using SqlRow = std::vector<SqlValue>;

class OperatorDatabase {
  public:
    // Opens DATA_DIR/weerbaar.db with the key in DATA_DIR/db.key. The server must be
    // stopped: the operator edits behind its back, not alongside it.
    explicit OperatorDatabase(const std::filesystem::path& data_dir);

    // Runs one statement with `params` bound to ?1, ?2, ...; returns every row.
    std::vector<SqlRow> query(const std::string& sql, const std::vector<SqlValue>& params = {});
    // Runs one statement that returns no rows; returns how many rows it changed.
    int execute(const std::string& sql, const std::vector<SqlValue>& params = {});

    // The one value of a query that must return exactly one row (throws otherwise).
    crypto::Bytes blob(const std::string& sql, const std::vector<SqlValue>& params = {});
    std::int64_t integer(const std::string& sql, const std::vector<SqlValue>& params = {});
    // The one value of a query that returns at most one row.
    std::optional<crypto::Bytes> optional_blob(const std::string& sql,
                                               const std::vector<SqlValue>& params = {});

  private:
    struct Close {
        void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
    };
    std::unique_ptr<sqlite3, Close> db_;
};

}  // namespace weerbaar::e2e
