#include "weerbaar/crypto/privacy_ledger.h"

#include <catch2/catch.hpp>
#include <functional>

#include "refusals.h"

namespace weerbaar::crypto {
namespace {

constexpr std::uint64_t kTime = 1767398400;
constexpr std::string_view kDomain = "weerbaar/v1/privacy-ledger-entry";

// Offsets in an encoded entry whose exporter is "bob" and periods are 6 characters.
constexpr std::size_t kSequenceOffset = 2;
constexpr std::size_t kPreviousOffset = kSequenceOffset + 8;
constexpr std::size_t kExporterOffset = kPreviousOffset + 32;
constexpr std::size_t kExporterPkOffset = kExporterOffset + 2 + 3;
constexpr std::size_t kTimeOffset = kExporterPkOffset + 32;
constexpr std::size_t kFromOffset = kTimeOffset + 8;
constexpr std::size_t kToOffset = kFromOffset + 2 + 6;
constexpr std::size_t kKOffset = kToOffset + 2 + 6;
constexpr std::size_t kEpsilonOffset = kKOffset + 4;
constexpr std::size_t kManifestOffset = kEpsilonOffset + 4;
constexpr std::size_t kEntrySize = kManifestOffset + 32 + kSignatureSize;

PrivacyLedgerEntryBody sample_body(std::uint64_t sequence, Bytes previous_hash) {
    return PrivacyLedgerEntryBody{
        sequence, std::move(previous_hash), "bob", kTime, "2025Q1", "2025Q4", 5,
        1000,     Bytes(32, 0x5a)};
}

SigningKeyPair bob_key() {
    REQUIRE(initialise().ok());
    return SigningKeyPair::generate();
}

PrivacyLedgerEntry signed_entry(PrivacyLedgerEntryBody body, const SigningKeyPair& key) {
    auto entry = PrivacyLedgerEntry::sign(std::move(body), key);
    REQUIRE(entry.ok());
    return std::move(entry).value();
}

// A ledger of `count` entries as exporters append them, each naming the one before.
std::vector<PrivacyLedgerEntry> ledger(std::size_t count, const SigningKeyPair& key) {
    std::vector<PrivacyLedgerEntry> entries;
    for (std::size_t i = 0; i < count; ++i) {
        Bytes previous = entries.empty() ? Bytes(32, 0) : entries.back().hash();
        PrivacyLedgerEntryBody body = sample_body(i + 1, std::move(previous));
        body.epsilon_millis = static_cast<std::uint32_t>(250 * (i + 1));
        entries.push_back(signed_entry(std::move(body), key));
    }
    return entries;
}

void require_chain_failure(const Status& status, const std::string& fragment) {
    REQUIRE_FALSE(status.ok());
    INFO(status.error().message());
    REQUIRE(status.error().code() == ErrorCode::integrity_failure);
    REQUIRE(status.error().message().find(fragment) != std::string::npos);
}

Bytes u32_bytes(std::uint32_t value) {
    return {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
            static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
}

TEST_CASE("a privacy ledger entry survives sign, encode and decode unchanged", "[privacy_ledger]") {
    const SigningKeyPair bob = bob_key();
    const PrivacyLedgerEntry entry = signed_entry(sample_body(1, Bytes(32, 0)), bob);
    REQUIRE(entry.verify_signature().ok());
    REQUIRE(entry.exporter_sign_pk() == bob.public_key());
    const Bytes encoded = entry.encode();
    REQUIRE(encoded.size() == kEntrySize);
    REQUIRE(encoded[0] == 0x01);
    REQUIRE(encoded[1] == 0x0C);
    const auto decoded = PrivacyLedgerEntry::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    REQUIRE(decoded.value().verify_signature().ok());
    const PrivacyLedgerEntryBody& body = decoded.value().body();
    REQUIRE(body.sequence == 1);
    REQUIRE(body.previous_hash == Bytes(32, 0));
    REQUIRE(body.exporter == "bob");
    REQUIRE(body.time == kTime);
    REQUIRE(body.from_period == "2025Q1");
    REQUIRE(body.to_period == "2025Q4");
    REQUIRE(body.k == 5);
    REQUIRE(body.epsilon_millis == 1000);
    REQUIRE(body.manifest_hash == Bytes(32, 0x5a));
    REQUIRE(decoded.value().exporter_sign_pk() == bob.public_key());
    REQUIRE(entry.hash() == hash("weerbaar/v1/privacy-ledger-hash", encoded, 32));
    REQUIRE(decoded.value().hash() == entry.hash());
}

TEST_CASE("a privacy ledger entry fails to verify or decode when any byte is flipped",
          "[privacy_ledger]") {
    const SigningKeyPair bob = bob_key();
    const Bytes encoded = signed_entry(sample_body(1, Bytes(32, 0)), bob).encode();
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        INFO("byte " << i);
        const auto decoded = PrivacyLedgerEntry::decode(test::flipped(encoded, i));
        if (decoded.ok()) {
            test::require_opaque_failure(decoded.value().verify_signature());
        }
    }
}

TEST_CASE("a privacy ledger entry with the exporter key swapped fails to verify",
          "[privacy_ledger]") {
    const SigningKeyPair bob = bob_key();
    const Bytes encoded = signed_entry(sample_body(1, Bytes(32, 0)), bob).encode();
    const auto swapped = PrivacyLedgerEntry::decode(
        test::spliced(encoded, kExporterPkOffset, SigningKeyPair::generate().public_key()));
    REQUIRE(swapped.ok());
    test::require_opaque_failure(swapped.value().verify_signature());
    // Signed under the audit or record domain it does not verify either.
    test::require_opaque_failure(
        PrivacyLedgerEntry::decode(test::resigned(encoded, bob, "weerbaar/v1/audit-entry"))
            .value()
            .verify_signature());
    REQUIRE(PrivacyLedgerEntry::decode(test::resigned(encoded, bob, kDomain))
                .value()
                .verify_signature()
                .ok());
}

TEST_CASE("privacy ledger entry decode refuses truncation, trailing bytes, version and tag",
          "[privacy_ledger]") {
    const SigningKeyPair bob = bob_key();
    test::require_structural_refusals(
        [](const Bytes& bytes) { return PrivacyLedgerEntry::decode(bytes); },
        signed_entry(sample_body(1, Bytes(32, 0)), bob).encode(), 0x07);
}

TEST_CASE("privacy ledger entry decode refuses every field out of range", "[privacy_ledger]") {
    const SigningKeyPair bob = bob_key();
    const Bytes encoded = signed_entry(sample_body(1, Bytes(32, 0)), bob).encode();
    const std::vector<std::pair<std::string, Bytes>> cases = {
        {"sequence 0", test::spliced(encoded, kSequenceOffset, Bytes(8, 0))},
        {"exporter name", test::spliced(encoded, kExporterOffset + 2, as_bytes("Bob"))},
        {"from quarter 5", test::spliced(encoded, kFromOffset + 2, as_bytes("2025Q5"))},
        {"to quarter 0", test::spliced(encoded, kToOffset + 2, as_bytes("2025Q0"))},
        {"from after to", test::spliced(encoded, kFromOffset + 2, as_bytes("2026Q1"))},
        {"k 1", test::spliced(encoded, kKOffset, u32_bytes(1))},
        {"epsilon 0", test::spliced(encoded, kEpsilonOffset, u32_bytes(0))},
        {"epsilon over 100", test::spliced(encoded, kEpsilonOffset, u32_bytes(100001))},
    };
    for (const auto& [what, bytes] : cases) {
        INFO(what);
        REQUIRE(test::is_invalid_argument(PrivacyLedgerEntry::decode(bytes)));
    }
    // The bounds themselves are accepted (and then fail only on the signature).
    for (const Bytes& edge : {test::spliced(encoded, kKOffset, u32_bytes(2)),
                              test::spliced(encoded, kEpsilonOffset, u32_bytes(1)),
                              test::spliced(encoded, kEpsilonOffset, u32_bytes(100000)),
                              test::spliced(encoded, kToOffset + 2, as_bytes("2025Q1"))}) {
        const auto decoded = PrivacyLedgerEntry::decode(edge);
        REQUIRE(decoded.ok());
        test::require_opaque_failure(decoded.value().verify_signature());
    }
}

TEST_CASE("privacy ledger entry sign refuses each bad field, naming it", "[privacy_ledger]") {
    const SigningKeyPair bob = bob_key();
    const std::vector<std::pair<std::string, std::function<void(PrivacyLedgerEntryBody&)>>> edits =
        {
            {"sequence", [](auto& b) { b.sequence = 0; }},
            {"previous_hash", [](auto& b) { b.previous_hash = Bytes(31, 0); }},
            {"exporter", [](auto& b) { b.exporter = "root/"; }},
            {"from_period", [](auto& b) { b.from_period = "2025q1"; }},
            {"from_period", [](auto& b) { b.from_period = ""; }},
            {"to_period", [](auto& b) { b.to_period = "2025Q41"; }},
            {"to_period", [](auto& b) { b.from_period = "2026Q1"; }},
            {"k", [](auto& b) { b.k = 1; }},
            {"epsilon_millis", [](auto& b) { b.epsilon_millis = 0; }},
            {"epsilon_millis", [](auto& b) { b.epsilon_millis = 100001; }},
            {"manifest_hash", [](auto& b) { b.manifest_hash = Bytes(33, 0); }},
        };
    for (const auto& [field, edit] : edits) {
        INFO("field " << field);
        PrivacyLedgerEntryBody body = sample_body(1, Bytes(32, 0));
        edit(body);
        const auto signed_body = PrivacyLedgerEntry::sign(body, bob);
        REQUIRE(test::is_invalid_argument(signed_body));
        REQUIRE(signed_body.error().field() == field);
    }
}

TEST_CASE("verify_privacy_ledger_chain accepts a whole ledger and an empty one",
          "[privacy_ledger]") {
    const SigningKeyPair bob = bob_key();
    REQUIRE(verify_privacy_ledger_chain({}).ok());
    REQUIRE(verify_privacy_ledger_chain(ledger(1, bob)).ok());
    REQUIRE(verify_privacy_ledger_chain(ledger(5, bob)).ok());
    // Entries by different exporters chain alike.
    std::vector<PrivacyLedgerEntry> entries = ledger(2, bob);
    entries.push_back(
        signed_entry(sample_body(3, entries.back().hash()), SigningKeyPair::generate()));
    REQUIRE(verify_privacy_ledger_chain(entries).ok());
}

TEST_CASE("verify_privacy_ledger_chain names a dropped, reordered or inserted entry",
          "[privacy_ledger]") {
    const SigningKeyPair bob = bob_key();
    std::vector<PrivacyLedgerEntry> dropped = ledger(5, bob);
    dropped.erase(dropped.begin() + 2);
    require_chain_failure(verify_privacy_ledger_chain(dropped),
                          "privacy ledger entry 3: missing, found entry 4 in its place");

    std::vector<PrivacyLedgerEntry> reordered = ledger(5, bob);
    std::swap(reordered[1], reordered[3]);
    require_chain_failure(verify_privacy_ledger_chain(reordered),
                          "privacy ledger entry 2: missing, found entry 4");

    std::vector<PrivacyLedgerEntry> headless = ledger(5, bob);
    headless.erase(headless.begin());
    require_chain_failure(verify_privacy_ledger_chain(headless),
                          "privacy ledger entry 1: missing, found entry 2");
}

TEST_CASE("verify_privacy_ledger_chain names an entry whose predecessor was altered and re-signed",
          "[privacy_ledger]") {
    // The exporter (or anyone with a coordinator key) rewrites entry 2 to claim less
    // epsilon: its own signature holds, but entry 3 names the hash of the original.
    const SigningKeyPair bob = bob_key();
    std::vector<PrivacyLedgerEntry> entries = ledger(4, bob);
    PrivacyLedgerEntryBody body = entries[1].body();
    body.epsilon_millis = 1;
    entries[1] = signed_entry(body, bob);
    require_chain_failure(verify_privacy_ledger_chain(entries),
                          "privacy ledger entry 3: previous_hash is not the hash of entry 2");
}

TEST_CASE("verify_privacy_ledger_chain refuses a first entry that names a predecessor",
          "[privacy_ledger]") {
    const SigningKeyPair bob = bob_key();
    std::vector<PrivacyLedgerEntry> entries{signed_entry(sample_body(1, Bytes(32, 0x01)), bob)};
    require_chain_failure(
        verify_privacy_ledger_chain(entries),
        "privacy ledger entry 1: the first entry's previous_hash is not all zero");
}

TEST_CASE("verify_privacy_ledger_chain names an entry whose signature does not verify",
          "[privacy_ledger]") {
    const SigningKeyPair bob = bob_key();
    std::vector<PrivacyLedgerEntry> entries = ledger(3, bob);
    const Bytes forged = test::spliced(entries[2].encode(), kEpsilonOffset, u32_bytes(1));
    entries[2] = PrivacyLedgerEntry::decode(forged).value();
    require_chain_failure(verify_privacy_ledger_chain(entries),
                          "privacy ledger entry 3: signature does not verify");
}

TEST_CASE("quarter_index counts quarters and refuses anything but YYYYQn", "[privacy_ledger]") {
    REQUIRE(quarter_index("2025Q1").value() == 2025 * 4);
    REQUIRE(quarter_index("2025Q4").value() == 2025 * 4 + 3);
    REQUIRE(quarter_index("2026Q1").value() == quarter_index("2025Q4").value() + 1);
    REQUIRE(quarter_index("0000Q1").value() == 0);
    REQUIRE(quarter_index("9999Q4").value() == 39999);
    REQUIRE(quarter_index("2024Q3").value() - quarter_index("2023Q2").value() + 1 == 6);
    for (const std::string_view bad :
         {"", "2025", "2025Q", "2025Q0", "2025Q5", "2025q1", "2025-Q1", "202AQ1", " 2025Q1",
          "2025Q1 ", "2025Q12", "25Q1", "+025Q1", "2025H1"}) {
        INFO("'" << bad << "'");
        REQUIRE(test::is_invalid_argument(quarter_index(bad)));
    }
}

TEST_CASE("quarter_name is the inverse of quarter_index", "[privacy_ledger]") {
    REQUIRE(quarter_name(2025 * 4) == "2025Q1");
    REQUIRE(quarter_name(2025 * 4 + 3) == "2025Q4");
    REQUIRE(quarter_name(0) == "0000Q1");
    REQUIRE(quarter_name(7 * 4 + 1) == "0007Q2");
    for (const std::string_view name : {"2023Q2", "2024Q4", "2026Q1", "9999Q4", "1000Q3"}) {
        REQUIRE(quarter_name(quarter_index(name).value()) == name);
    }
    for (std::uint32_t index = 8000; index < 8200; ++index) {
        REQUIRE(quarter_index(quarter_name(index)).value() == index);
    }
}

}  // namespace
}  // namespace weerbaar::crypto
