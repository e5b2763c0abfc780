#include "weerbaar/client/draft_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <ctime>

#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar::client {
namespace {

bool is_token(const std::string& text, std::size_t max) {
    return !text.empty() && text.size() <= max && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

bool is_case_hex(const std::string& text) {
    return text.empty() || (text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) {
                                return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                            }));
}

Error bad(const std::string& field, const std::string& dutch, const std::string& english) {
    return Error(ErrorCode::invalid_argument,
                 "concept '" + field + "': " + dutch + " / draft '" + field + "': " + english);
}

}  // namespace

Status DraftStore::save(Draft draft) const {
    if (!is_token(draft.draft_id, 64)) {
        return bad("draft_id", "1 tot 64 tekens a-z, 0-9, - of _", "1 to 64 of a-z, 0-9, - or _");
    }
    if (!is_token(draft.kind, 32)) {
        return bad("kind", "1 tot 32 tekens a-z, 0-9, - of _", "1 to 32 of a-z, 0-9, - or _");
    }
    if (!is_case_hex(draft.case_id)) {
        return bad("case_id", "geen zaak-id", "not a case id");
    }
    if (draft.body.size() > kMaxDraftBytes) {
        return bad("body", "te lang (meer dan 1 MiB)", "too long (over 1 MiB)");
    }
    draft.updated_unix = static_cast<std::int64_t>(std::time(nullptr));
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto insert,
            SqliteStatement::prepare(db,
                                     "INSERT OR REPLACE INTO drafts (draft_id, case_id, kind, "
                                     "body, updated_unix) VALUES (?, ?, ?, ?, ?);"));
        return insert.bind(1, draft.draft_id)
            .bind(2, draft.case_id)
            .bind(3, draft.kind)
            .bind(4, crypto::as_bytes(draft.body))
            .bind(5, draft.updated_unix)
            .run();
    });
}

Result<std::vector<Draft>> DraftStore::all() const {
    std::vector<Draft> drafts;
    WEERBAAR_TRY(store_->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query, SqliteStatement::prepare(db,
                                                 "SELECT draft_id, case_id, kind, body, "
                                                 "updated_unix FROM drafts ORDER BY updated_unix, "
                                                 "draft_id;"));
        while (true) {
            WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
            if (!row) {
                return ok_status();
            }
            const crypto::Bytes body = query.column_blob(3);
            drafts.push_back(Draft{query.column_text(0), query.column_text(1), query.column_text(2),
                                   std::string(body.begin(), body.end()), query.column_int64(4)});
        }
    }));
    return drafts;
}

Status DraftStore::discard(const std::string& draft_id) const {
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto erase, SqliteStatement::prepare(db, "DELETE FROM drafts WHERE draft_id = ?;"));
        return erase.bind(1, draft_id).run();
    });
}

}  // namespace weerbaar::client
