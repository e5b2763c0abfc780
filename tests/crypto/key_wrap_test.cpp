#include <catch2/catch.hpp>

#include "tamper.h"
#include "weerbaar/crypto/case_key.h"

namespace weerbaar::crypto {
namespace {

constexpr std::size_t kRecipientPkOffset = 2 + kCaseIdSize + 4 + 2 + 4;  // recipient "anna"
constexpr std::size_t kSealedKeyOffset = kRecipientPkOffset + kEncPublicKeySize;
constexpr std::size_t kGranterOffset = kSealedKeyOffset + 80;
constexpr std::size_t kGranterPkOffset = kGranterOffset + 2 + 3;  // granter "bob"

struct Setup {
    Bytes case_id = random_bytes(kCaseIdSize);
    CaseKey key = CaseKey::generate();
    EncryptionKeyPair anna = EncryptionKeyPair::generate();
    SigningKeyPair bob = SigningKeyPair::generate();
};

Setup make_setup() {
    REQUIRE(initialise().ok());
    return Setup{};
}

KeyWrap wrap_for_anna(const Setup& setup) {
    auto wrap = KeyWrap::create(setup.case_id, 7, "anna", setup.anna.public_key(), setup.key, "bob",
                                setup.bob);
    REQUIRE(wrap.ok());
    return std::move(wrap).value();
}

void require_opaque_failure(const Result<CaseKey>& result) {
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.error().code() == ErrorCode::integrity_failure);
    REQUIRE(result.error().message() == "decryption or verification failed");
}

TEST_CASE("a wrapped case key opens to the same key for its recipient", "[key_wrap]") {
    const Setup setup = make_setup();
    const KeyWrap wrap = wrap_for_anna(setup);
    REQUIRE(wrap.verify_signature().ok());
    const auto opened = wrap.open(setup.anna);
    REQUIRE(opened.ok());
    REQUIRE(opened.value().secret().equals(setup.key.secret()));
    const KeyWrapBody& body = wrap.body();
    REQUIRE(body.case_id == setup.case_id);
    REQUIRE(body.epoch == 7);
    REQUIRE(body.recipient == "anna");
    REQUIRE(body.granter == "bob");
    REQUIRE(body.granter_sign_pk == setup.bob.public_key());
    REQUIRE(body.sealed_key.size() == 80);
}

TEST_CASE("a key wrap survives encode and decode unchanged", "[key_wrap]") {
    const Setup setup = make_setup();
    const Bytes encoded = wrap_for_anna(setup).encode();
    REQUIRE(encoded[0] == 1);
    REQUIRE(encoded[1] == 0x02);
    const auto decoded = KeyWrap::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    REQUIRE(decoded.value().open(setup.anna).ok());
}

TEST_CASE("key wrap open fails with another recipient's key", "[key_wrap]") {
    const Setup setup = make_setup();
    require_opaque_failure(wrap_for_anna(setup).open(EncryptionKeyPair::generate()));
}

TEST_CASE("key wrap open fails when any byte is flipped", "[key_wrap]") {
    const Setup setup = make_setup();
    const Bytes encoded = wrap_for_anna(setup).encode();
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        INFO("byte " << i);
        const auto decoded = KeyWrap::decode(test::flipped(encoded, i));
        if (decoded.ok()) {
            REQUIRE_FALSE(decoded.value().verify_signature().ok());
            require_opaque_failure(decoded.value().open(setup.anna));
        }
    }
}

TEST_CASE("key wrap open fails when the recipient key is swapped for another", "[key_wrap]") {
    const Setup setup = make_setup();
    const EncryptionKeyPair mallory = EncryptionKeyPair::generate();
    const Bytes encoded = wrap_for_anna(setup).encode();
    const auto swapped =
        KeyWrap::decode(test::spliced(encoded, kRecipientPkOffset, mallory.public_key()));
    REQUIRE(swapped.ok());
    REQUIRE(swapped.value().body().recipient_enc_pk == mallory.public_key());
    require_opaque_failure(swapped.value().open(mallory));
}

TEST_CASE("key wrap open fails when a signed wrap names another recipient key than it is sealed to",
          "[key_wrap]") {
    // A misbehaving granter signs a wrap that names carol's key but is sealed to anna:
    // the signature verifies, yet anna must not accept a wrap that is not addressed to her.
    const Setup setup = make_setup();
    const EncryptionKeyPair carol = EncryptionKeyPair::generate();
    Bytes body =
        test::spliced(wrap_for_anna(setup).encode(), kRecipientPkOffset, carol.public_key());
    body.resize(body.size() - kSignatureSize);
    const Bytes signature = setup.bob.sign("weerbaar/v1/key-wrap", body);
    body.insert(body.end(), signature.begin(), signature.end());
    const auto misaddressed = KeyWrap::decode(body);
    REQUIRE(misaddressed.ok());
    REQUIRE(misaddressed.value().verify_signature().ok());
    require_opaque_failure(misaddressed.value().open(setup.anna));
}

