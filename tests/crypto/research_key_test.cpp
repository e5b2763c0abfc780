#include "weerbaar/crypto/research_key.h"

#include <catch2/catch.hpp>

#include "refusals.h"
#include "weerbaar/crypto/case_key.h"

namespace weerbaar::crypto {
namespace {

constexpr std::uint64_t kIssued = 1767225600;
constexpr std::string_view kCertificateDomain = "weerbaar/v1/research-key-certificate";
constexpr std::string_view kWrapDomain = "weerbaar/v1/research-key-wrap";

// Certificate offsets.
constexpr std::size_t kGenerationOffset = 2;
constexpr std::size_t kEncPkOffset = kGenerationOffset + 4;
constexpr std::size_t kIssuedOffset = kEncPkOffset + kEncPublicKeySize;
constexpr std::size_t kRootPkOffset = kIssuedOffset + 8;
constexpr std::size_t kCertificateSize = kRootPkOffset + kSignPublicKeySize + kSignatureSize;

// Wrap offsets for recipient "carol" and granter "bob".
constexpr std::size_t kRecipientPkOffset = 2 + 4 + 2 + 5;
constexpr std::size_t kSealedKeyOffset = kRecipientPkOffset + kEncPublicKeySize;
constexpr std::size_t kGranterPkOffset = kSealedKeyOffset + 80 + 2 + 3;

struct Setup {
    SigningKeyPair root = SigningKeyPair::generate();
    EncryptionKeyPair research = EncryptionKeyPair::generate();
    SigningKeyPair bob = SigningKeyPair::generate();
    EncryptionKeyPair carol = EncryptionKeyPair::generate();
};

Setup make_setup() {
    REQUIRE(initialise().ok());
    return Setup{};
}

ResearchKeyCertificate certificate(const Setup& setup, std::uint32_t generation = 3) {
    auto issued =
        ResearchKeyCertificate::issue(generation, setup.research.public_key(), kIssued, setup.root);
    REQUIRE(issued.ok());
    return std::move(issued).value();
}

ResearchKeyWrap wrap_for_carol(const Setup& setup) {
    auto wrap = ResearchKeyWrap::create(3, "carol", setup.carol.public_key(), setup.research, "bob",
                                        setup.bob);
    REQUIRE(wrap.ok());
    return std::move(wrap).value();
}

TEST_CASE("a research key certificate verifies with the pinned root key", "[research_key]") {
    const Setup setup = make_setup();
    const ResearchKeyCertificate cert = certificate(setup);
    REQUIRE(cert.verify(setup.root.public_key()).ok());
    const ResearchKeyCertificateBody& body = cert.body();
    REQUIRE(body.generation == 3);
    REQUIRE(body.enc_pk == setup.research.public_key());
    REQUIRE(body.issued == kIssued);
    REQUIRE(body.root_sign_pk == setup.root.public_key());
}

TEST_CASE("a research key certificate survives encode and decode unchanged", "[research_key]") {
    const Setup setup = make_setup();
    const Bytes encoded = certificate(setup).encode();
    REQUIRE(encoded.size() == kCertificateSize);
    REQUIRE(encoded[0] == 0x01);
    REQUIRE(encoded[1] == 0x09);
    const auto decoded = ResearchKeyCertificate::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    REQUIRE(decoded.value().verify(setup.root.public_key()).ok());
}

TEST_CASE("a research key certificate fails to verify against another root key", "[research_key]") {
    const Setup setup = make_setup();
    test::require_opaque_failure(
        certificate(setup).verify(SigningKeyPair::generate().public_key()));
}

TEST_CASE("a research key certificate issued by another key fails against the pinned root",
          "[research_key]") {
    const Setup setup = make_setup();
    const SigningKeyPair mallory = SigningKeyPair::generate();
    const auto forged = ResearchKeyCertificate::issue(3, EncryptionKeyPair::generate().public_key(),
                                                      kIssued, mallory);
    REQUIRE(forged.ok());
    REQUIRE(forged.value().verify(mallory.public_key()).ok());
    test::require_opaque_failure(forged.value().verify(setup.root.public_key()));
    // Naming the pinned root in the certificate does not help: the signature is mallory's.
    const auto renamed = ResearchKeyCertificate::decode(
        test::spliced(forged.value().encode(), kRootPkOffset, setup.root.public_key()));
    REQUIRE(renamed.ok());
    test::require_opaque_failure(renamed.value().verify(setup.root.public_key()));
}

TEST_CASE("a research key certificate fails to verify or decode when any byte is flipped",
          "[research_key]") {
    const Setup setup = make_setup();
    const Bytes encoded = certificate(setup).encode();
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        INFO("byte " << i);
        const auto decoded = ResearchKeyCertificate::decode(test::flipped(encoded, i));
        if (decoded.ok()) {
            test::require_opaque_failure(decoded.value().verify(setup.root.public_key()));
        }
    }
}

TEST_CASE("a research key certificate signed under another domain does not verify",
          "[research_key]") {
    const Setup setup = make_setup();
    const Bytes other =
        test::resigned(certificate(setup).encode(), setup.root, "weerbaar/v1/certificate");
    const auto decoded = ResearchKeyCertificate::decode(other);
    REQUIRE(decoded.ok());
    test::require_opaque_failure(decoded.value().verify(setup.root.public_key()));
    const Bytes same = test::resigned(other, setup.root, kCertificateDomain);
    REQUIRE(ResearchKeyCertificate::decode(same).value().verify(setup.root.public_key()).ok());
}

TEST_CASE("research key certificate decode refuses truncation, trailing bytes, version and tag",
          "[research_key]") {
    const Setup setup = make_setup();
    test::require_structural_refusals(
        [](const Bytes& bytes) { return ResearchKeyCertificate::decode(bytes); },
        certificate(setup).encode(), 0x0A);
}

TEST_CASE("research key certificate decode refuses generation 0", "[research_key]") {
    const Setup setup = make_setup();
    const Bytes encoded = certificate(setup).encode();
    REQUIRE(test::is_invalid_argument(
        ResearchKeyCertificate::decode(test::spliced(encoded, kGenerationOffset, Bytes(4, 0)))));
}

TEST_CASE("research key certificate issue refuses generation 0 and a key of the wrong size",
          "[research_key]") {
    const Setup setup = make_setup();
    REQUIRE(test::is_invalid_argument(
        ResearchKeyCertificate::issue(0, setup.research.public_key(), kIssued, setup.root)));
    REQUIRE(test::is_invalid_argument(
        ResearchKeyCertificate::issue(1, Bytes(31), kIssued, setup.root)));
    REQUIRE(test::is_invalid_argument(
        ResearchKeyCertificate::issue(1, Bytes(33), kIssued, setup.root)));
}

TEST_CASE("research key certificate verify refuses a pinned key of the wrong size",
          "[research_key]") {
    const Setup setup = make_setup();
    REQUIRE(test::is_invalid_argument(certificate(setup).verify(Bytes(31))));
}

TEST_CASE("a research key wrap opens to the certified research key pair", "[research_key]") {
    const Setup setup = make_setup();
    const ResearchKeyWrap wrap = wrap_for_carol(setup);
    REQUIRE(wrap.verify_signature().ok());
    const auto opened = wrap.open(setup.carol, setup.research.public_key());
    REQUIRE(opened.ok());
    REQUIRE(opened.value().public_key() == setup.research.public_key());
    REQUIRE(opened.value().secret_key().equals(setup.research.secret_key()));
    const ResearchKeyWrapBody& body = wrap.body();
    REQUIRE(body.generation == 3);
    REQUIRE(body.recipient == "carol");
    REQUIRE(body.recipient_enc_pk == setup.carol.public_key());
    REQUIRE(body.sealed_key.size() == 80);
    REQUIRE(body.granter == "bob");
    REQUIRE(body.granter_sign_pk == setup.bob.public_key());
}

TEST_CASE("a research key wrap survives encode and decode unchanged", "[research_key]") {
    const Setup setup = make_setup();
    const Bytes encoded = wrap_for_carol(setup).encode();
    REQUIRE(encoded[0] == 0x01);
    REQUIRE(encoded[1] == 0x0A);
    REQUIRE(encoded.size() == kGranterPkOffset + kSignPublicKeySize + kSignatureSize);
    const auto decoded = ResearchKeyWrap::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    REQUIRE(decoded.value().open(setup.carol, setup.research.public_key()).ok());
}

TEST_CASE("research key wrap open fails with another recipient's key", "[research_key]") {
    const Setup setup = make_setup();
    test::require_opaque_failure(
        wrap_for_carol(setup).open(EncryptionKeyPair::generate(), setup.research.public_key()));
}

TEST_CASE("research key wrap open fails when it holds another key than the certified one",
          "[research_key]") {
    // A granter who wraps some other key pair: it unseals, but it is not the key
    // research records are sealed to.
    const Setup setup = make_setup();
    const EncryptionKeyPair other = EncryptionKeyPair::generate();
    auto wrap =
        ResearchKeyWrap::create(3, "carol", setup.carol.public_key(), other, "bob", setup.bob);
    REQUIRE(wrap.ok());
    REQUIRE(wrap.value().open(setup.carol, other.public_key()).ok());
    test::require_opaque_failure(wrap.value().open(setup.carol, setup.research.public_key()));
    test::require_opaque_failure(wrap.value().open(setup.carol, Bytes{}));
}

TEST_CASE("research key wrap open fails when any byte is flipped", "[research_key]") {
    const Setup setup = make_setup();
    const Bytes encoded = wrap_for_carol(setup).encode();
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        INFO("byte " << i);
        const auto decoded = ResearchKeyWrap::decode(test::flipped(encoded, i));
        if (decoded.ok()) {
            test::require_opaque_failure(decoded.value().verify_signature());
            test::require_opaque_failure(
                decoded.value().open(setup.carol, setup.research.public_key()));
        }
    }
}

