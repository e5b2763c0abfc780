#include "weerbaar/crypto/research_record.h"

#include <catch2/catch.hpp>

#include "refusals.h"
#include "weerbaar/crypto/case_key.h"

namespace weerbaar::crypto {
namespace {

constexpr std::uint64_t kCreated = 1767398400;
constexpr std::string_view kDomain = "weerbaar/v1/research-record";

// Offsets in an encoded research record whose author is "anna".
constexpr std::size_t kCaseIdOffset = 2;
constexpr std::size_t kGenerationOffset = kCaseIdOffset + kCaseIdSize;
constexpr std::size_t kAuthorOffset = kGenerationOffset + 4;
constexpr std::size_t kCreatedOffset = kAuthorOffset + 2 + 4;
constexpr std::size_t kSealedSizeOffset = kCreatedOffset + 8;
constexpr std::size_t kSealedOffset = kSealedSizeOffset + 4;

struct Setup {
    Bytes case_id = random_bytes(kCaseIdSize);
    SigningKeyPair anna = SigningKeyPair::generate();
    EncryptionKeyPair research = EncryptionKeyPair::generate();
    Bytes plaintext = Bytes(as_bytes("quarter: 2025Q3, province: utrecht").begin(),
                            as_bytes("quarter: 2025Q3, province: utrecht").end());
};

Setup make_setup() {
    REQUIRE(initialise().ok());
    return Setup{};
}

ResearchRecord sealed(const Setup& setup, ByteView plaintext) {
    auto record = ResearchRecord::seal(setup.case_id, 2, "anna", kCreated, plaintext,
                                       setup.research.public_key(), setup.anna);
    REQUIRE(record.ok());
    return std::move(record).value();
}

ResearchRecord sealed(const Setup& setup) { return sealed(setup, setup.plaintext); }

Bytes opened_bytes(const ResearchRecord& record, const Setup& setup) {
    const auto opened = record.open(setup.anna.public_key(), setup.research);
    REQUIRE(opened.ok());
    const auto plaintext = opened.value().expose_secret();
    return {plaintext.begin(), plaintext.end()};
}

Bytes u32_bytes(std::uint32_t value) {
    return {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
            static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
}

TEST_CASE("a research record opens to its plaintext with the research key", "[research_record]") {
    const Setup setup = make_setup();
    const ResearchRecord record = sealed(setup);
    REQUIRE(record.verify_signature(setup.anna.public_key()).ok());
    REQUIRE(opened_bytes(record, setup) == setup.plaintext);
    const ResearchRecordBody& body = record.body();
    REQUIRE(body.case_id == setup.case_id);
    REQUIRE(body.generation == 2);
    REQUIRE(body.author == "anna");
    REQUIRE(body.created == kCreated);
    REQUIRE(body.sealed.size() == kResearchSealOverhead + setup.plaintext.size());
}

TEST_CASE("a research record survives encode and decode unchanged", "[research_record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    REQUIRE(encoded[0] == 0x01);
    REQUIRE(encoded[1] == 0x0B);
    REQUIRE(encoded.size() ==
            kSealedOffset + kResearchSealOverhead + setup.plaintext.size() + kSignatureSize);
    const auto decoded = ResearchRecord::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    REQUIRE(opened_bytes(decoded.value(), setup) == setup.plaintext);
}

TEST_CASE("research records of empty and of 16 KiB plaintext open, one byte more is refused",
          "[research_record]") {
    const Setup setup = make_setup();
    REQUIRE(opened_bytes(sealed(setup, Bytes{}), setup).empty());
    const Bytes largest = random_bytes(kMaxResearchPlaintext);
    const ResearchRecord record = sealed(setup, largest);
    REQUIRE(ResearchRecord::decode(record.encode()).ok());
    REQUIRE(opened_bytes(record, setup) == largest);
    REQUIRE(test::fails_with(ResearchRecord::seal(setup.case_id, 2, "anna", kCreated,
                                                  random_bytes(kMaxResearchPlaintext + 1),
                                                  setup.research.public_key(), setup.anna),
                             ErrorCode::resource_exhausted));
}

TEST_CASE("research record open fails with another research key", "[research_record]") {
    const Setup setup = make_setup();
    test::require_opaque_failure(
        sealed(setup).open(setup.anna.public_key(), EncryptionKeyPair::generate()));
}

TEST_CASE("research record open and verify fail with another author's key", "[research_record]") {
    const Setup setup = make_setup();
    const ResearchRecord record = sealed(setup);
    const Bytes mallory = SigningKeyPair::generate().public_key();
    test::require_opaque_failure(record.verify_signature(mallory));
    test::require_opaque_failure(record.open(mallory, setup.research));
    test::require_opaque_failure(record.verify_signature(Bytes(31)));
}

TEST_CASE("research record open fails when any byte is flipped", "[research_record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        INFO("byte " << i);
        const auto decoded = ResearchRecord::decode(test::flipped(encoded, i));
        if (decoded.ok()) {
            test::require_opaque_failure(decoded.value().verify_signature(setup.anna.public_key()));
            test::require_opaque_failure(
                decoded.value().open(setup.anna.public_key(), setup.research));
        }
    }
}

TEST_CASE("research record open fails when the sealed part is taken from another record",
          "[research_record]") {
    // The same size, sealed to the same research key, but not what anna signed.
    const Setup setup = make_setup();
    Bytes other_plaintext = setup.plaintext;
    other_plaintext[0] ^= 0x20;
    const Bytes other_sealed = sealed(setup, other_plaintext).body().sealed;
    const auto forged =
        ResearchRecord::decode(test::spliced(sealed(setup).encode(), kSealedOffset, other_sealed));
    REQUIRE(forged.ok());
    test::require_opaque_failure(forged.value().open(setup.anna.public_key(), setup.research));
}

TEST_CASE("a research record moved to another case or generation fails to verify",
          "[research_record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    for (const Bytes& moved : {test::spliced(encoded, kCaseIdOffset, random_bytes(kCaseIdSize)),
                               test::spliced(encoded, kGenerationOffset, u32_bytes(3)),
                               test::spliced(encoded, kCreatedOffset, Bytes(8, 0))}) {
        const auto decoded = ResearchRecord::decode(moved);
        REQUIRE(decoded.ok());
        test::require_opaque_failure(decoded.value().open(setup.anna.public_key(), setup.research));
    }
}

