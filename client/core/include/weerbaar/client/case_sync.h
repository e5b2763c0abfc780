#pragma once
// What changed in the caller's cases since a version the server gave before, in
// one SyncCases round trip per page (docs/server.md, "Sync"). Only the server's
// word: case ids, heads, epochs. The records themselves are fetched and verified
// by the readers (case_reader.h); nothing here is stored.

#include <cstdint>
#include <vector>

#include "weerbaar/client/session.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"
#include "weerbaar/v1/cases.pb.h"

namespace weerbaar::client {

struct CaseChanges {
    // The caller's cases that changed, each once (the newest summary), by case id.
    // Each case_id is kCaseIdSize bytes (checked).
    std::vector<v1::CaseSummary> changed;
    // Cases the caller no longer holds (unshared, left out of a new epoch, deleted
    // by retention), by case id; never one that is in `changed`.
    std::vector<crypto::Bytes> removed;
    // To pass as since_version next time.
    std::uint64_t version = 0;
    // The server was behind `since_version` (restored from a backup): `changed` is
    // every case the caller holds, and every case held locally but not in it is gone.
    bool reset = false;
};

// Asks SyncCases from `since_version` (0: everything) until the server says no
// more, and folds the pages together. Errors: the call's own (error_from_rpc,
// e.g. unauthenticated, unavailable); integrity_failure when the answers do not
// hold together (a malformed case id, a version that goes back or does not move
// on between pages). Blocks for the round trips; call from one thread per Session
// call as the Session allows.
[[nodiscard]] Result<CaseChanges> fetch_case_changes(const Session& session,
                                                     std::uint64_t since_version);

}  // namespace weerbaar::client