TEST_CASE("research key wrap open fails when the recipient key is swapped for another",
          "[research_key]") {
    const Setup setup = make_setup();
    const EncryptionKeyPair mallory = EncryptionKeyPair::generate();
    const auto swapped = ResearchKeyWrap::decode(
        test::spliced(wrap_for_carol(setup).encode(), kRecipientPkOffset, mallory.public_key()));
    REQUIRE(swapped.ok());
    test::require_opaque_failure(swapped.value().open(mallory, setup.research.public_key()));
}

TEST_CASE("research key wrap open fails when a signed wrap names another key than it is sealed to",
          "[research_key]") {
    const Setup setup = make_setup();
    const EncryptionKeyPair dave = EncryptionKeyPair::generate();
    const Bytes misaddressed = test::resigned(
        test::spliced(wrap_for_carol(setup).encode(), kRecipientPkOffset, dave.public_key()),
        setup.bob, kWrapDomain);
    const auto decoded = ResearchKeyWrap::decode(misaddressed);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().verify_signature().ok());
    test::require_opaque_failure(decoded.value().open(setup.carol, setup.research.public_key()));
    test::require_opaque_failure(decoded.value().open(dave, setup.research.public_key()));
}

TEST_CASE("research key wrap verify fails when the granter key is swapped", "[research_key]") {
    const Setup setup = make_setup();
    const auto swapped = ResearchKeyWrap::decode(test::spliced(
        wrap_for_carol(setup).encode(), kGranterPkOffset, SigningKeyPair::generate().public_key()));
    REQUIRE(swapped.ok());
    test::require_opaque_failure(swapped.value().verify_signature());
    test::require_opaque_failure(swapped.value().open(setup.carol, setup.research.public_key()));
}

