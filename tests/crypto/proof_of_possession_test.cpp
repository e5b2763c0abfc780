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

}  // namespace
}  // namespace weerbaar::crypto
