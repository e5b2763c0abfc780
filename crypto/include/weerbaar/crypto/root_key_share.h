#pragma once
// The organisation root key in shares (docs/crypto.md, "Root key shares"; ADR 0008):
// its 32-byte Ed25519 seed split with Shamir's scheme over GF(256) (libgfshare) into
// one share per coordinator, any `threshold` of which rebuild it.
//
//  - RootKeyShare (tag 0x0E): one share as the splitter hands it out, sealed to the
//    holder's X25519 key (crypto_box_seal) and signed by the splitting coordinator.
//    Its header names the split (a random id), the threshold, the number of shares,
//    the share's number, the root public key and a commitment to the share's
//    plaintext, so a share can be tied to its split without being opened.
//  - RootKeyShareRelease (tag 0x0F): a holder's share re-sealed to the coordinator
//    who recovers, signed by the holder; it repeats the split id, number and
//    commitment of the share it carries.
//  - The share plaintext (tag 0x10), only ever inside a seal and in SecretBuffers:
//    version, tag, split id, number, and the share's 32 bytes.
//  - The split authorisation: the root key's own signature over the split's id,
//    threshold, share count, time and splitter, so that only a holder of the root key
//    can replace the shares the server keeps.
//
// Every failure to verify or open is the one opaque integrity_failure. Whether the
// splitter, holder and recipient are coordinators with these keys is the caller's
// check. Values are immutable once made: const calls may run on any thread at once.

#include <cstdint>
#include <string>
#include <vector>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kRootKeySplitIdSize = 16;
inline constexpr std::size_t kRootKeySeedSize = 32;  // crypto_sign_SEEDBYTES
// version, tag, split id, number, share value
inline constexpr std::size_t kRootKeySharePlaintextSize = 2 + kRootKeySplitIdSize + 1 + 32;
inline constexpr std::size_t kSealedRootKeyShareSize = 48 + kRootKeySharePlaintextSize;
inline constexpr std::size_t kRootKeyShareCommitmentSize = 32;
inline constexpr unsigned kMinRootKeyShareThreshold = 2;
inline constexpr unsigned kMaxRootKeyShares = 255;

struct RootKeyShareRecipient {
    std::string user;  // a coordinator
    Bytes enc_pk;      // 32, from their verified certificate
};

struct RootKeySplit;

struct RootKeyShareBody {
    Bytes split_id;                // 16, random per split
    std::uint8_t threshold = 0;    // M: shares needed, 2..share_count
    std::uint8_t share_count = 0;  // N: shares made, 2..255
    std::uint8_t number = 0;       // this share's number (its x), 1..share_count
    Bytes root_sign_pk;            // 32, the root key the shares rebuild
    std::uint64_t created = 0;     // unix seconds, the splitter's clock
    Bytes commitment;              // 32, hash of the share plaintext
    std::string holder;            // the coordinator it is for
    Bytes holder_enc_pk;           // 32
    Bytes sealed_share;            // crypto_box_seal(plaintext, holder_enc_pk): 99
    std::string splitter;          // the coordinator who split
    Bytes splitter_sign_pk;        // 32
};

class RootKeyShare {
  public:
    // Checks the structure (sizes, names, 2 <= threshold <= share_count, 1 <= number <=
    // share_count), not the signature.
    static Result<RootKeyShare> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const RootKeyShareBody& body() const { return body_; }
    // The splitter's signature against the embedded splitter_sign_pk.
    [[nodiscard]] Status verify_signature() const;
    // Verifies the signature, that the share is sealed to `holder_key`, unseals, and
    // checks that the plaintext names this split and number and matches the
    // commitment. The plaintext (kRootKeySharePlaintextSize bytes) in secure memory.
    [[nodiscard]] Result<SecretBuffer> open(const EncryptionKeyPair& holder_key) const;