TEST_CASE("a case key wrap is no research key wrap, nor the other way round", "[research_key]") {
    const Setup setup = make_setup();
    auto case_wrap = KeyWrap::create(Bytes(kCaseIdSize, 1), 3, "carol", setup.carol.public_key(),
                                     CaseKey::generate(), "bob", setup.bob);
    REQUIRE(case_wrap.ok());
    REQUIRE(test::is_invalid_argument(ResearchKeyWrap::decode(case_wrap.value().encode())));
    REQUIRE(test::is_invalid_argument(KeyWrap::decode(wrap_for_carol(setup).encode())));
}

TEST_CASE("research key wrap decode refuses truncation, trailing bytes, version and tag",
          "[research_key]") {
    const Setup setup = make_setup();
    test::require_structural_refusals(
        [](const Bytes& bytes) { return ResearchKeyWrap::decode(bytes); },
        wrap_for_carol(setup).encode(), 0x02);
}

TEST_CASE("research key wrap decode refuses generation 0 and bad names", "[research_key]") {
    const Setup setup = make_setup();
    const Bytes encoded = wrap_for_carol(setup).encode();
    REQUIRE(
        test::is_invalid_argument(ResearchKeyWrap::decode(test::spliced(encoded, 2, Bytes(4, 0)))));
    REQUIRE(test::is_invalid_argument(
        ResearchKeyWrap::decode(test::spliced(encoded, 2 + 4 + 2, as_bytes("Carol")))));
    REQUIRE(test::is_invalid_argument(ResearchKeyWrap::decode(
        test::spliced(encoded, kSealedKeyOffset + 80 + 2, as_bytes("b/b")))));
}

TEST_CASE("research key wrap create refuses generation 0, bad names and a bad recipient key",
          "[research_key]") {
    const Setup setup = make_setup();
    const Bytes& carol = setup.carol.public_key();
    REQUIRE(test::is_invalid_argument(
        ResearchKeyWrap::create(0, "carol", carol, setup.research, "bob", setup.bob)));
    REQUIRE(test::is_invalid_argument(
        ResearchKeyWrap::create(1, "", carol, setup.research, "bob", setup.bob)));
    REQUIRE(test::is_invalid_argument(
        ResearchKeyWrap::create(1, "carol", carol, setup.research, "Bob", setup.bob)));
    REQUIRE(test::is_invalid_argument(
        ResearchKeyWrap::create(1, "carol", Bytes(31), setup.research, "bob", setup.bob)));
}

}  // namespace
}  // namespace weerbaar::crypto
