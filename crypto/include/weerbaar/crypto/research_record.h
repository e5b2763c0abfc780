#pragma once
// A case's research record: the coded, generalised facts of one case
// (weerbaar.v1.ResearchCodes, serialised) sealed with crypto_box_seal to the
// organisation's research key and signed by its author, a member of the case. The server
// stores the latest per case and cannot read it; only holders of the research key can.
// docs/crypto.md, "Research record".
//
// Values are immutable once made: every const call may run on any thread at once.

#include <cstdint>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::crypto {

// A ResearchCodes message is a few hundred bytes; the bound keeps a record small enough
// that the server can hold one per case without a quota of its own.
inline constexpr std::size_t kMaxResearchPlaintext = std::size_t{16} * 1024;
inline constexpr std::size_t kResearchSealOverhead = 48;  // crypto_box_SEALBYTES

struct ResearchRecordBody {
    Bytes case_id;                 // kCaseIdSize (16)
    std::uint32_t generation = 0;  // of the research key it is sealed to, from 1
    std::string author;            // user name
    std::uint64_t created = 0;     // unix seconds, the author's clock
    Bytes sealed;                  // crypto_box_seal output: 48 + plaintext bytes
};

// Tag 0x0B, signature domain weerbaar/v1/research-record.
class ResearchRecord {
  public:
    // Plaintext over kMaxResearchPlaintext is resource_exhausted; a bad case id, author,
    // generation 0 or a research key of the wrong size is invalid_argument.
    static Result<ResearchRecord> seal(ByteView case_id, std::uint32_t generation,
                                       std::string author, std::uint64_t created,
                                       ByteView plaintext, ByteView research_enc_pk,
                                       const SigningKeyPair& author_key);
    static Result<ResearchRecord> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const ResearchRecordBody& body() const { return body_; }
    // The one opaque integrity_failure when the signature does not verify.
    [[nodiscard]] Status verify_signature(ByteView author_sign_pk) const;
    // Verifies the signature, then unseals. One opaque integrity_failure for any failure.
    [[nodiscard]] Result<SecretBuffer> open(ByteView author_sign_pk,
                                            const EncryptionKeyPair& research_key) const;

  private:
    ResearchRecord(ResearchRecordBody body, Bytes signature)
        : body_(std::move(body)), signature_(std::move(signature)) {}
    ResearchRecordBody body_;
    Bytes signature_;
};

}  // namespace weerbaar::crypto
