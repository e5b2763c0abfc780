#include "weerbaar/crypto/identity.h"

#include <sodium.h>

#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

Error opaque_signature_error() {
    return Error(ErrorCode::integrity_failure, "signature does not verify");
}

}  // namespace

SigningKeyPair SigningKeyPair::generate() {
    Bytes public_key(crypto_sign_PUBLICKEYBYTES);
    SecretBuffer secret_key(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(public_key.data(), secret_key.expose_secret().data());
    return {std::move(public_key), std::move(secret_key)};
}

Result<SigningKeyPair> SigningKeyPair::from_secret(SecretBuffer secret_key) {
    if (secret_key.size() != crypto_sign_SECRETKEYBYTES) {
        return Error(ErrorCode::invalid_argument, "signing secret key must be 64 bytes");
    }
    // The 64-byte form is seed || public key. Rebuild it from the seed so that a key
    // whose second half was altered is refused rather than signing as someone else.
    SecretBuffer seed(crypto_sign_SEEDBYTES);
    crypto_sign_ed25519_sk_to_seed(seed.expose_secret().data(), secret_key.expose_secret().data());
    Bytes public_key(crypto_sign_PUBLICKEYBYTES);
    SecretBuffer rebuilt(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(public_key.data(), rebuilt.expose_secret().data(),
                             seed.expose_secret().data());
    if (!rebuilt.equals(secret_key)) {
        return Error(ErrorCode::invalid_argument,
                     "signing secret key does not match its embedded public key");
    }
    return SigningKeyPair(std::move(public_key), std::move(secret_key));
}

Bytes SigningKeyPair::sign(std::string_view domain, ByteView message) const {
    const Bytes signed_message = wire::domain_separated(domain, message);
    Bytes signature(crypto_sign_BYTES);
    crypto_sign_detached(signature.data(), nullptr, signed_message.data(), signed_message.size(),
                         secret_key_.expose_secret().data());
    return signature;
}

Status verify_signature(ByteView public_key, std::string_view domain, ByteView message,
                        ByteView signature) {
    if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) {
        return opaque_signature_error();
    }
    const Bytes signed_message = wire::domain_separated(domain, message);
    if (crypto_sign_verify_detached(signature.data(), signed_message.data(), signed_message.size(),
                                    public_key.data()) != 0) {
        return opaque_signature_error();
    }
    return ok_status();
}

EncryptionKeyPair EncryptionKeyPair::generate() {
    Bytes public_key(crypto_box_PUBLICKEYBYTES);
    SecretBuffer secret_key(crypto_box_SECRETKEYBYTES);
    crypto_box_keypair(public_key.data(), secret_key.expose_secret().data());
    return {std::move(public_key), std::move(secret_key)};
}

Result<EncryptionKeyPair> EncryptionKeyPair::from_secret(SecretBuffer secret_key) {
    if (secret_key.size() != crypto_box_SECRETKEYBYTES) {
        return Error(ErrorCode::invalid_argument, "encryption secret key must be 32 bytes");
    }
    Bytes public_key(crypto_box_PUBLICKEYBYTES);
    if (crypto_scalarmult_base(public_key.data(), secret_key.expose_secret().data()) != 0) {
        return Error(ErrorCode::invalid_argument, "encryption secret key is not usable");
    }
    return EncryptionKeyPair(std::move(public_key), std::move(secret_key));
}

Identity Identity::generate() {
    return Identity{SigningKeyPair::generate(), EncryptionKeyPair::generate()};
}

}  // namespace weerbaar::crypto
