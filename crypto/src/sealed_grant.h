#pragma once
// What a case KeyWrap and a ResearchKeyWrap share: a 32-byte secret sealed to the
// recipient's X25519 key (crypto_box_seal) and signed by the granter. Both bodies name
// these fields alike and hold them in the same wire order after a prefix of their own
// (recipient, recipient_enc_pk, sealed_key, granter, granter_sign_pk), so one set of
// templates validates, writes, reads, seals and opens them for both.

#include <sodium.h>

#include <string>
#include <string_view>

#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/secret_buffer.h"
#include "wire_format.h"

namespace weerbaar::crypto::sealed_grant {

inline constexpr std::size_t kSecretSize = 32;
inline constexpr std::size_t kSealedSize = crypto_box_SEALBYTES + kSecretSize;
static_assert(kSealedSize == 80);

template <typename Body>
[[nodiscard]] Status validate(const Body& body, std::string_view what) {
    WEERBAAR_TRY(validate_user_name(body.recipient));
    WEERBAAR_TRY(validate_user_name(body.granter));
    if (body.recipient_enc_pk.size() != kEncPublicKeySize ||
        body.sealed_key.size() != kSealedSize ||
        body.granter_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument, std::string(what) + " field has the wrong size");
    }
    return ok_status();
}

template <typename Body>
void write(wire::Writer& writer, const Body& body) {
    writer.string16(body.recipient);
    writer.fixed(body.recipient_enc_pk);
    writer.fixed(body.sealed_key);
    writer.string16(body.granter);
    writer.fixed(body.granter_sign_pk);
}

// Reads the shared fields into `body`; returns the signature that follows them.
template <typename Body>
[[nodiscard]] ByteView read(wire::Reader& reader, Body& body) {
    body.recipient = reader.string16();
    const ByteView recipient_enc_pk = reader.fixed(kEncPublicKeySize);
    const ByteView sealed_key = reader.fixed(kSealedSize);
    body.granter = reader.string16();
    const ByteView granter_sign_pk = reader.fixed(kSignPublicKeySize);
    body.recipient_enc_pk.assign(recipient_enc_pk.begin(), recipient_enc_pk.end());
    body.sealed_key.assign(sealed_key.begin(), sealed_key.end());
    body.granter_sign_pk.assign(granter_sign_pk.begin(), granter_sign_pk.end());
    return reader.fixed(kSignatureSize);
}

// Fills body.sealed_key with `secret` sealed to body.recipient_enc_pk (already validated).
template <typename Body>
[[nodiscard]] Status seal(Body& body, const SecretBuffer& secret) {
    body.sealed_key.resize(kSealedSize);
    const auto bytes = secret.expose_secret();
    if (bytes.size() != kSecretSize ||
        crypto_box_seal(body.sealed_key.data(), bytes.data(), bytes.size(),
                        body.recipient_enc_pk.data()) != 0) {
        return Error(ErrorCode::invalid_argument, "recipient key is not a usable X25519 key");
    }
    return ok_status();
}

// Checks that the body is addressed to recipient_key, then unseals the secret. The
// signature is the caller's first check. The one opaque error for any failure.
template <typename Body>
[[nodiscard]] Result<SecretBuffer> open(const Body& body, const EncryptionKeyPair& recipient_key) {
    if (!equal_constant_time(body.recipient_enc_pk, recipient_key.public_key())) {
        return wire::opaque_failure();
    }
    SecretBuffer secret(kSecretSize);
    if (crypto_box_seal_open(secret.expose_secret().data(), body.sealed_key.data(),
                             body.sealed_key.size(), recipient_key.public_key().data(),
                             recipient_key.secret_key().expose_secret().data()) != 0) {
        return wire::opaque_failure();
    }
    return secret;
}

}  // namespace weerbaar::crypto::sealed_grant
