#include "weerbaar/client/case_cache.h"

#include <sqlite3.h>

#include <set>

#include "weerbaar/client/case_id.h"
#include "weerbaar/sqlite/sqlite_statement.h"
#include "weerbaar/v1/cached_case.pb.h"

namespace weerbaar::client {
namespace {

v1::CachedCase to_cached(const OpenedCase& opened) {
    v1::CachedCase cached;
    cached.set_case_id(opened.case_id.data(), opened.case_id.size());
    cached.set_epoch(opened.epoch);
    *cached.mutable_summary() = opened.summary;
    for (const CaseMemberEntry& member : opened.members) {
        v1::CachedMember* out = cached.add_members();
        out->set_user(member.user);
        out->set_epoch(member.epoch);
    }
    cached.set_creator(opened.creator);
    for (const CaseRecord& record : opened.records) {
        v1::CachedRecord* out = cached.add_records();
        out->set_sequence(record.sequence);
        out->set_record_id(record.record_id.data(), record.record_id.size());
        out->set_author(record.author);
        out->set_created(record.created);
        out->set_stored_unix(record.stored_unix);
        out->set_hash(record.hash.data(), record.hash.size());
        *out->mutable_content() = record.content;
        out->set_author_role(static_cast<std::uint32_t>(record.author_role));
        out->set_quarantined(record.quarantined);
        out->set_quarantine_reason(record.quarantine_reason);
    }
    for (const std::uint32_t epoch : opened.epochs_granted_by_revoked) {
        cached.add_epochs_granted_by_revoked(epoch);
    }
    return cached;
}

crypto::Bytes bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

OpenedCase from_cached(v1::CachedCase cached) {
    OpenedCase opened;
    opened.case_id = bytes_of(cached.case_id());
    opened.epoch = cached.epoch();
    opened.summary = std::move(*cached.mutable_summary());
    for (const v1::CachedMember& member : cached.members()) {
        opened.members.push_back({member.user(), member.epoch()});
    }
    opened.creator = cached.creator();
    opened.records.reserve(static_cast<std::size_t>(cached.records_size()));
    for (v1::CachedRecord& record : *cached.mutable_records()) {
        CaseRecord out;
        out.sequence = record.sequence();
        out.record_id = bytes_of(record.record_id());
        out.author = record.author();
        out.created = record.created();
        out.stored_unix = record.stored_unix();
        out.hash = bytes_of(record.hash());
        out.content = std::move(*record.mutable_content());
        out.author_role = static_cast<crypto::Role>(record.author_role());
        out.quarantined = record.quarantined();
        out.quarantine_reason = record.quarantine_reason();
        opened.records.push_back(std::move(out));
    }
    opened.epochs_granted_by_revoked.insert(cached.epochs_granted_by_revoked().begin(),
                                            cached.epochs_granted_by_revoked().end());
    return opened;
}

}  // namespace

Result<std::vector<v1::CaseSummary>> sync_case_summaries(const Session& session,
                                                         const CaseCache& cache) {
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t since, cache.sync_version());
    WEERBAAR_ASSIGN_OR_RETURN(const CaseChanges changes, fetch_case_changes(session, since));
    WEERBAAR_TRY(cache.apply(changes));
    return cache.summaries();
}

bool unchanged_since(const v1::CaseSummary& cached, const v1::CaseSummary& listed) {
    return cached.case_id() == listed.case_id() && cached.epoch() == listed.epoch() &&
           cached.record_count() == listed.record_count() &&
           cached.rotation_required() == listed.rotation_required() &&
           cached.retention_until_unix() == listed.retention_until_unix();
}

Result<std::optional<OpenedCase>> CaseCache::find(const std::string& case_hex) const {
    std::optional<OpenedCase> found;
    WEERBAAR_TRY(store_->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query,
            SqliteStatement::prepare(db, "SELECT state FROM cached_cases WHERE case_id = ?;"));
        query.bind(1, case_hex);
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
        if (!row) {
            return ok_status();
        }
        const crypto::Bytes state = query.column_blob(0);
        v1::CachedCase cached;
        if (!cached.ParseFromArray(state.data(), static_cast<int>(state.size()))) {
            return Error(ErrorCode::internal, "a cached case in the local store does not decode");
        }
        found = from_cached(std::move(cached));
        return ok_status();
    }));
    return found;
}

Status CaseCache::put(const OpenedCase& opened) const {
    const std::string state = to_cached(opened).SerializeAsString();
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto insert,
            SqliteStatement::prepare(db,
                                     "INSERT OR REPLACE INTO cached_cases (case_id, state) "
                                     "VALUES (?, ?);"));
        return insert.bind(1, format_case_id(opened.case_id))
            .bind(2, crypto::as_bytes(state))
            .run();
    });
}