TEST_CASE("key wrap verify fails when the granter key is swapped", "[key_wrap]") {
    const Setup setup = make_setup();
    const Bytes encoded = wrap_for_anna(setup).encode();
    const SigningKeyPair mallory = SigningKeyPair::generate();
    const auto swapped =
        KeyWrap::decode(test::spliced(encoded, kGranterPkOffset, mallory.public_key()));
    REQUIRE(swapped.ok());
    REQUIRE(swapped.value().verify_signature().error().code() == ErrorCode::integrity_failure);
    require_opaque_failure(swapped.value().open(setup.anna));
}

TEST_CASE("key wrap open fails when the sealed key is replaced by one sealed by someone else",
          "[key_wrap]") {
    const Setup setup = make_setup();
    const SigningKeyPair mallory = SigningKeyPair::generate();
    auto planted = KeyWrap::create(setup.case_id, 7, "anna", setup.anna.public_key(),
                                   CaseKey::generate(), "bob", mallory);
    REQUIRE(planted.ok());
    const Bytes original = wrap_for_anna(setup).encode();
    const Bytes planted_sealed = planted.value().body().sealed_key;
    const auto forged = KeyWrap::decode(test::spliced(original, kSealedKeyOffset, planted_sealed));
    REQUIRE(forged.ok());
    require_opaque_failure(forged.value().open(setup.anna));
}

TEST_CASE("key wrap decode fails on truncated input", "[key_wrap]") {
    const Setup setup = make_setup();
    const Bytes encoded = wrap_for_anna(setup).encode();
    for (std::size_t size = 0; size < encoded.size(); ++size) {
        INFO("size " << size);
        REQUIRE(KeyWrap::decode(test::truncated(encoded, size)).error().code() ==
                ErrorCode::invalid_argument);
    }
}

TEST_CASE("key wrap decode fails on trailing bytes, wrong version or wrong tag", "[key_wrap]") {
    const Setup setup = make_setup();
    const Bytes encoded = wrap_for_anna(setup).encode();
    REQUIRE(KeyWrap::decode(test::with_trailing_byte(encoded)).error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(KeyWrap::decode(test::spliced(encoded, 0, Bytes{0})).error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(KeyWrap::decode(test::spliced(encoded, 1, Bytes{0x03})).error().code() ==
            ErrorCode::invalid_argument);
}

TEST_CASE("key wrap create fails on a bad case id, name or key size", "[key_wrap]") {
    const Setup setup = make_setup();
    const auto fails = [](const Result<KeyWrap>& result) {
        return !result.ok() && result.error().code() == ErrorCode::invalid_argument;
    };
    REQUIRE(fails(KeyWrap::create(Bytes(15), 1, "anna", setup.anna.public_key(), setup.key, "bob",
                                  setup.bob)));
    REQUIRE(fails(KeyWrap::create(setup.case_id, 1, "Anna", setup.anna.public_key(), setup.key,
                                  "bob", setup.bob)));
    REQUIRE(fails(KeyWrap::create(setup.case_id, 1, "anna", setup.anna.public_key(), setup.key, "",
                                  setup.bob)));
    REQUIRE(
        fails(KeyWrap::create(setup.case_id, 1, "anna", Bytes(31), setup.key, "bob", setup.bob)));
}

TEST_CASE("case keys are 32 random bytes and other sizes are refused", "[key_wrap]") {
    REQUIRE(initialise().ok());
    const CaseKey a = CaseKey::generate();
    REQUIRE(a.secret().size() == kCaseKeySize);
    REQUIRE_FALSE(a.secret().equals(CaseKey::generate().secret()));
    REQUIRE(CaseKey::from_secret(SecretBuffer(32)).ok());
    REQUIRE(CaseKey::from_secret(SecretBuffer(16)).error().code() == ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace weerbaar::crypto

namespace weerbaar::crypto {

TEST_CASE("a case id derives from the creator's key and the nonce, and only from them",
          "[case_id]") {
    REQUIRE(initialise().ok());
    const Identity anna = Identity::generate();
    const Identity bob = Identity::generate();
    const Bytes nonce = random_bytes(kCaseIdNonceSize);
    const Bytes id = derive_case_id(anna.signing.public_key(), nonce);
    CHECK(id.size() == kCaseIdSize);
    CHECK(derive_case_id(anna.signing.public_key(), nonce) == id);
    CHECK(derive_case_id(bob.signing.public_key(), nonce) != id);
    CHECK(derive_case_id(anna.signing.public_key(), random_bytes(kCaseIdNonceSize)) != id);
    // The documented formula (docs/crypto.md, "Case ids").
    Bytes input(anna.signing.public_key().begin(), anna.signing.public_key().end());
    input.insert(input.end(), nonce.begin(), nonce.end());
    CHECK(hash("weerbaar/v1/case-id", input, kCaseIdSize) == id);
}

}  // namespace weerbaar::crypto
