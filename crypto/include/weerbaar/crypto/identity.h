#pragma once
// Per-user identity: an Ed25519 signing pair and an X25519 encryption pair, both
// made on the client. Secret halves live in SecretBuffer only.

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kSignPublicKeySize = 32;   // crypto_sign_PUBLICKEYBYTES
inline constexpr std::size_t kSignSecretKeySize = 64;   // crypto_sign_SECRETKEYBYTES
inline constexpr std::size_t kSignatureSize = 64;       // crypto_sign_BYTES
inline constexpr std::size_t kEncPublicKeySize = 32;    // crypto_box_PUBLICKEYBYTES
inline constexpr std::size_t kEncSecretKeySize = 32;    // crypto_box_SECRETKEYBYTES

class SigningKeyPair {
public:
    static SigningKeyPair generate();
    // Rebuilds the pair from a 64-byte libsodium secret key (which embeds the public key).
    static Result<SigningKeyPair> from_secret(SecretBuffer secret_key);

    [[nodiscard]] const Bytes& public_key() const { return public_key_; }
    [[nodiscard]] const SecretBuffer& secret_key() const { return secret_key_; }
    // Detached Ed25519 signature over `domain` followed by `message`. The domain tag
    // keeps a signature made for one format from being valid for another.
    [[nodiscard]] Bytes sign(std::string_view domain, ByteView message) const;

private:
    SigningKeyPair(Bytes public_key, SecretBuffer secret_key)
        : public_key_(std::move(public_key)), secret_key_(std::move(secret_key)) {}
    Bytes public_key_;
    SecretBuffer secret_key_;
};

// Verifies a signature made by SigningKeyPair::sign with the same domain.
// Every failure is the same opaque integrity_failure.
[[nodiscard]] Status verify_signature(ByteView public_key, std::string_view domain,
                                      ByteView message, ByteView signature);

class EncryptionKeyPair {
public:
    static EncryptionKeyPair generate();
    static Result<EncryptionKeyPair> from_secret(SecretBuffer secret_key);

    [[nodiscard]] const Bytes& public_key() const { return public_key_; }
    [[nodiscard]] const SecretBuffer& secret_key() const { return secret_key_; }

private:
    EncryptionKeyPair(Bytes public_key, SecretBuffer secret_key)
        : public_key_(std::move(public_key)), secret_key_(std::move(secret_key)) {}
    Bytes public_key_;
    SecretBuffer secret_key_;
};

struct Identity {
    SigningKeyPair signing;
    EncryptionKeyPair encryption;

    static Identity generate();
};

}  // namespace weerbaar::crypto