namespace {

// What a sync's reset drops: the server's word on the case and the history cached
// from it. The held records stay: a reset comes from a server restored from an older
// backup, which is when they are handed back (held_records.h).
Status forget_summary(sqlite3* db, const std::string& case_hex) {
    for (const char* sql : {"DELETE FROM cached_cases WHERE case_id = ?;",
                            "DELETE FROM case_summaries WHERE case_id = ?;"}) {
        WEERBAAR_ASSIGN_OR_RETURN(auto erase, SqliteStatement::prepare(db, sql));
        WEERBAAR_TRY(erase.bind(1, case_hex).run());
    }
    return ok_status();
}

// A case gone for good for this member (unshared, or deleted by retention): all of it.
Status forget_case(sqlite3* db, const std::string& case_hex) {
    WEERBAAR_TRY(forget_summary(db, case_hex));
    // The server said why the case went: not one a restore lost, so neither handed
    // back (held_records.h) nor opened again (created_cases.h).
    for (const char* sql : {"DELETE FROM held_records WHERE case_id = ?;",
                            "DELETE FROM created_cases WHERE case_id = ?;",
                            "DELETE FROM created_case_shares WHERE case_id = ?;"}) {
        WEERBAAR_ASSIGN_OR_RETURN(auto erase, SqliteStatement::prepare(db, sql));
        WEERBAAR_TRY(erase.bind(1, case_hex).run());
    }
    return ok_status();
}

}  // namespace

Status CaseCache::remove(const std::string& case_hex) const {
    return store_->transact([&](sqlite3* db) { return forget_summary(db, case_hex); });
}

Result<std::uint64_t> CaseCache::sync_version() const {
    std::uint64_t version = 0;
    WEERBAAR_TRY(store_->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query,
            SqliteStatement::prepare(db, "SELECT value FROM meta WHERE name = 'sync_version';"));
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
        if (row) {
            version = static_cast<std::uint64_t>(query.column_int64(0));
        }
        return ok_status();
    }));
    return version;
}

Status CaseCache::apply(const CaseChanges& changes) const {
    return store_->transact([&](sqlite3* db) -> Status {
        if (changes.reset) {
            std::set<std::string> named;
            for (const v1::CaseSummary& summary : changes.changed) {
                named.insert(format_case_id(crypto::as_bytes(summary.case_id())));
            }
            std::vector<std::string> known;
            WEERBAAR_ASSIGN_OR_RETURN(
                auto query, SqliteStatement::prepare(db,
                                                     "SELECT case_id FROM case_summaries UNION "
                                                     "SELECT case_id FROM cached_cases;"));
            while (true) {
                WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
                if (!row) {
                    break;
                }
                known.push_back(query.column_text(0));
            }
            for (const std::string& case_hex : known) {
                if (!named.contains(case_hex)) {
                    WEERBAAR_TRY(forget_summary(db, case_hex));
                }
            }
        }
        for (const crypto::Bytes& removed : changes.removed) {
            WEERBAAR_TRY(forget_case(db, format_case_id(removed)));
        }
        for (const v1::CaseSummary& summary : changes.changed) {
            WEERBAAR_ASSIGN_OR_RETURN(
                auto insert, SqliteStatement::prepare(db,
                                                      "INSERT OR REPLACE INTO case_summaries "
                                                      "(case_id, updated_unix, summary) VALUES "
                                                      "(?, ?, ?);"));
            const std::string encoded = summary.SerializeAsString();
            WEERBAAR_TRY(insert.bind(1, format_case_id(crypto::as_bytes(summary.case_id())))
                             .bind(2, summary.updated_unix())
                             .bind(3, crypto::as_bytes(encoded))
                             .run());
        }
        WEERBAAR_ASSIGN_OR_RETURN(
            auto version,
            SqliteStatement::prepare(
                db, "INSERT OR REPLACE INTO meta (name, value) VALUES ('sync_version', ?);"));
        return version.bind(1, static_cast<std::int64_t>(changes.version)).run();
    });
}

Result<std::vector<v1::CaseSummary>> CaseCache::summaries() const {
    std::vector<v1::CaseSummary> summaries;
    WEERBAAR_TRY(store_->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query, SqliteStatement::prepare(db,
                                                 "SELECT summary FROM case_summaries ORDER BY "
                                                 "updated_unix DESC, case_id;"));
        while (true) {
            WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
            if (!row) {
                return ok_status();
            }
            const crypto::Bytes encoded = query.column_blob(0);
            v1::CaseSummary summary;
            if (!summary.ParseFromArray(encoded.data(), static_cast<int>(encoded.size()))) {
                return Error(ErrorCode::internal,
                             "a case summary in the local store does not decode");
            }
            summaries.push_back(std::move(summary));
        }
    }));
    return summaries;
}

}  // namespace weerbaar::client
