#pragma once
// The cases this client verified, kept in the encrypted local store (local_store.h,
// table cached_cases) so that listing and opening a case verify only what is new.
//
// An entry is written only after a read verified the whole history up to its newest
// record (case_reader.h), right after that record became the case's head in the
// trust memory. A reader uses an entry only while its newest record is still the
// remembered head (same sequence and hash), so a cached case is exactly what a full
// verified read gave at that head. Case keys are not cached (OpenedCase::keys is empty for a cached
// case): a write always reads the case from the server first. A case that failed verification is
// never cached.
//
// Threading: as LocalStore (every call takes the store's mutex).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/case_sync.h"
#include "weerbaar/client/local_store.h"

namespace weerbaar::client {

class CaseCache {
  public:
    explicit CaseCache(std::shared_ptr<LocalStore> store) : store_(std::move(store)) {}

    // The cached case, or nullopt when none. internal when the entry does not
    // decode (the store is authenticated, so that is a bug, not an attack).
    [[nodiscard]] Result<std::optional<OpenedCase>> find(const std::string& case_hex) const;
    // Replaces the entry of `opened` (which must hold at least one record).
    [[nodiscard]] Status put(const OpenedCase& opened) const;
    // Forgets a case's cached history and its summary (the server no longer shows
    // it). Its held records (held_records.h) and, for our own, how we opened it
    // (created_cases.h) stay until a sync says the case was removed for us: a case
    // a restore lost is also one the server no longer shows.
    [[nodiscard]] Status remove(const std::string& case_hex) const;
    // Every cached case id (hex), for finding the ones the server no longer lists.
    [[nodiscard]] Result<std::vector<std::string>> case_ids() const;

    // The server's word on the caller's cases (table case_summaries, meta
    // sync_version), kept between commands so that a list needs one SyncCases
    // round trip (case_sync.h): the version to sync from (0 when never synced).
    [[nodiscard]] Result<std::uint64_t> sync_version() const;
    // Applies one sync in one transaction: a reset forgets every summary and every
    // cached case the sync does not name as changed (as remove() does); a removed
    // case loses its summary, cached history, held records and created_cases row;
    // a changed one gets its new summary; the version becomes changes.version.
    [[nodiscard]] Status apply(const CaseChanges& changes) const;
    // Every summary kept, newest update first (then by case id), as ListCases
    // orders them.
    [[nodiscard]] Result<std::vector<v1::CaseSummary>> summaries() const;

  private:
    std::shared_ptr<LocalStore> store_;
};

// One SyncCases round trip from the version kept in `cache` (fetch_case_changes),
// applied to it (CaseCache::apply); then every summary kept, in list order. What
// `case list` and case-id lookup start from. Errors: fetch_case_changes's, or the
// store's.
[[nodiscard]] Result<std::vector<v1::CaseSummary>> sync_case_summaries(const Session& session,
                                                                       const CaseCache& cache);

// Whether the server's summary says nothing changed since `cached` was verified:
// the same record count, epoch, rotation flag and retention deadline. Anything else
// (even a smaller count: a rollback) sends the case to a verified read.
[[nodiscard]] bool unchanged_since(const v1::CaseSummary& cached, const v1::CaseSummary& listed);

}  // namespace weerbaar::client