TEST_CASE("a research record signed under the case record domain does not verify",
          "[research_record]") {
    const Setup setup = make_setup();
    const Bytes other = test::resigned(sealed(setup).encode(), setup.anna, "weerbaar/v1/record");
    test::require_opaque_failure(
        ResearchRecord::decode(other).value().verify_signature(setup.anna.public_key()));
    const Bytes same = test::resigned(other, setup.anna, kDomain);
    REQUIRE(ResearchRecord::decode(same).value().verify_signature(setup.anna.public_key()).ok());
}

TEST_CASE("research record decode refuses truncation, trailing bytes, version and tag",
          "[research_record]") {
    const Setup setup = make_setup();
    test::require_structural_refusals(
        [](const Bytes& bytes) { return ResearchRecord::decode(bytes); }, sealed(setup).encode(),
        0x03);
}

TEST_CASE("research record decode refuses generation 0, a bad author and bad sealed sizes",
          "[research_record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    REQUIRE(test::is_invalid_argument(
        ResearchRecord::decode(test::spliced(encoded, kGenerationOffset, u32_bytes(0)))));
    REQUIRE(test::is_invalid_argument(
        ResearchRecord::decode(test::spliced(encoded, kAuthorOffset + 2, as_bytes("Anna")))));

    // A sealed part shorter than the seal's overhead, consistently framed.
    Bytes short_sealed = test::truncated(encoded, kSealedSizeOffset);
    const Bytes sealed_47 = u32_bytes(47);
    short_sealed.insert(short_sealed.end(), sealed_47.begin(), sealed_47.end());
    short_sealed.resize(short_sealed.size() + 47 + kSignatureSize);
    REQUIRE(test::is_invalid_argument(ResearchRecord::decode(short_sealed)));

    // A length over the limit is refused before anything is read.
    const std::uint32_t over = kMaxResearchPlaintext + kResearchSealOverhead + 1;
    REQUIRE(test::fails_with(
        ResearchRecord::decode(test::spliced(encoded, kSealedSizeOffset, u32_bytes(over))),
        ErrorCode::resource_exhausted));
}

TEST_CASE("research record seal refuses a bad case id, generation 0, a bad author or key",
          "[research_record]") {
    const Setup setup = make_setup();
    const Bytes& pk = setup.research.public_key();
    REQUIRE(test::is_invalid_argument(
        ResearchRecord::seal(Bytes(15), 1, "anna", kCreated, setup.plaintext, pk, setup.anna)));
    REQUIRE(test::is_invalid_argument(
        ResearchRecord::seal(setup.case_id, 0, "anna", kCreated, setup.plaintext, pk, setup.anna)));
    REQUIRE(test::is_invalid_argument(
        ResearchRecord::seal(setup.case_id, 1, "", kCreated, setup.plaintext, pk, setup.anna)));
    REQUIRE(test::is_invalid_argument(ResearchRecord::seal(
        setup.case_id, 1, "anna", kCreated, setup.plaintext, Bytes(31), setup.anna)));
}

}  // namespace
}  // namespace weerbaar::crypto
