#include "weerbaar/crypto/proof_of_possession.h"

#include <catch2/catch.hpp>

#include "tamper.h"

namespace weerbaar::crypto {
namespace {

bool is_integrity_failure(const Status& status) {
    return !status.ok() && status.error().code() == ErrorCode::integrity_failure;
}

TEST_CASE("an enrolment signature verifies for the same user and keys", "[proof_of_possession]") {
    REQUIRE(initialise().ok());
    const Identity anna = Identity::generate();
    const Bytes signature = sign_enrolment(anna, "anna");
    REQUIRE(
        verify_enrolment("anna", anna.signing.public_key(), anna.encryption.public_key(), signature)
            .ok());
}

TEST_CASE("enrolment verify fails for another user, key or an altered signature",
          "[proof_of_possession]") {
    REQUIRE(initialise().ok());
    const Identity anna = Identity::generate();
    const Identity other = Identity::generate();
    const Bytes signature = sign_enrolment(anna, "anna");
    const Bytes& sign_pk = anna.signing.public_key();
    const Bytes& enc_pk = anna.encryption.public_key();
    REQUIRE(is_integrity_failure(verify_enrolment("bob", sign_pk, enc_pk, signature)));
    REQUIRE(is_integrity_failure(
        verify_enrolment("anna", sign_pk, other.encryption.public_key(), signature)));
    REQUIRE(is_integrity_failure(
        verify_enrolment("anna", other.signing.public_key(), enc_pk, signature)));
    REQUIRE(is_integrity_failure(
        verify_enrolment("anna", sign_pk, enc_pk, test::flipped(signature, 0))));
    REQUIRE(is_integrity_failure(
        verify_enrolment("anna", sign_pk, enc_pk, test::truncated(signature, 10))));
}

TEST_CASE("enrolment verify fails on an invalid user name or key size", "[proof_of_possession]") {
    REQUIRE(initialise().ok());
    const Identity anna = Identity::generate();
    const Bytes signature = sign_enrolment(anna, "anna");
    REQUIRE(
        verify_enrolment("Anna", anna.signing.public_key(), anna.encryption.public_key(), signature)
            .error()
            .code() == ErrorCode::invalid_argument);
    REQUIRE(
        verify_enrolment("anna", anna.signing.public_key(), Bytes(31), signature).error().code() ==
        ErrorCode::invalid_argument);
}

TEST_CASE("a login signature verifies for the same user and challenge", "[proof_of_possession]") {
    REQUIRE(initialise().ok());
    const SigningKeyPair key = SigningKeyPair::generate();
    const Bytes challenge = random_bytes(kChallengeSize);
    REQUIRE(
        verify_login(key.public_key(), "anna", challenge, sign_login(key, "anna", challenge)).ok());
}

TEST_CASE("login verify fails for another challenge, user, key or altered signature",
          "[proof_of_possession]") {
    REQUIRE(initialise().ok());
    const SigningKeyPair key = SigningKeyPair::generate();
    const Bytes challenge = random_bytes(kChallengeSize);
    const Bytes signature = sign_login(key, "anna", challenge);
    REQUIRE(is_integrity_failure(
        verify_login(key.public_key(), "anna", random_bytes(kChallengeSize), signature)));
    REQUIRE(is_integrity_failure(verify_login(key.public_key(), "bob", challenge, signature)));
    REQUIRE(is_integrity_failure(
        verify_login(SigningKeyPair::generate().public_key(), "anna", challenge, signature)));
    REQUIRE(is_integrity_failure(
        verify_login(key.public_key(), "anna", challenge, test::flipped(signature, 63))));
}

TEST_CASE("login verify fails on a challenge of the wrong size", "[proof_of_possession]") {
    REQUIRE(initialise().ok());
    const SigningKeyPair key = SigningKeyPair::generate();
    const Bytes challenge = random_bytes(kChallengeSize + 1);
    REQUIRE(verify_login(key.public_key(), "anna", challenge, sign_login(key, "anna", challenge))
                .error()
                .code() == ErrorCode::invalid_argument);
}

TEST_CASE("enrolment verify fails on a login signature by the same key", "[proof_of_possession]") {
    REQUIRE(initialise().ok());
    const Identity anna = Identity::generate();
    const Bytes login_signature = sign_login(anna.signing, "anna", random_bytes(kChallengeSize));
    REQUIRE(is_integrity_failure(verify_enrolment("anna", anna.signing.public_key(),
                                                  anna.encryption.public_key(), login_signature)));
}

TEST_CASE("weak public keys are refused before any signature is checked", "[proof_of_possession]") {
    REQUIRE(initialise().ok());
    const Identity anna = Identity::generate();
    REQUIRE(check_public_keys(anna.signing.public_key(), anna.encryption.public_key()).ok());

    // Points of small order on Curve25519 (RFC 7748, section 6.1): 0, 1, and p - 1
    // (little-endian, 2^255 - 20 = 0xec ff .. ff 7f).
    Bytes zero(kEncPublicKeySize, 0x00);
    Bytes one(kEncPublicKeySize, 0x00);
    one[0] = 0x01;
    Bytes minus_one(kEncPublicKeySize, 0xff);
    minus_one[0] = 0xec;
    minus_one[31] = 0x7f;
    for (const Bytes& weak : {zero, one, minus_one}) {
        const Status refused = check_public_keys(anna.signing.public_key(), weak);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code() == ErrorCode::invalid_argument);
        CHECK(refused.error().message().find("encryption key is weak") != std::string::npos);
    }
    // The Ed25519 identity (0x01 0x00 ...) and all zeros are of small order.
    Bytes identity(kSignPublicKeySize, 0x00);
    identity[0] = 0x01;
    for (const Bytes& weak : {Bytes(kSignPublicKeySize, 0x00), identity}) {
        const Status refused = check_public_keys(weak, anna.encryption.public_key());
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message().find("signing key is weak") != std::string::npos);
    }
    // verify_enrolment says so too, with invalid_argument rather than the opaque
    // signature failure.
    const Status enrolment =
        verify_enrolment("anna", anna.signing.public_key(), zero, Bytes(kSignatureSize, 0x01));
    REQUIRE_FALSE(enrolment.ok());
    CHECK(enrolment.error().code() == ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace weerbaar::crypto
