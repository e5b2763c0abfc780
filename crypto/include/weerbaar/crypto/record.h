#pragma once
// Case records: XChaCha20-Poly1305-IETF under the case key with a random nonce;
// the canonical header is the associated data, and the author signs header, nonce
// and ciphertext. Records are append-only; an edit is a new record.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kRecordIdSize = 16;
inline constexpr std::size_t kRecordHashSize = 32;
inline constexpr std::size_t kMaxSeenHashes = 64;
// Larger content belongs in an attachment (secretstream), not in a record.
// How far a record's `created` (the author's clock) may lie from the server's clock
// when it arrives: the server refuses a record beyond it, and readers mark a record
// whose two times differ by more. Ten minutes still admits a laptop whose clock has
// drifted without network time, and a client seals right before it sends.
inline constexpr std::chrono::minutes kMaxRecordClockSkew{10};
inline constexpr std::size_t kMaxRecordPlaintextSize = std::size_t{1} << 20;  // 1 MiB

// The record hash of an encoded record: what seen_hashes name. Over the bytes as
// they are, so a holder of records that never opens them (the server) computes it
// too; for a record that decodes it equals SealedRecord::hash().
[[nodiscard]] Bytes record_hash(ByteView encoded);

struct RecordHeader {
    Bytes case_id;    // kCaseIdSize
    Bytes record_id;  // kRecordIdSize, random, chosen by the author
    std::uint32_t epoch = 0;
    std::string author;
    std::uint64_t created = 0;       // unix seconds, the author's clock
    std::vector<Bytes> seen_hashes;  // hashes of the records the author had seen (heads)
};

class SealedRecord {
  public:
    static Result<SealedRecord> seal(RecordHeader header, ByteView plaintext, const CaseKey& key,
                                     const SigningKeyPair& author_key);
    static Result<SealedRecord> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const RecordHeader& header() const { return header_; }
    // BLAKE2b-256 of the encoded record: what later records name in seen_hashes.
    [[nodiscard]] Bytes hash() const;
    // Checks the author's signature, then decrypts. One opaque error for any failure.
    [[nodiscard]] Result<SecretBuffer> open(const CaseKey& key, ByteView author_sign_pk) const;
    // The two halves of open(), for whoever must tell them apart: the server checks
    // signatures without any case key, and a reader treats a record its author signed
    // but sealed under another key as that author's fault, not the operator's
    // (docs/adr/0005-attributable-faults.md). Each gives the one opaque error.
    [[nodiscard]] Status verify_signature(ByteView author_sign_pk) const;
    [[nodiscard]] Result<SecretBuffer> decrypt(const CaseKey& key) const;

  private:
    SealedRecord(RecordHeader header, Bytes nonce, Bytes ciphertext, Bytes signature)
        : header_(std::move(header)),
          nonce_(std::move(nonce)),
          ciphertext_(std::move(ciphertext)),
          signature_(std::move(signature)) {}
    RecordHeader header_;
    Bytes nonce_;
    Bytes ciphertext_;
    Bytes signature_;
};

}  // namespace weerbaar::crypto
