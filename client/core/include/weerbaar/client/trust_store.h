#pragma once
// What this client has seen for itself, so that trust does not rest on the server:
// the member keys it knows (and which of them a person checked), every revocation
// it has seen, the audit chain anchor, and per case the newest record it read. A
// server that swaps a key, "forgets" a revocation, rewrites the audit chain or drops
// records is caught by comparing with this memory.
//
// Kept in the profile's encrypted local store (local_store.h), one transaction per
// change, so a crash loses at most the change being made. Profiles from before the
// store kept it in a plaintext trust.json: it is imported on first open and removed.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/client/local_store.h"
#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

namespace weerbaar::client {

struct KnownKey {
    std::string fingerprint;  // digit groups, as crypto::Certificate::fingerprint()
    bool verified = false;    // compared by a person (or approved / our own)
};

struct RememberedRevocation {
    std::string user;
    std::string revocation_hash;   // hex of crypto::Revocation::hash()
    std::string certificate_hash;  // hex of the revoked crypto::Certificate::hash()

    friend bool operator==(const RememberedRevocation&, const RememberedRevocation&) = default;
};

// The newest record this client verified in a case.
struct CaseHead {
    std::uint64_t sequence = 0;
    std::string hash;  // hex of crypto::SealedRecord::hash()
    // The highest key epoch this client saw or started: a server that reports a
    // lower one is rolling back an unshare or a rotation. 0 in files from before.
    std::uint32_t epoch = 0;
    // The author of record 1, as this client verified it: the one entitled to grant
    // epoch 1, which a read of only the newer records (`watch`) cannot see. "" in
    // files from before, which makes the next such read a full one.
    std::string creator{};

    friend bool operator==(const CaseHead&, const CaseHead&) = default;
};

struct TrustState {
    std::map<std::string, KnownKey, std::less<>> keys;  // by user
    std::vector<RememberedRevocation> revocations;
    std::optional<crypto::AuditAnchor> audit_anchor;
    std::map<std::string, CaseHead, std::less<>> cases;  // by case id (hex)
};

// How a certificate's fingerprint compares with what was seen before.
enum class KeySighting {
    first_sight,  // never seen: now recorded, unverified
    known,        // the same key as before
    changed,      // another key than before: a person must check it
};

// Pure operations on the state (unit-tested without a file or a server).
[[nodiscard]] KeySighting observe_key(TrustState& state, const std::string& user,
                                      const std::string& fingerprint);
// Records `fingerprint` as the user's key, checked by a person.
void mark_key_verified(TrustState& state, const std::string& user, const std::string& fingerprint);
// True when a revocation of exactly this certificate was seen.
[[nodiscard]] bool is_remembered_revoked(const TrustState& state, const std::string& user,
                                         crypto::ByteView certificate_hash);
// Adds the revocation unless it is known; returns whether it was new.
bool remember_revocation(TrustState& state, RememberedRevocation revocation);

// The plaintext trust.json of profiles from before the local store: read once, to
// import it. (Writing it is left for tests that build such a profile.)
[[nodiscard]] std::string trust_state_to_json(const TrustState& state);
// failed_precondition naming the problem when the text is not a trust state.
[[nodiscard]] Result<TrustState> trust_state_from_json(std::string_view text);

// The state plus where it lives. Every change is written at once, in its own
// transaction; the in-memory state() follows. Changes only move forward (heads,
// epochs, the audit anchor never go back; a verified key stays verified until a
// person verifies another), whichever process of the profile learnt them.
// Threading: as LocalStore, except state(), which the caller must not read while
// another thread changes this object.
class TrustStore {
  public:
    // Opens the local store of `profile_directory` with `store_key` (the keystore's
    // store key) and loads the trust memory. A missing store is an empty state (a
    // new profile), unless the profile records that it had a trust memory
    // (profile.json trust_memory) and there is no trust.json to import: then
    // failed_precondition, Dutch first, saying to restore it, and nothing starts
    // afresh. A trust.json there is imported (merged forward, in one transaction)
    // and then removed. A damaged store is failed_precondition. Opening sets the
    // profile's trust_memory record if it was not set yet.
    static Result<TrustStore> open(const std::filesystem::path& profile_directory,
                                   const crypto::SecretBuffer& store_key);

    [[nodiscard]] const TrustState& state() const { return state_; }
    [[nodiscard]] const std::shared_ptr<LocalStore>& store() const { return store_; }

    [[nodiscard]] Result<KeySighting> observe_key(const std::string& user,
                                                  const std::string& fingerprint);
    [[nodiscard]] Status mark_key_verified(const std::string& user, const std::string& fingerprint);
    [[nodiscard]] Status remember_revocation(RememberedRevocation revocation);
    [[nodiscard]] Status set_audit_anchor(crypto::AuditAnchor anchor);
    // The one way the anchor moves back: after a restore from backup, announced by the
    // verified restore notice at audit sequence `notice_sequence` (audit_log.h). Each
    // notice moves it once (meta audit_anchor_restore keeps the newest used);
    // integrity_failure for a notice not newer than that.
    [[nodiscard]] Status move_audit_anchor_past_restore(crypto::AuditAnchor anchor,
                                                        std::uint64_t notice_sequence);
    [[nodiscard]] Status set_case_head(const std::string& case_hex, CaseHead head);
    // The case's head as the store holds it now, read from the file: another
    // TrustStore of the profile (another thread's, another process's) may have moved
    // it since this one loaded state(). nullopt for a case never read.
    [[nodiscard]] Result<std::optional<CaseHead>> current_case_head(
        const std::string& case_hex) const;
    // After this client started `epoch` (rotation, unshare): never accept less again.
    [[nodiscard]] Status raise_case_epoch(const std::string& case_hex, std::uint32_t epoch);

  private:
    TrustStore(std::shared_ptr<LocalStore> store, TrustState state)
        : store_(std::move(store)), state_(std::move(state)) {}

    std::shared_ptr<LocalStore> store_;
    TrustState state_;
};

}  // namespace weerbaar::client
