#include "weerbaar/client/case_lookup.h"

#include "weerbaar/client/case_cache.h"
#include "weerbaar/client/local_store.h"

namespace weerbaar::client {

Result<crypto::Bytes> resolve_case_id(const Session& session, std::string_view text) {
    // Malformed text is refused before anything is sent.
    WEERBAAR_TRY(check_case_id_text(text));
    // The ids come from the profile's synced summaries: one SyncCases round trip
    // whatever the number of cases (a ListCases answer of ~90,000 cases would not
    // fit in one message).
    WEERBAAR_ASSIGN_OR_RETURN(const std::shared_ptr<LocalStore> store,
                              open_profile_store(session.profile(), session.keys().store_key));
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<v1::CaseSummary> summaries,
                              sync_case_summaries(session, CaseCache(store)));
    std::vector<crypto::Bytes> known;
    known.reserve(summaries.size());
    for (const v1::CaseSummary& summary : summaries) {
        const auto id = crypto::as_bytes(summary.case_id());
        known.emplace_back(id.begin(), id.end());
    }
    return match_case_id(text, known);
}

}  // namespace weerbaar::client
