#include "weerbaar/client/created_cases.h"

#include <sqlite3.h>

#include "weerbaar/client/case_id.h"
#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar::client {

Status CreatedCases::remember(const CreatedCase& opened) const {
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto insert,
            SqliteStatement::prepare(db,
                                     "INSERT OR REPLACE INTO created_cases (case_id, nonce, "
                                     "creator_wrap, first_record) VALUES (?, ?, ?, ?);"));
        return insert.bind(1, format_case_id(opened.case_id))
            .bind(2, opened.nonce)
            .bind(3, opened.creator_wrap)
            .bind(4, opened.first_record)
            .run();
    });
}

Result<std::vector<CreatedCase>> CreatedCases::missing_from_summaries() const {
    std::vector<CreatedCase> missing;
    WEERBAAR_TRY(store_->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query,
            SqliteStatement::prepare(db,
                                     "SELECT case_id, nonce, creator_wrap, first_record FROM "
                                     "created_cases WHERE case_id NOT IN (SELECT case_id FROM "
                                     "case_summaries) ORDER BY rowid;"));
        while (true) {
            WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
            if (!row) {
                return ok_status();
            }
            WEERBAAR_ASSIGN_OR_RETURN(crypto::Bytes case_id, parse_case_id(query.column_text(0)));
            missing.push_back(CreatedCase{std::move(case_id), query.column_blob(1),
                                          query.column_blob(2), query.column_blob(3)});
        }
    }));
    return missing;
}

Status CreatedCases::forget(const std::string& case_hex) const {
    return store_->transact([&](sqlite3* db) -> Status {
        for (const char* sql : {"DELETE FROM created_cases WHERE case_id = ?;",
                                "DELETE FROM created_case_shares WHERE case_id = ?;"}) {
            WEERBAAR_ASSIGN_OR_RETURN(auto erase, SqliteStatement::prepare(db, sql));
            WEERBAAR_TRY(erase.bind(1, case_hex).run());
        }
        return ok_status();
    });
}

Status CreatedCases::remember_share(const std::string& case_hex,
                                    const CreatedCaseShare& share) const {
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto insert,
            SqliteStatement::prepare(db,
                                     "INSERT OR REPLACE INTO created_case_shares (case_id, user, "
                                     "epoch, request) VALUES (?, ?, ?, ?);"));
        return insert.bind(1, case_hex)
            .bind(2, share.user)
            .bind(3, static_cast<std::int64_t>(share.epoch))
            .bind(4, share.request)
            .run();
    });
}

Result<std::vector<CreatedCaseShare>> CreatedCases::shares(const std::string& case_hex) const {
    std::vector<CreatedCaseShare> shares;
    WEERBAAR_TRY(store_->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query, SqliteStatement::prepare(db,
                                                 "SELECT user, epoch, request FROM "
                                                 "created_case_shares WHERE case_id = ? ORDER BY "
                                                 "rowid;"));
        query.bind(1, case_hex);
        while (true) {
            WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
            if (!row) {
                return ok_status();
            }
            shares.push_back(CreatedCaseShare{query.column_text(0),
                                              static_cast<std::uint32_t>(query.column_int64(1)),
                                              query.column_blob(2)});
        }
    }));
    return shares;
}

}  // namespace weerbaar::client
