#include "weerbaar/crypto/record.h"

#include <catch2/catch.hpp>

#include "tamper.h"

namespace weerbaar::crypto {
namespace {

// Offsets in an encoded record whose author is "anna" and which names two seen hashes.
constexpr std::size_t kCaseIdOffset = 2;
constexpr std::size_t kRecordIdOffset = kCaseIdOffset + kCaseIdSize;
constexpr std::size_t kEpochOffset = kRecordIdOffset + kRecordIdSize;
constexpr std::size_t kAuthorOffset = kEpochOffset + 4;
constexpr std::size_t kCreatedOffset = kAuthorOffset + 2 + 4;
constexpr std::size_t kSeenCountOffset = kCreatedOffset + 8;
constexpr std::size_t kSeenOffset = kSeenCountOffset + 2;
constexpr std::size_t kNonceOffset = kSeenOffset + 2 * kRecordHashSize;
constexpr std::size_t kCiphertextSizeOffset = kNonceOffset + 24;
constexpr std::size_t kCiphertextOffset = kCiphertextSizeOffset + 4;

struct Setup {
    CaseKey key = CaseKey::generate();
    SigningKeyPair anna = SigningKeyPair::generate();
    RecordHeader header{random_bytes(kCaseIdSize),
                        random_bytes(kRecordIdSize),
                        2,
                        "anna",
                        1767398400,
                        {random_bytes(kRecordHashSize), random_bytes(kRecordHashSize)}};
    Bytes plaintext = Bytes(as_bytes("intake: threat by e-mail").begin(),
                            as_bytes("intake: threat by e-mail").end());
};

Setup make_setup() {
    REQUIRE(initialise().ok());
    return Setup{};
}

SealedRecord sealed(const Setup& setup) {
    auto record = SealedRecord::seal(setup.header, setup.plaintext, setup.key, setup.anna);
    REQUIRE(record.ok());
    return std::move(record).value();
}

void require_opaque_failure(const Result<SecretBuffer>& result) {
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.error().code() == ErrorCode::integrity_failure);
    REQUIRE(result.error().message() == "decryption or verification failed");
}

// Decodes the altered bytes; if they still parse, opening must fail.
void require_altered_record_fails(const Setup& setup, const Bytes& altered) {
    const auto decoded = SealedRecord::decode(altered);
    if (decoded.ok()) {
        require_opaque_failure(decoded.value().open(setup.key, setup.anna.public_key()));
    }
}

TEST_CASE("a sealed record opens to its plaintext", "[record]") {
    const Setup setup = make_setup();
    const SealedRecord record = sealed(setup);
    const auto opened = record.open(setup.key, setup.anna.public_key());
    REQUIRE(opened.ok());
    const auto plaintext = opened.value().expose_secret();
    REQUIRE(Bytes(plaintext.begin(), plaintext.end()) == setup.plaintext);
}

TEST_CASE("an empty record opens to an empty plaintext", "[record]") {
    const Setup setup = make_setup();
    const auto record = SealedRecord::seal(setup.header, Bytes{}, setup.key, setup.anna);
    REQUIRE(record.ok());
    const auto opened = record.value().open(setup.key, setup.anna.public_key());
    REQUIRE(opened.ok());
    REQUIRE(opened.value().empty());
}

TEST_CASE("a record survives encode and decode unchanged", "[record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    REQUIRE(encoded[0] == 1);
    REQUIRE(encoded[1] == 0x03);
    const auto decoded = SealedRecord::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    const RecordHeader& header = decoded.value().header();
    REQUIRE(header.case_id == setup.header.case_id);
    REQUIRE(header.record_id == setup.header.record_id);
    REQUIRE(header.epoch == setup.header.epoch);
    REQUIRE(header.author == "anna");
    REQUIRE(header.created == setup.header.created);
    REQUIRE(header.seen_hashes == setup.header.seen_hashes);
    REQUIRE(decoded.value().open(setup.key, setup.anna.public_key()).ok());
}

TEST_CASE("sealing twice gives different records because the nonce is random", "[record]") {
    const Setup setup = make_setup();
    REQUIRE(sealed(setup).encode() != sealed(setup).encode());
}

TEST_CASE("record open fails when any byte is flipped", "[record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        INFO("byte " << i);
        require_altered_record_fails(setup, test::flipped(encoded, i));
    }
}

