#include "weerbaar/client/case_sync.h"

#include <map>
#include <set>
#include <string>

#include "session_rpc.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/crypto/case_key.h"

namespace weerbaar::client {
namespace {

// A server answers 10,000 changes a page (server_limits.h); this many pages is a
// billion cases, past which the server is taken to be stuck in a loop.
constexpr std::size_t kMaxPages = 100000;

Error incoherent(const std::string& dutch, const std::string& english) {
    return Error(ErrorCode::integrity_failure, dutch + " / " + english);
}

Result<crypto::Bytes> case_id_of(const std::string& field) {
    if (field.size() != crypto::kCaseIdSize) {
        return incoherent("de server stuurde een misvormd zaaknummer",
                          "the server sent a malformed case id");
    }
    return crypto::Bytes(field.begin(), field.end());
}

}  // namespace

Result<CaseChanges> fetch_case_changes(const Session& session, std::uint64_t since_version) {
    // By case id, so that a case seen on two pages (it changed between them) or
    // changed and then removed ends up as its last page says.
    std::map<crypto::Bytes, v1::CaseSummary> changed;
    std::set<crypto::Bytes> removed;
    bool reset = false;
    std::uint64_t since = since_version;
    for (std::size_t page = 0;; ++page) {
        if (page == kMaxPages) {
            return incoherent("de server blijft wijzigingen sturen",
                              "the server keeps sending changes");
        }
        v1::SyncCasesRequest request;
        request.set_since_version(since);
        v1::SyncCasesResponse response;
        WEERBAAR_TRY(check_rpc(call_server(session, &SessionStubs::cases,
                                           &v1::CaseService::Stub::SyncCases, request, &response),
                               "sync your cases"));
        if (response.reset()) {
            // Started again from 0 (on any page: a restore may happen between two).
            changed.clear();
            removed.clear();
            reset = true;
        } else if (response.version() < since || (response.more() && response.version() == since)) {
            return incoherent("de server gaf een versie die niet verder komt",
                              "the server answered a version that does not move on");
        }
        for (const v1::CaseSummary& summary : response.changed()) {
            WEERBAAR_ASSIGN_OR_RETURN(crypto::Bytes id, case_id_of(summary.case_id()));
            removed.erase(id);
            changed[id] = summary;
        }
        for (const std::string& field : response.removed_case_ids()) {
            WEERBAAR_ASSIGN_OR_RETURN(crypto::Bytes id, case_id_of(field));
            changed.erase(id);
            removed.insert(std::move(id));
        }
        since = response.version();
        if (!response.more()) {
            break;
        }
    }
    CaseChanges changes;
    changes.version = since;
    changes.reset = reset;
    changes.changed.reserve(changed.size());
    for (auto& [id, summary] : changed) {
        changes.changed.push_back(std::move(summary));
    }
    changes.removed.assign(removed.begin(), removed.end());
    return changes;
}

}  // namespace weerbaar::client
