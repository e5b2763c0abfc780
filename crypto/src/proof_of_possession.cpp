#include "weerbaar/crypto/proof_of_possession.h"

#include <sodium.h>

#include <array>

#include "weerbaar/crypto/certificate.h"
#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

// The messages are never sent on their own, only signed; the domain tag carries the
// version. User names are at most 64 bytes, so the u16 prefix always fits.
Bytes enrolment_message(std::string_view user, ByteView sign_pk, ByteView enc_pk) {
    wire::Writer writer;
    writer.string16(user);
    writer.fixed(sign_pk);
    writer.fixed(enc_pk);
    return std::move(writer).take();
}

Bytes login_message(std::string_view user, ByteView challenge) {
    wire::Writer writer;
    writer.string16(user);
    writer.fixed(challenge);
    return std::move(writer).take();
}

}  // namespace

Bytes sign_enrolment(const Identity& identity, std::string_view user) {
    return identity.signing.sign(
        wire::kDomainEnrolment,
        enrolment_message(user, identity.signing.public_key(), identity.encryption.public_key()));
}

Status verify_enrolment(std::string_view user, ByteView sign_pk, ByteView enc_pk,
                        ByteView signature) {
    WEERBAAR_TRY(validate_user_name(user));
    WEERBAAR_TRY(check_public_keys(sign_pk, enc_pk));
    return verify_signature(sign_pk, wire::kDomainEnrolment,
                            enrolment_message(user, sign_pk, enc_pk), signature);
}

Status check_public_keys(ByteView sign_pk, ByteView enc_pk) {
    if (sign_pk.size() != kSignPublicKeySize || enc_pk.size() != kEncPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "enrolment key has the wrong size");
    }
    if (crypto_core_ed25519_is_valid_point(sign_pk.data()) != 1) {
        return Error(ErrorCode::invalid_argument, "the signing key is weak or not a valid key");
    }
    // Any fixed scalar shows small order: libsodium's crypto_scalarmult refuses
    // (returns -1) exactly when the product is the all-zero point, which for a
    // clamped scalar happens for the points of small order and only for them.
    std::array<unsigned char, crypto_scalarmult_SCALARBYTES> scalar{};
    scalar.fill(0x5a);
    std::array<unsigned char, crypto_scalarmult_BYTES> product{};
    const int rc = crypto_scalarmult(product.data(), scalar.data(), enc_pk.data());
    sodium_memzero(product.data(), product.size());
    if (rc != 0) {
        return Error(ErrorCode::invalid_argument, "the encryption key is weak or not a valid key");
    }
    return ok_status();
}

Bytes sign_login(const SigningKeyPair& key, std::string_view user, ByteView challenge) {
    return key.sign(wire::kDomainLogin, login_message(user, challenge));
}

Status verify_login(ByteView sign_pk, std::string_view user, ByteView challenge,
                    ByteView signature) {
    WEERBAAR_TRY(validate_user_name(user));
    if (challenge.size() != kChallengeSize) {
        return Error(ErrorCode::invalid_argument, "login challenge must be 32 bytes");
    }
    return verify_signature(sign_pk, wire::kDomainLogin, login_message(user, challenge), signature);
}

}  // namespace weerbaar::crypto