TEST_CASE("record open fails when the header is altered", "[record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    for (const std::size_t offset :
         {kCaseIdOffset, kRecordIdOffset, kEpochOffset + 3, kAuthorOffset + 2, kCreatedOffset + 7,
          kSeenOffset, kSeenOffset + kRecordHashSize}) {
        INFO("offset " << offset);
        // 0x02 keeps the author a valid name ('a' becomes 'c'), so decoding succeeds.
        const auto decoded = SealedRecord::decode(test::flipped(encoded, offset, 0x02));
        REQUIRE(decoded.ok());
        require_opaque_failure(decoded.value().open(setup.key, setup.anna.public_key()));
    }
}

TEST_CASE("record open fails when the nonce, ciphertext or signature is altered", "[record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    for (const std::size_t offset :
         {kNonceOffset, kCiphertextOffset, encoded.size() - 65, encoded.size() - 1}) {
        INFO("offset " << offset);
        const auto decoded = SealedRecord::decode(test::flipped(encoded, offset));
        REQUIRE(decoded.ok());
        require_opaque_failure(decoded.value().open(setup.key, setup.anna.public_key()));
    }
}

TEST_CASE("record open fails when the author re-signs a ciphertext under another header",
          "[record]") {
    // A valid signature is not enough: the header is also the AEAD's associated data.
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    Bytes moved = test::flipped(encoded, kEpochOffset + 3);
    moved.resize(moved.size() - kSignatureSize);
    const Bytes signature = setup.anna.sign("weerbaar/v1/record", moved);
    moved.insert(moved.end(), signature.begin(), signature.end());
    const auto decoded = SealedRecord::decode(moved);
    REQUIRE(decoded.ok());
    require_opaque_failure(decoded.value().open(setup.key, setup.anna.public_key()));
}

TEST_CASE("record open fails with the wrong case key", "[record]") {
    const Setup setup = make_setup();
    require_opaque_failure(sealed(setup).open(CaseKey::generate(), setup.anna.public_key()));
}

TEST_CASE("record open fails with the wrong author key", "[record]") {
    const Setup setup = make_setup();
    require_opaque_failure(sealed(setup).open(setup.key, SigningKeyPair::generate().public_key()));
    require_opaque_failure(sealed(setup).open(setup.key, Bytes(31)));
}

TEST_CASE("record signature check and decryption can be told apart", "[record]") {
    const Setup setup = make_setup();
    const SealedRecord record = sealed(setup);
    REQUIRE(record.verify_signature(setup.anna.public_key()).ok());
    const auto plaintext = record.decrypt(setup.key);
    REQUIRE(plaintext.ok());
    REQUIRE(Bytes(plaintext.value().expose_secret().begin(),
                  plaintext.value().expose_secret().end()) == setup.plaintext);
    // Signed by its author, but sealed under a key this reader does not hold.
    require_opaque_failure(record.decrypt(CaseKey::generate()));
    const Status wrong_author = record.verify_signature(SigningKeyPair::generate().public_key());
    REQUIRE_FALSE(wrong_author.ok());
    REQUIRE(wrong_author.error().message() == "decryption or verification failed");
}

TEST_CASE("record seal fails when the plaintext is over 1 MiB", "[record]") {
    const Setup setup = make_setup();
    const Bytes largest(kMaxRecordPlaintextSize);
    REQUIRE(SealedRecord::seal(setup.header, largest, setup.key, setup.anna).ok());
    const Bytes too_large(kMaxRecordPlaintextSize + 1);
    REQUIRE(SealedRecord::seal(setup.header, too_large, setup.key, setup.anna).error().code() ==
            ErrorCode::resource_exhausted);
}

