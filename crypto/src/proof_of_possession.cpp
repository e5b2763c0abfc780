#include "weerbaar/crypto/proof_of_possession.h"

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
    if (sign_pk.size() != kSignPublicKeySize || enc_pk.size() != kEncPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "enrolment key has the wrong size");
    }
    return verify_signature(sign_pk, wire::kDomainEnrolment,
                            enrolment_message(user, sign_pk, enc_pk), signature);
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
