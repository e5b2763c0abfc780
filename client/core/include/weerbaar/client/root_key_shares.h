#pragma once
// The organisation root key in shares (docs/adr/0008-root-key-shares.md): so that the
// root key survives the loss of the one laptop that holds it. A holder of the root key
// splits its seed (Shamir over GF(256), crypto/root_key_share.h) into one share per
// coordinator, sealed to each coordinator's verified key; when the root key is lost,
// `threshold` holders re-seal their share to one coordinator, who rebuilds the key on
// their own machine, checks it against the pinned root key and keeps it in their
// keystore. The server only passes sealed blobs on and records each step in the audit
// log: split, every release, and the collection for recovery.
//
// Threading: as the rest of the core (client_api.h): any thread, one MemberDirectory
// per thread of work; every call may wait on the network.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/client/member_directory.h"
#include "weerbaar/client/session.h"
#include "weerbaar/crypto/root_key_share.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::client {

// The current split as this client verified it: every share decodes, names the pinned
// root key and one split id, threshold and count, and is signed by a coordinator whose
// certificate (current or past) chains to the root and holds the signing key.
struct RootKeySplitState {
    crypto::Bytes split_id;
    unsigned threshold = 0;
    std::string splitter;
    std::uint64_t created = 0;
    std::vector<crypto::RootKeyShare> shares;  // by number
    // Holders who are no longer active coordinators (revoked since): their share still
    // counts towards the threshold for whoever has it, so the split should be made anew.
    std::vector<std::string> revoked_holders;
};

// nullopt before the first split. permission_denied for anyone but a coordinator;
// integrity_failure when a share does not verify as above.
[[nodiscard]] Result<std::optional<RootKeySplitState>> fetch_root_key_split(
    const Session& session, MemberDirectory& directory);

struct RootKeySplitRequest {
    unsigned shares = 0;     // N: must equal the number of recipients
    unsigned threshold = 0;  // M: 2 <= M <= N <= 255
    // Who gets a share; empty: every active, unrevoked coordinator whose certificate
    // chains to the pinned root (the caller included).
    std::vector<std::string> recipients;
};

// The checks of a split request that need no server, for a front end to run before
// it asks for the passphrase: invalid_argument (field "threshold") unless 2 <= M <= N
// <= 255, (field "shares") when recipients are named and N is not their number.
[[nodiscard]] Status check_root_key_split_request(const RootKeySplitRequest& request);

struct RootKeySplitSummary {
    crypto::Bytes split_id;
    unsigned threshold = 0;
    std::vector<std::string> holders;  // by share number
};

// Splits the root key held in this keystore and replaces the organisation's shares.
// failed_precondition when the keystore holds no root key; permission_denied when the
// caller is not a coordinator, or a named recipient is not one or is revoked;
// invalid_argument (field "shares") when N is not the number of recipients, (field
// "threshold") when M is out of range, (field "recipients") for a name given twice;
// integrity_failure when a recipient's key changed since this client saw it (as for
// sharing a case: check it by phone first).
[[nodiscard]] Result<RootKeySplitSummary> split_organisation_root_key(
    const Session& session, MemberDirectory& directory, const RootKeySplitRequest& request);

// A holder opens their share of the current split and re-seals it to `recipient`, an
// active, unrevoked coordinator whose key this client trusts (check_may_receive_key),
// signed by the holder. failed_precondition when there is no split or the caller holds
// no share of it; the one opaque integrity_failure when their share does not open.
[[nodiscard]] Status release_root_key_share(const Session& session, MemberDirectory& directory,
                                            const std::string& recipient);

struct RootKeyRecovery {
    crypto::Bytes split_id;
    std::vector<std::string> holders;  // whose releases rebuilt the key
};

// Collects the shares released to the caller (the server audits the collection),
// verifies each (the holder an active coordinator certified with the signing key, the
// holder's and the splitter's signatures, the split, number and commitment, the seal to
// the caller's key), rebuilds the root key, checks it against the pinned root public key
// in constant time, and only then stores it in the profile's keystore: the keystore is
// opened with `passphrase`, resealed with the root key under the same passphrase and
// replaced atomically. failed_precondition when this keystore holds the root key
// already, or fewer than the threshold were released to the caller; permission_denied
// for a wrong passphrase; the one opaque integrity_failure when a release or the
// rebuilt key does not verify (nothing is stored).
[[nodiscard]] Result<RootKeyRecovery> recover_root_key(const Session& session,
                                                       MemberDirectory& directory,
                                                       const crypto::SecretBuffer& passphrase);

}  // namespace weerbaar::client
