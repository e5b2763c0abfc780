#pragma once
// The organisation's research key: an X25519 pair per organisation, numbered by a
// generation (1, 2, ...), to which every case's research record is sealed
// (research_record.h). Its public half is certified by the organisation root key in a
// ResearchKeyCertificate; its secret half reaches a coordinator in a ResearchKeyWrap,
// sealed to the coordinator's X25519 key and signed by the coordinator who granted it.
// docs/crypto.md, "Research key certificate" and "Research key wrap". The sealed box is
// libsodium's crypto_box_seal (X25519 + XSalsa20-Poly1305 under an ephemeral key).
//
// Values are immutable once made: every const call may run on any thread at once.

#include <cstdint>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kResearchSecretKeySize = 32;  // X25519 secret key

struct ResearchKeyCertificateBody {
    std::uint32_t generation = 0;  // from 1
    Bytes enc_pk;                  // 32, X25519: what research records are sealed to
    std::uint64_t issued = 0;      // unix seconds, the issuer's clock
    Bytes root_sign_pk;            // 32, the organisation root key that signs
};

// Tag 0x09, signature domain weerbaar/v1/research-key-certificate.
class ResearchKeyCertificate {
  public:
    // generation 0 or a key of the wrong size is invalid_argument.
    static Result<ResearchKeyCertificate> issue(std::uint32_t generation, ByteView enc_pk,
                                                std::uint64_t issued,
                                                const SigningKeyPair& root_key);
    // Parses the wire form; checks the structure, not the signature.
    static Result<ResearchKeyCertificate> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const ResearchKeyCertificateBody& body() const { return body_; }
    // root_sign_pk equals the pinned key (constant time) and the signature verifies;
    // otherwise the one opaque integrity_failure. A pinned key that is not 32 bytes is
    // the caller's bug: invalid_argument.
    [[nodiscard]] Status verify(ByteView pinned_root_sign_pk) const;

  private:
    ResearchKeyCertificate(ResearchKeyCertificateBody body, Bytes signature)
        : body_(std::move(body)), signature_(std::move(signature)) {}
    ResearchKeyCertificateBody body_;
    Bytes signature_;
};

struct ResearchKeyWrapBody {
    std::uint32_t generation = 0;  // from 1
    std::string recipient;         // the coordinator it is for
    Bytes recipient_enc_pk;        // 32
    Bytes sealed_key;              // crypto_box_seal of the research secret key: 32 + 48 = 80
    std::string granter;           // the coordinator who grants
    Bytes granter_sign_pk;         // 32
};

// Tag 0x0A, signature domain weerbaar/v1/research-key-wrap. The same layout as a case
// KeyWrap with the generation in place of case id and epoch.
class ResearchKeyWrap {
  public:
    static Result<ResearchKeyWrap> create(std::uint32_t generation, std::string recipient,
                                          ByteView recipient_enc_pk,
                                          const EncryptionKeyPair& research_key,
                                          std::string granter, const SigningKeyPair& granter_key);
    static Result<ResearchKeyWrap> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const ResearchKeyWrapBody& body() const { return body_; }
    // Checks the granter's signature against the embedded granter_sign_pk. Whether the
    // granter may grant (a coordinator holding this generation) is the caller's check.
    [[nodiscard]] Status verify_signature() const;
    // Verifies the signature, checks that recipient_enc_pk is recipient_key's public key,
    // unseals, and checks that the rebuilt pair's public key is `expected_enc_pk` (the
    // certificate's), so a granter cannot hand over a key other than the certified one.
    // One opaque integrity_failure for any failure.
    [[nodiscard]] Result<EncryptionKeyPair> open(const EncryptionKeyPair& recipient_key,
                                                 ByteView expected_enc_pk) const;

  private:
    ResearchKeyWrap(ResearchKeyWrapBody body, Bytes signature)
        : body_(std::move(body)), signature_(std::move(signature)) {}
    ResearchKeyWrapBody body_;
    Bytes signature_;
};

}  // namespace weerbaar::crypto