TEST_CASE("record seal fails on too many or malformed seen hashes", "[record]") {
    Setup setup = make_setup();
    setup.header.seen_hashes.assign(kMaxSeenHashes, Bytes(kRecordHashSize));
    REQUIRE(SealedRecord::seal(setup.header, setup.plaintext, setup.key, setup.anna).ok());
    setup.header.seen_hashes.emplace_back(kRecordHashSize);
    REQUIRE(
        SealedRecord::seal(setup.header, setup.plaintext, setup.key, setup.anna).error().code() ==
        ErrorCode::resource_exhausted);
    setup.header.seen_hashes = {Bytes(kRecordHashSize - 1)};
    REQUIRE(
        SealedRecord::seal(setup.header, setup.plaintext, setup.key, setup.anna).error().code() ==
        ErrorCode::invalid_argument);
}

TEST_CASE("record seal fails on a bad case id, record id or author", "[record]") {
    Setup setup = make_setup();
    const RecordHeader good = setup.header;
    const auto code = [&](const RecordHeader& header) {
        return SealedRecord::seal(header, setup.plaintext, setup.key, setup.anna).error().code();
    };
    RecordHeader bad = good;
    bad.case_id.pop_back();
    REQUIRE(code(bad) == ErrorCode::invalid_argument);
    bad = good;
    bad.record_id.push_back(0);
    REQUIRE(code(bad) == ErrorCode::invalid_argument);
    bad = good;
    bad.author = "";
    REQUIRE(code(bad) == ErrorCode::invalid_argument);
}

TEST_CASE("record decode fails on truncated input", "[record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    for (std::size_t size = 0; size < encoded.size(); ++size) {
        INFO("size " << size);
        REQUIRE(SealedRecord::decode(test::truncated(encoded, size)).error().code() ==
                ErrorCode::invalid_argument);
    }
}

TEST_CASE("record decode fails on trailing bytes, wrong version or wrong tag", "[record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    REQUIRE(SealedRecord::decode(test::with_trailing_byte(encoded)).error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(SealedRecord::decode(test::spliced(encoded, 0, Bytes{2})).error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(SealedRecord::decode(test::spliced(encoded, 1, Bytes{0x01})).error().code() ==
            ErrorCode::invalid_argument);
}

TEST_CASE("record decode fails on a seen-hash count over the limit", "[record]") {
    const Setup setup = make_setup();
    const Bytes encoded = sealed(setup).encode();
    REQUIRE(SealedRecord::decode(test::spliced(encoded, kSeenCountOffset, Bytes{0x00, 65}))
                .error()
                .code() == ErrorCode::resource_exhausted);
}

TEST_CASE("record decode fails on a ciphertext shorter than its tag or over the limit",
          "[record]") {
    const Setup setup = make_setup();
    Bytes encoded = sealed(setup).encode();
    REQUIRE(SealedRecord::decode(test::spliced(encoded, kCiphertextSizeOffset, Bytes{0, 0, 0, 15}))
                .error()
                .code() == ErrorCode::invalid_argument);
    REQUIRE(
        SealedRecord::decode(test::spliced(encoded, kCiphertextSizeOffset, Bytes{0, 0x10, 0, 17}))
            .error()
            .code() == ErrorCode::resource_exhausted);
}

TEST_CASE("record hash is domain-separated BLAKE2b-256 of the encoding", "[record]") {
    const Setup setup = make_setup();
    const SealedRecord record = sealed(setup);
    REQUIRE(record.hash().size() == kRecordHashSize);
    REQUIRE(record.hash() == hash("weerbaar/v1/record-hash", record.encode()));
    REQUIRE(record.hash() != sealed(setup).hash());
}

}  // namespace
}  // namespace weerbaar::crypto