  private:
    // Only a split makes shares; everyone else decodes them.
    friend Result<RootKeySplit> split_root_key(const SigningKeyPair& root_key, unsigned threshold,
                                               const std::vector<RootKeyShareRecipient>& recipients,
                                               const std::string& splitter,
                                               const SigningKeyPair& splitter_key,
                                               std::uint64_t created);
    RootKeyShare(RootKeyShareBody body, Bytes signature)
        : body_(std::move(body)), signature_(std::move(signature)) {}
    RootKeyShareBody body_;
    Bytes signature_;
};

struct RootKeySplit {
    Bytes split_id;
    std::uint8_t threshold = 0;
    std::uint64_t created = 0;
    std::vector<RootKeyShare> shares;  // one per recipient, in their order, numbered from 1
    Bytes root_signature;              // the split authorisation (verify_root_key_split)
};

// Splits the seed of `root_key` for `recipients` (2..255, distinct valid user names,
// 32-byte keys), any `threshold` (2..recipients) of them to rebuild it, under a fresh
// random split id; each share sealed to its recipient and signed by `splitter`.
// invalid_argument for anything out of range.
[[nodiscard]] Result<RootKeySplit> split_root_key(
    const SigningKeyPair& root_key, unsigned threshold,
    const std::vector<RootKeyShareRecipient>& recipients, const std::string& splitter,
    const SigningKeyPair& splitter_key, std::uint64_t created);

// Checks a split authorisation: the root key's signature (domain
// weerbaar/v1/root-key-split) over split id, threshold, share count, time and
// splitter. The one opaque error when it does not verify.
[[nodiscard]] Status verify_root_key_split(ByteView root_sign_pk, ByteView split_id,
                                           std::uint8_t threshold, std::uint8_t share_count,
                                           std::uint64_t created, const std::string& splitter,
                                           ByteView signature);

struct RootKeyShareReleaseBody {
    Bytes split_id;              // 16, the share's
    std::uint8_t number = 0;     // the share's
    Bytes commitment;            // 32, the share's
    std::uint64_t released = 0;  // unix seconds, the holder's clock
    std::string holder;          // the share's holder, who releases it
    Bytes holder_sign_pk;        // 32
    std::string recipient;       // the coordinator who recovers
    Bytes recipient_enc_pk;      // 32
    Bytes sealed_share;          // crypto_box_seal(plaintext, recipient_enc_pk): 99
};

class RootKeyShareRelease {
  public:
    // `plaintext` is what share.open() gave the holder; it must belong to `share`
    // (else the one opaque error). The release is signed by `holder_key` in the name
    // of the share's holder.
    static Result<RootKeyShareRelease> create(const RootKeyShare& share,
                                              const SecretBuffer& plaintext, std::string recipient,
                                              ByteView recipient_enc_pk, std::uint64_t released,
                                              const SigningKeyPair& holder_key);
    static Result<RootKeyShareRelease> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const RootKeyShareReleaseBody& body() const { return body_; }
    [[nodiscard]] Status verify_signature() const;
    // Verifies the holder's signature and the splitter's signature on `share`, that
    // this release carries `share` (split id, number, commitment, holder), that it is
    // sealed to `recipient_key`; unseals, and checks that the plaintext names the split
    // and number and matches the share's commitment. The one opaque error otherwise.
    [[nodiscard]] Result<SecretBuffer> open(const EncryptionKeyPair& recipient_key,
                                            const RootKeyShare& share) const;

  private:
    RootKeyShareRelease(RootKeyShareReleaseBody body, Bytes signature)
        : body_(std::move(body)), signature_(std::move(signature)) {}
    RootKeyShareReleaseBody body_;
    Bytes signature_;
};

// Rebuilds the root key from opened share plaintexts of the split `split_id`: at
// least `threshold` of them (else failed_precondition), distinct numbers. The one
// opaque integrity_failure when a plaintext does not decode or names another split,
// and when the rebuilt key's public key is not `pinned_root_sign_pk` (constant time).
[[nodiscard]] Result<SigningKeyPair> combine_root_key_shares(
    const std::vector<SecretBuffer>& plaintexts, ByteView split_id, unsigned threshold,
    ByteView pinned_root_sign_pk);

}  // namespace weerbaar::crypto
