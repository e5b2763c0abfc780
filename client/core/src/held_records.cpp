#include "weerbaar/client/held_records.h"

#include <sqlite3.h>

#include <limits>

#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar::client {
namespace {

// SQLite integers are signed; a sequence past that range is no sequence we hold.
std::int64_t as_sql(std::uint64_t value) {
    return value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
               ? std::numeric_limits<std::int64_t>::max()
               : static_cast<std::int64_t>(value);
}

}  // namespace

Status HeldRecords::keep(const std::string& case_hex,
                         const std::vector<HeldRecord>& records) const {
    if (records.empty()) {
        return ok_status();
    }
    return store_->transact([&](sqlite3* db) -> Status {
        for (const HeldRecord& record : records) {
            WEERBAAR_ASSIGN_OR_RETURN(
                auto insert,
                SqliteStatement::prepare(db,
                                         "INSERT OR REPLACE INTO held_records "
                                         "(case_id, sequence, hash, record) VALUES (?, ?, ?, ?);"));
            WEERBAAR_TRY(insert.bind(1, case_hex)
                             .bind(2, as_sql(record.sequence))
                             .bind(3, record.hash)
                             .bind(4, record.record)
                             .run());
        }
        return ok_status();
    });
}

Result<std::uint64_t> HeldRecords::newest_sequence(const std::string& case_hex) const {
    std::uint64_t newest = 0;
    WEERBAAR_TRY(store_->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query, SqliteStatement::prepare(
                            db, "SELECT MAX(sequence) FROM held_records WHERE case_id = ?;"));
        query.bind(1, case_hex);
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
        if (row) {
            newest = static_cast<std::uint64_t>(query.column_int64(0));  // NULL reads as 0
        }
        return ok_status();
    }));
    return newest;
}

Result<std::vector<HeldRecord>> HeldRecords::all(const std::string& case_hex) const {
    std::vector<HeldRecord> records;
    WEERBAAR_TRY(store_->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query, SqliteStatement::prepare(db,
                                                 "SELECT sequence, hash, record FROM held_records "
                                                 "WHERE case_id = ? ORDER BY sequence;"));
        query.bind(1, case_hex);
        while (true) {
            WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
            if (!row) {
                return ok_status();
            }
            records.push_back(HeldRecord{static_cast<std::uint64_t>(query.column_int64(0)),
                                         query.column_blob(1), query.column_blob(2)});
        }
    }));
    return records;
}

Status HeldRecords::forget_after(const std::string& case_hex, std::uint64_t sequence) const {
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto erase, SqliteStatement::prepare(
                            db, "DELETE FROM held_records WHERE case_id = ? AND sequence > ?;"));
        return erase.bind(1, case_hex).bind(2, as_sql(sequence)).run();
    });
}

Result<bool> HeldRecords::healed_under(const std::string& case_hex,
                                       std::uint64_t notice_sequence) const {
    bool healed = false;
    WEERBAAR_TRY(store_->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query,
            SqliteStatement::prepare(
                db, "SELECT 1 FROM case_heals WHERE case_id = ? AND notice_sequence = ?;"));
        query.bind(1, case_hex).bind(2, as_sql(notice_sequence));
        WEERBAAR_ASSIGN_OR_RETURN(healed, query.step());
        return ok_status();
    }));
    return healed;
}

Status HeldRecords::record_heal(const std::string& case_hex, std::uint64_t notice_sequence,
                                std::uint64_t handed_back, std::int64_t healed_unix) const {
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto insert,
            SqliteStatement::prepare(db,
                                     "INSERT OR REPLACE INTO case_heals (case_id, notice_sequence, "
                                     "handed_back, healed_unix) VALUES (?, ?, ?, ?);"));
        return insert.bind(1, case_hex)
            .bind(2, as_sql(notice_sequence))
            .bind(3, as_sql(handed_back))
            .bind(4, healed_unix)
            .run();
    });
}

}  // namespace weerbaar::client
