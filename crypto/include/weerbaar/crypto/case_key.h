#pragma once
// Case keys: 32 random bytes per case per epoch. A key reaches a member as a
// KeyWrap: the key sealed to the member's X25519 key (crypto_box_seal) and signed by
// the member who granted it, bound to case, epoch and recipient.

#include <cstdint>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kCaseIdSize = 16;
inline constexpr std::size_t kCaseKeySize = 32;
inline constexpr std::size_t kCaseIdNonceSize = 16;

// A new case's id (docs/crypto.md, "Case ids"): BLAKE2b-128 over the domain tag
// "weerbaar/v1/case-id", the creator's Ed25519 public key (32 bytes) and a random
// nonce (kCaseIdNonceSize bytes). The creator sends the nonce with CreateCase and the
// server recomputes the id, so an id can only be taken by the key that made it:
// "this id exists" then tells a creator only about their own cases, and nobody
// can probe for another member's case id. It looks as random as before (the nonce
// is fresh), so ids do not link cases to their creator. Aborts on other sizes (a
// bug in the caller). Thread-safe.
[[nodiscard]] Bytes derive_case_id(ByteView creator_sign_pk, ByteView nonce);

class CaseKey {
public:
    static CaseKey generate();
    static Result<CaseKey> from_secret(SecretBuffer key);  // must be kCaseKeySize bytes
    [[nodiscard]] const SecretBuffer& secret() const { return key_; }

private:
    explicit CaseKey(SecretBuffer key) : key_(std::move(key)) {}
    SecretBuffer key_;
};

struct KeyWrapBody {
    Bytes case_id;               // kCaseIdSize
    std::uint32_t epoch = 0;
    std::string recipient;
    Bytes recipient_enc_pk;      // 32
    Bytes sealed_key;            // crypto_box_seal of the case key: 32 + 48 bytes
    std::string granter;
    Bytes granter_sign_pk;       // 32
};

class KeyWrap {
public:
    static Result<KeyWrap> create(ByteView case_id, std::uint32_t epoch, std::string recipient,
                                  ByteView recipient_enc_pk, const CaseKey& key, std::string granter,
                                  const SigningKeyPair& granter_key);
    static Result<KeyWrap> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const KeyWrapBody& body() const { return body_; }
    // Checks the granter's signature against the embedded granter_sign_pk. Whether
    // the granter was entitled to grant is the caller's check (certificate chain).
    [[nodiscard]] Status verify_signature() const;
    // Verifies the signature, then unseals the key. One opaque error for any failure.
    [[nodiscard]] Result<CaseKey> open(const EncryptionKeyPair& recipient_key) const;

private:
    KeyWrap(KeyWrapBody body, Bytes signature)
        : body_(std::move(body)), signature_(std::move(signature)) {}
    KeyWrapBody body_;
    Bytes signature_;
};

}  // namespace weerbaar::crypto
