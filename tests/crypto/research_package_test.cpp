#include "weerbaar/crypto/research_package.h"

#include <catch2/catch.hpp>

#include "refusals.h"

namespace weerbaar::crypto {
namespace {

constexpr std::uint64_t kCreated = 1767398400;
constexpr std::string_view kDomain = "weerbaar/v1/research-package";

// Offsets for exporter "bob".
constexpr std::size_t kExporterPkOffset = 2 + 2 + 3;
constexpr std::size_t kCreatedOffset = kExporterPkOffset + 32;
constexpr std::size_t kFlagOffset = kCreatedOffset + 8;
constexpr std::size_t kPlainPayloadSizeOffset = kFlagOffset + 1;
// Encrypted, recipient "rita".
constexpr std::size_t kRecipientPkOffset = kFlagOffset + 1 + 2 + 4;
constexpr std::size_t kSealedFileKeyOffset = kRecipientPkOffset + 32;
constexpr std::size_t kNonceOffset = kSealedFileKeyOffset + 80;
constexpr std::size_t kEncryptedPayloadSizeOffset = kNonceOffset + 24;

Bytes bytes_of(std::string_view text) { return {as_bytes(text).begin(), as_bytes(text).end()}; }

Bytes u32_bytes(std::uint32_t value) {
    return {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
            static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
}

struct Setup {
    SigningKeyPair bob = SigningKeyPair::generate();
    EncryptionKeyPair rita = EncryptionKeyPair::generate();
    std::vector<PackageFile> files{
        {"manifest.json", bytes_of("{\"k\":5}")},
        {"microdata.csv", bytes_of("periode,regio\n2025H1,noord\n")},
        {"empty.txt", {}},
        {"grafiek_incidenttypen.png", random_bytes(3000)},
    };
};

Setup make_setup() {
    REQUIRE(initialise().ok());
    return Setup{};
}

ResearchPackage plain(const Setup& setup) {
    auto package = ResearchPackage::seal(setup.files, "bob", kCreated, setup.bob, std::nullopt);
    REQUIRE(package.ok());
    return std::move(package).value();
}

ResearchPackage for_rita(const Setup& setup) {
    auto package = ResearchPackage::seal(setup.files, "bob", kCreated, setup.bob,
                                         std::pair{std::string("rita"), setup.rita.public_key()});
    REQUIRE(package.ok());
    return std::move(package).value();
}

void require_same_files(const std::vector<PackageFile>& got, const std::vector<PackageFile>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        REQUIRE(got[i].name == want[i].name);
        REQUIRE(got[i].bytes == want[i].bytes);
    }
}

// A plain package around `archive` as written by hand, signed by `key`: what an exporter
// whose client does not follow the archive rules could sign.
Bytes signed_plain_package(const Bytes& archive, const SigningKeyPair& key) {
    Bytes out{0x01, 0x0D, 0x00, 0x03, 'b', 'o', 'b'};
    out.insert(out.end(), key.public_key().begin(), key.public_key().end());
    const Bytes created(8, 0x01);
    out.insert(out.end(), created.begin(), created.end());
    out.push_back(0x00);
    const Bytes size = u32_bytes(static_cast<std::uint32_t>(archive.size()));
    out.insert(out.end(), size.begin(), size.end());
    out.insert(out.end(), archive.begin(), archive.end());
    out.resize(out.size() + kSignatureSize);
    return test::resigned(out, key, kDomain);
}

// u16 count | count x (u16 len | name, u32 len | bytes).
Bytes archive_of(const std::vector<std::pair<std::string, std::string>>& files) {
    Bytes out{static_cast<std::uint8_t>(files.size() >> 8),
              static_cast<std::uint8_t>(files.size())};
    for (const auto& [name, bytes] : files) {
        out.push_back(static_cast<std::uint8_t>(name.size() >> 8));
        out.push_back(static_cast<std::uint8_t>(name.size()));
        out.insert(out.end(), name.begin(), name.end());
        const Bytes size = u32_bytes(static_cast<std::uint32_t>(bytes.size()));
        out.insert(out.end(), size.begin(), size.end());
        out.insert(out.end(), bytes.begin(), bytes.end());
    }
    return out;
}

TEST_CASE("a plain research package opens to its files in order", "[research_package]") {
    const Setup setup = make_setup();
    const ResearchPackage package = plain(setup);
    REQUIRE(package.verify_signature().ok());
    const ResearchPackageInfo& info = package.info();
    REQUIRE(info.exporter == "bob");
    REQUIRE(info.exporter_sign_pk == setup.bob.public_key());
    REQUIRE(info.created == kCreated);
    REQUIRE_FALSE(info.encrypted);
    REQUIRE(info.recipient.empty());
    REQUIRE(info.recipient_enc_pk.empty());
    const auto opened = package.open(nullptr);
    REQUIRE(opened.ok());
    require_same_files(opened.value(), setup.files);
    // A key given for a plain package is not needed and does no harm.
    REQUIRE(package.open(&setup.rita).ok());
}

TEST_CASE("a plain research package survives encode and decode unchanged", "[research_package]") {
    const Setup setup = make_setup();
    const Bytes encoded = plain(setup).encode();
    REQUIRE(encoded[0] == 0x01);
    REQUIRE(encoded[1] == 0x0D);
    REQUIRE(encoded[kFlagOffset] == 0x00);
    const auto decoded = ResearchPackage::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    require_same_files(decoded.value().open(nullptr).value(), setup.files);
    // The archive lies in the clear after the header.
    const Bytes archive = archive_of({{"a.csv", "x"}});
    const Bytes hand_made = signed_plain_package(archive, setup.bob);
    REQUIRE(ResearchPackage::decode(hand_made).value().encode() == hand_made);
}

TEST_CASE("an encrypted research package opens only with the recipient's key",
          "[research_package]") {
    const Setup setup = make_setup();
    const ResearchPackage package = for_rita(setup);
    const ResearchPackageInfo& info = package.info();
    REQUIRE(info.encrypted);
    REQUIRE(info.recipient == "rita");
    REQUIRE(info.recipient_enc_pk == setup.rita.public_key());
    const auto opened = package.open(&setup.rita);
    REQUIRE(opened.ok());
    require_same_files(opened.value(), setup.files);

    const EncryptionKeyPair other = EncryptionKeyPair::generate();
    test::require_opaque_failure(package.open(&other));
    REQUIRE(test::is_invalid_argument(package.open(nullptr)));
}

TEST_CASE("an encrypted research package survives encode and decode and hides its archive",
          "[research_package]") {
    const Setup setup = make_setup();
    const Bytes encoded = for_rita(setup).encode();
    REQUIRE(encoded[kFlagOffset] == 0x01);
    const auto decoded = ResearchPackage::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    require_same_files(decoded.value().open(&setup.rita).value(), setup.files);
    const std::string text(encoded.begin(), encoded.end());
    REQUIRE(text.find("microdata.csv") == std::string::npos);
    REQUIRE(text.find("periode,regio") == std::string::npos);
    // Two packages of the same files differ: a fresh file key and nonce each time.
    REQUIRE(for_rita(setup).encode() != encoded);
}

TEST_CASE("a research package fails to open when any byte is flipped", "[research_package]") {
    const Setup setup = make_setup();
    const std::vector<PackageFile> small{{"a.csv", bytes_of("1,2\n")}, {"b.md", bytes_of("#")}};
    const auto plain_package =
        ResearchPackage::seal(small, "bob", kCreated, setup.bob, std::nullopt);
    const auto encrypted_package = ResearchPackage::seal(
        small, "bob", kCreated, setup.bob, std::pair{std::string("rita"), setup.rita.public_key()});
    for (const Bytes& encoded :
         {plain_package.value().encode(), encrypted_package.value().encode()}) {
        for (std::size_t i = 0; i < encoded.size(); ++i) {
            INFO("byte " << i);
            const auto decoded = ResearchPackage::decode(test::flipped(encoded, i));
            if (decoded.ok()) {
                test::require_opaque_failure(decoded.value().verify_signature());
                REQUIRE_FALSE(decoded.value().open(&setup.rita).ok());
            }
        }
    }
}

TEST_CASE("a research package with the exporter key swapped fails to verify",
          "[research_package]") {
    const Setup setup = make_setup();
    const auto swapped = ResearchPackage::decode(test::spliced(
        plain(setup).encode(), kExporterPkOffset, SigningKeyPair::generate().public_key()));
    REQUIRE(swapped.ok());
    test::require_opaque_failure(swapped.value().verify_signature());
    test::require_opaque_failure(swapped.value().open(nullptr));
}

TEST_CASE("an encrypted package whose header the exporter re-signed does not decrypt",
          "[research_package]") {
    // The header is the associated data: even the exporter cannot move a ciphertext
    // under another header (here: another creation time) by signing again.
    const Setup setup = make_setup();
    const Bytes encoded = for_rita(setup).encode();
    const Bytes altered =
        test::resigned(test::spliced(encoded, kCreatedOffset, Bytes(8, 0x07)), setup.bob, kDomain);
    const auto decoded = ResearchPackage::decode(altered);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().verify_signature().ok());
    test::require_opaque_failure(decoded.value().open(&setup.rita));
}

TEST_CASE("an encrypted package readdressed to another key and re-signed does not open",
          "[research_package]") {
    const Setup setup = make_setup();
    const EncryptionKeyPair mallory = EncryptionKeyPair::generate();
    const Bytes readdressed = test::resigned(
        test::spliced(for_rita(setup).encode(), kRecipientPkOffset, mallory.public_key()),
        setup.bob, kDomain);
    const auto decoded = ResearchPackage::decode(readdressed);
    REQUIRE(decoded.ok());
    test::require_opaque_failure(decoded.value().open(&mallory));
    test::require_opaque_failure(decoded.value().open(&setup.rita));
}

TEST_CASE("a package signed under another domain does not verify", "[research_package]") {
    const Setup setup = make_setup();
    const Bytes other = test::resigned(plain(setup).encode(), setup.bob, "weerbaar/v1/record");
    test::require_opaque_failure(ResearchPackage::decode(other).value().open(nullptr));
}

TEST_CASE("package file names are 1..100 of [a-z0-9._-] not starting with a dot",
          "[research_package]") {
    for (const std::string& good :
         {std::string("a"), std::string("microdata.csv"), std::string("grafiek_kanaal.svg"),
          std::string("tabel-2025.csv"), std::string("0"), std::string("a..b"),
          std::string(100, 'x')}) {
        INFO(good);
        REQUIRE(validate_package_file_name(good).ok());
    }
    for (const std::string& bad :
         {std::string(""), std::string(101, 'x'), std::string(".hidden"), std::string(".."),
          std::string("../x"), std::string("a/b"), std::string("a\\b"), std::string("A.csv"),
          std::string("a b"), std::string("na\xc3\xafve"), std::string("a\nb"),
          std::string("a\0b", 3)}) {
        INFO(bad);
        REQUIRE(test::is_invalid_argument(validate_package_file_name(bad)));
    }
}

TEST_CASE("research package seal refuses bad names, duplicates, no files and bad keys",
          "[research_package]") {
    const Setup setup = make_setup();
    const auto seal = [&](std::vector<PackageFile> files, std::string exporter,
                          std::optional<std::pair<std::string, Bytes>> recipient) {
        return ResearchPackage::seal(std::move(files), std::move(exporter), kCreated, setup.bob,
                                     std::move(recipient));
    };
    REQUIRE(test::is_invalid_argument(seal({}, "bob", std::nullopt)));
    REQUIRE(test::is_invalid_argument(seal({{"../etc", {}}}, "bob", std::nullopt)));
    REQUIRE(test::is_invalid_argument(seal({{"a.csv", {}}, {"a.csv", {1}}}, "bob", std::nullopt)));
    REQUIRE(test::is_invalid_argument(seal({{"a.csv", {}}}, "Bob", std::nullopt)));
    REQUIRE(test::is_invalid_argument(
        seal({{"a.csv", {}}}, "bob", std::pair{std::string("rita"), Bytes(31)})));
    REQUIRE(test::is_invalid_argument(
        seal({{"a.csv", {}}}, "bob", std::pair{std::string(""), setup.rita.public_key()})));
}

TEST_CASE("a signed archive with a bad name, a duplicate or stray bytes is refused on open",
          "[research_package]") {
    const Setup setup = make_setup();
    const auto open_hand_made = [&](const Bytes& archive) {
        const auto decoded = ResearchPackage::decode(signed_plain_package(archive, setup.bob));
        REQUIRE(decoded.ok());
        REQUIRE(decoded.value().verify_signature().ok());
        return decoded.value().open(nullptr);
    };
    REQUIRE(open_hand_made(archive_of({{"a.csv", "1"}, {"b.csv", "2"}})).ok());
    REQUIRE(test::is_invalid_argument(open_hand_made(archive_of({{"../a.csv", "1"}}))));
    REQUIRE(test::is_invalid_argument(open_hand_made(archive_of({{".profile", "1"}}))));
    REQUIRE(test::is_invalid_argument(open_hand_made(archive_of({{"a", "1"}, {"a", "2"}}))));
    REQUIRE(test::is_invalid_argument(open_hand_made(archive_of({}))));
    Bytes trailing = archive_of({{"a", "1"}});
    trailing.push_back(0);
    REQUIRE(test::is_invalid_argument(open_hand_made(trailing)));
    Bytes short_count = archive_of({{"a", "1"}});
    short_count[1] = 2;  // claims two files, holds one
    REQUIRE(test::is_invalid_argument(open_hand_made(short_count)));
}

TEST_CASE("research package decode refuses truncation, trailing bytes, version and tag",
          "[research_package]") {
    const Setup setup = make_setup();
    const auto decode = [](const Bytes& bytes) { return ResearchPackage::decode(bytes); };
    const std::vector<PackageFile> small{{"a.csv", bytes_of("1")}};
    test::require_structural_refusals(
        decode,
        ResearchPackage::seal(small, "bob", kCreated, setup.bob, std::nullopt).value().encode(),
        0x0C);
    test::require_structural_refusals(
        decode,
        ResearchPackage::seal(small, "bob", kCreated, setup.bob,
                              std::pair{std::string("rita"), setup.rita.public_key()})
            .value()
            .encode(),
        0x0C);
}

TEST_CASE("research package decode refuses an unknown flag, bad names and bad payload sizes",
          "[research_package]") {
    const Setup setup = make_setup();
    const Bytes plain_bytes = plain(setup).encode();
    const Bytes encrypted_bytes = for_rita(setup).encode();
    REQUIRE(test::is_invalid_argument(
        ResearchPackage::decode(test::spliced(plain_bytes, kFlagOffset, Bytes{0x02}))));
    REQUIRE(test::is_invalid_argument(
        ResearchPackage::decode(test::spliced(plain_bytes, 4, as_bytes("B")))));
    REQUIRE(test::is_invalid_argument(
        ResearchPackage::decode(test::spliced(encrypted_bytes, kFlagOffset + 3, as_bytes("R")))));

    // Over the limit: refused from the length alone, before anything is read.
    const auto over = static_cast<std::uint32_t>(kMaxPackagePayload + 1);
    REQUIRE(test::fails_with(ResearchPackage::decode(test::spliced(
                                 plain_bytes, kPlainPayloadSizeOffset, u32_bytes(over))),
                             ErrorCode::resource_exhausted));
    REQUIRE(
        test::fails_with(ResearchPackage::decode(test::spliced(
                             encrypted_bytes, kEncryptedPayloadSizeOffset, u32_bytes(over + 16))),
                         ErrorCode::resource_exhausted));

    // An encrypted payload shorter than its tag, consistently framed.
    Bytes short_payload = test::truncated(encrypted_bytes, kEncryptedPayloadSizeOffset);
    const Bytes fifteen = u32_bytes(15);
    short_payload.insert(short_payload.end(), fifteen.begin(), fifteen.end());
    short_payload.resize(short_payload.size() + 15 + kSignatureSize);
    REQUIRE(test::is_invalid_argument(ResearchPackage::decode(short_payload)));
}

}  // namespace
}  // namespace weerbaar::crypto
