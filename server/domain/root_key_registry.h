#pragma once
// The organisation root key in shares, as the server sees it (docs/server.md, "Root key
// shares"; docs/adr/0008-root-key-shares.md). A holder of the root key splits it into
// one share per coordinator (crypto::RootKeyShare, sealed to the holder); to recover
// it, holders re-seal their share to one coordinator (crypto::RootKeyShareRelease),
// who collects the releases and rebuilds the key on their own machine. The server
// keeps the blobs and reads none of them: it learns who split when, among whom and
// with what threshold, who released to whom and when, and who collected.
//
// It checks what it can: only coordinators call; a split carries the root key's own
// signature over it (so only a holder of the root key replaces the shares); every
// share and release is signed by the caller with their certified key, names the
// current split, and is sealed to the certified key of an active coordinator.
// Split, every release and every collection are audit entries (root_key_split,
// root_key_share_released, root_key_recovered) in the same transaction.
//
// Errors: permission_denied for a caller who is not a coordinator (or, for a split,
// whose split the root key did not sign; for a release, who holds no share);
// invalid_argument for what does not decode, is out of range or names the wrong
// split, signer or key; failed_precondition when there is no split, or fewer releases
// than the threshold have reached the collector. Thread-safe as the reader and writer.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audit_trail.h"
#include "caller.h"
#include "group_commit_writer.h"
#include "storage_reader.h"

namespace weerbaar::server {

struct RootKeySplitRequest {
    crypto::Bytes split_id;        // 16
    std::uint32_t threshold = 0;   // 2..shares
    std::uint64_t created = 0;     // as every share and the root signature say
    crypto::Bytes root_signature;  // 64, crypto::verify_root_key_split
    std::vector<crypto::Bytes> shares;
};

// GetRootKeySplit's answer: empty split_id before the first split.
struct RootKeySplitView {
    crypto::Bytes split_id;
    std::uint32_t threshold = 0;
    std::string splitter;
    std::uint64_t created = 0;
    std::vector<crypto::Bytes> shares;  // crypto::RootKeyShare encodings, by number
};

class RootKeyRegistry {
  public:
    using Done = std::function<void(Status)>;
    using ReleasesDone = std::function<void(Result<std::vector<crypto::Bytes>>)>;

    RootKeyRegistry(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit);

    // A coordinator replaces the current split (and drops every release of it): the
    // root signature verifies with the organisation root key over split id, threshold,
    // share count, created and the caller's name; the shares (2..255) each decode, name
    // this split, threshold, count, time and the organisation root key, are numbered
    // 1..N once each, signed by the caller with their certified key, and sealed to the
    // certified key of an active coordinator, one share per coordinator. Audited as
    // root_key_split with detail "split=<hex> threshold=M shares=N".
    void split(const Caller& caller, const RootKeySplitRequest& request, Done done);
    // Coordinators only.
    [[nodiscard]] Result<RootKeySplitView> current_split(const Caller& caller);
    // A coordinator holding a share of the current split stores it re-sealed to an
    // active coordinator (replacing an earlier release to the same one): the release
    // decodes, names the caller as holder (signed with their certified key), the split,
    // number and commitment of the caller's share. Audited as root_key_share_released
    // (subject: the recipient; detail "split=<hex>").
    void release(const Caller& caller, const crypto::Bytes& release, Done done);
    // A coordinator takes the releases addressed to them: at least the threshold must
    // be there (else failed_precondition saying how many). The collection is audited
    // as root_key_recovered (detail "split=<hex> releases=K") in the same write that
    // reads them, so no release leaves the server unrecorded.
    void collect(const Caller& caller, ReleasesDone done);

  private:
    StorageReader& reader_;
    GroupCommitWriter& writer_;
    AuditTrail& audit_;
};

}  // namespace weerbaar::server
