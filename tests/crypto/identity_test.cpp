#include "weerbaar/crypto/identity.h"

#include <catch2/catch.hpp>

#include "tamper.h"

namespace weerbaar::crypto {
namespace {

TEST_CASE("a signature verifies with the same key, domain and message", "[identity]") {
    REQUIRE(initialise().ok());
    const SigningKeyPair key = SigningKeyPair::generate();
    const Bytes message = {1, 2, 3};
    const Bytes signature = key.sign("weerbaar/v1/test", message);
    REQUIRE(signature.size() == kSignatureSize);
    REQUIRE(verify_signature(key.public_key(), "weerbaar/v1/test", message, signature).ok());
}

TEST_CASE("verify_signature fails for another domain, message, key or signature", "[identity]") {
    REQUIRE(initialise().ok());
    const SigningKeyPair key = SigningKeyPair::generate();
    const Bytes message = {1, 2, 3};
    const Bytes signature = key.sign("weerbaar/v1/test", message);
    const auto fails = [](const Status& status) {
        return !status.ok() && status.error().code() == ErrorCode::integrity_failure;
    };
    REQUIRE(fails(verify_signature(key.public_key(), "weerbaar/v1/other", message, signature)));
    REQUIRE(
        fails(verify_signature(key.public_key(), "weerbaar/v1/test", Bytes{1, 2, 4}, signature)));
    REQUIRE(fails(verify_signature(SigningKeyPair::generate().public_key(), "weerbaar/v1/test",
                                   message, signature)));
    REQUIRE(fails(verify_signature(key.public_key(), "weerbaar/v1/test", message,
                                   test::flipped(signature, 10))));
    REQUIRE(fails(verify_signature(key.public_key(), "weerbaar/v1/test", message,
                                   test::truncated(signature, 63))));
    REQUIRE(fails(verify_signature(test::truncated(key.public_key(), 31), "weerbaar/v1/test",
                                   message, signature)));
}

TEST_CASE("a signing pair rebuilt from its secret key signs as before", "[identity]") {
    REQUIRE(initialise().ok());
    const SigningKeyPair key = SigningKeyPair::generate();
    const auto rebuilt = SigningKeyPair::from_secret(key.secret_key().clone());
    REQUIRE(rebuilt.ok());
    REQUIRE(rebuilt.value().public_key() == key.public_key());
    REQUIRE(rebuilt.value().sign("d", Bytes{1}) == key.sign("d", Bytes{1}));
}

TEST_CASE("SigningKeyPair::from_secret fails on a wrong size", "[identity]") {
    REQUIRE(initialise().ok());
    REQUIRE(SigningKeyPair::from_secret(SecretBuffer(32)).error().code() ==
            ErrorCode::invalid_argument);
}

TEST_CASE("SigningKeyPair::from_secret fails when the embedded public key is altered",
          "[identity]") {
    REQUIRE(initialise().ok());
    SecretBuffer secret = SigningKeyPair::generate().secret_key().clone();
    secret.expose_secret()[40] ^= 0x01;
    REQUIRE(SigningKeyPair::from_secret(std::move(secret)).error().code() ==
            ErrorCode::invalid_argument);
}

TEST_CASE("an encryption pair rebuilt from its secret key has the same public key", "[identity]") {
    REQUIRE(initialise().ok());
    const EncryptionKeyPair key = EncryptionKeyPair::generate();
    const auto rebuilt = EncryptionKeyPair::from_secret(key.secret_key().clone());
    REQUIRE(rebuilt.ok());
    REQUIRE(rebuilt.value().public_key() == key.public_key());
    REQUIRE(EncryptionKeyPair::from_secret(SecretBuffer(31)).error().code() ==
            ErrorCode::invalid_argument);
}

TEST_CASE("generated identities have distinct keys of the right sizes", "[identity]") {
    REQUIRE(initialise().ok());
    const Identity a = Identity::generate();
    const Identity b = Identity::generate();
    REQUIRE(a.signing.public_key().size() == kSignPublicKeySize);
    REQUIRE(a.signing.secret_key().size() == kSignSecretKeySize);
    REQUIRE(a.encryption.public_key().size() == kEncPublicKeySize);
    REQUIRE(a.encryption.secret_key().size() == kEncSecretKeySize);
    REQUIRE(a.signing.public_key() != b.signing.public_key());
    REQUIRE(a.encryption.public_key() != b.encryption.public_key());
}

}  // namespace
}  // namespace weerbaar::crypto
