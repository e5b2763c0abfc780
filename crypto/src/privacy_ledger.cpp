#include "weerbaar/crypto/privacy_ledger.h"

#include "weerbaar/crypto/certificate.h"
#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

constexpr std::size_t kManifestHashSize = 32;
constexpr std::size_t kQuarterNameSize = 6;  // "YYYYQn"

Status validate_body(const PrivacyLedgerEntryBody& body) {
    if (body.sequence == 0) {
        return Error(ErrorCode::invalid_argument, "privacy ledger entry: sequence starts at 1",
                     "sequence");
    }
    if (body.previous_hash.size() != kPrivacyLedgerHashSize) {
        return Error(ErrorCode::invalid_argument,
                     "privacy ledger entry: previous hash must be 32 bytes", "previous_hash");
    }
    if (const Status exporter = validate_user_name(body.exporter); !exporter.ok()) {
        return Error(ErrorCode::invalid_argument, exporter.error().message(), "exporter");
    }
    const auto from = quarter_index(body.from_period);
    if (!from.ok()) {
        return Error(ErrorCode::invalid_argument, from.error().message(), "from_period");
    }
    const auto to = quarter_index(body.to_period);
    if (!to.ok()) {
        return Error(ErrorCode::invalid_argument, to.error().message(), "to_period");
    }
    if (from.value() > to.value()) {
        return Error(ErrorCode::invalid_argument,
                     "privacy ledger entry: period starts after it ends", "to_period");
    }
    if (body.k < kMinLedgerK) {
        return Error(ErrorCode::invalid_argument, "privacy ledger entry: k must be at least 2",
                     "k");
    }
    if (body.epsilon_millis == 0 || body.epsilon_millis > kMaxEpsilonMillis) {
        return Error(ErrorCode::invalid_argument,
                     "privacy ledger entry: epsilon must be 0.001 to 100", "epsilon_millis");
    }
    if (body.manifest_hash.size() != kManifestHashSize) {
        return Error(ErrorCode::invalid_argument,
                     "privacy ledger entry: manifest hash must be 32 bytes", "manifest_hash");
    }
    return ok_status();
}

Bytes encode_body(const PrivacyLedgerEntryBody& body, ByteView exporter_sign_pk) {
    wire::Writer writer;
    writer.header(wire::FormatTag::privacy_ledger_entry);
    writer.u64(body.sequence);
    writer.fixed(body.previous_hash);
    writer.string16(body.exporter);
    writer.fixed(exporter_sign_pk);
    writer.u64(body.time);
    writer.string16(body.from_period);
    writer.string16(body.to_period);
    writer.u32(body.k);
    writer.u32(body.epsilon_millis);
    writer.fixed(body.manifest_hash);
    return std::move(writer).take();
}

Error entry_error(std::uint64_t sequence, const std::string& what) {
    return Error(ErrorCode::integrity_failure,
                 "privacy ledger entry " + std::to_string(sequence) + ": " + what);
}

}  // namespace

Result<PrivacyLedgerEntry> PrivacyLedgerEntry::sign(PrivacyLedgerEntryBody body,
                                                    const SigningKeyPair& exporter_key) {
    WEERBAAR_TRY(validate_body(body));
    Bytes signature = exporter_key.sign(wire::kDomainPrivacyLedgerEntry,
                                        encode_body(body, exporter_key.public_key()));
    return PrivacyLedgerEntry(std::move(body), exporter_key.public_key(), std::move(signature));
}

Result<PrivacyLedgerEntry> PrivacyLedgerEntry::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "privacy ledger entry";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::privacy_ledger_entry, kWhat));
    PrivacyLedgerEntryBody body;
    body.sequence = reader.u64();
    const ByteView previous_hash = reader.fixed(kPrivacyLedgerHashSize);
    body.exporter = reader.string16();
    const ByteView exporter_sign_pk = reader.fixed(kSignPublicKeySize);
    body.time = reader.u64();
    body.from_period = reader.string16();
    body.to_period = reader.string16();
    body.k = reader.u32();
    body.epsilon_millis = reader.u32();
    const ByteView manifest_hash = reader.fixed(kManifestHashSize);
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));

    body.previous_hash.assign(previous_hash.begin(), previous_hash.end());
    body.manifest_hash.assign(manifest_hash.begin(), manifest_hash.end());
    WEERBAAR_TRY(validate_body(body));
    return PrivacyLedgerEntry(std::move(body),
                              Bytes(exporter_sign_pk.begin(), exporter_sign_pk.end()),
                              Bytes(signature.begin(), signature.end()));
}

Bytes PrivacyLedgerEntry::encode() const {
    Bytes out = encode_body(body_, exporter_sign_pk_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Bytes PrivacyLedgerEntry::hash() const {
    return crypto::hash(wire::kDomainPrivacyLedgerHash, encode(), kPrivacyLedgerHashSize);
}

Status PrivacyLedgerEntry::verify_signature() const {
    return wire::verify_opaque(exporter_sign_pk_, wire::kDomainPrivacyLedgerEntry,
                               encode_body(body_, exporter_sign_pk_), signature_);
}

Status verify_privacy_ledger_chain(const std::vector<PrivacyLedgerEntry>& entries) {
    Bytes expected_previous(kPrivacyLedgerHashSize, 0);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const PrivacyLedgerEntryBody& body = entries[i].body();
        const std::uint64_t expected = i + 1;
        if (body.sequence != expected) {
            return entry_error(expected, "missing, found entry " + std::to_string(body.sequence) +
                                             " in its place (entries were dropped, inserted or "
                                             "reordered)");
        }
        if (!equal_constant_time(body.previous_hash, expected_previous)) {
            return entry_error(expected, i == 0 ? "the first entry's previous_hash is not all zero "
                                                  "(entries before it were dropped)"
                                                : "previous_hash is not the hash of entry " +
                                                      std::to_string(expected - 1) +
                                                      " (one of the two was altered)");
        }
        if (!entries[i].verify_signature().ok()) {
            return entry_error(expected, "signature does not verify");
        }
        expected_previous = entries[i].hash();
    }
    return ok_status();
}

Result<std::uint32_t> quarter_index(std::string_view quarter) {
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    if (quarter.size() != kQuarterNameSize || !is_digit(quarter[0]) || !is_digit(quarter[1]) ||
        !is_digit(quarter[2]) || !is_digit(quarter[3]) || quarter[4] != 'Q' || quarter[5] < '1' ||
        quarter[5] > '4') {
        return Error(ErrorCode::invalid_argument,
                     "quarter must be YYYYQn with n 1 to 4, e.g. 2025Q3");
    }
    std::uint32_t year = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        year = year * 10 + static_cast<std::uint32_t>(quarter[i] - '0');
    }
    return year * 4 + static_cast<std::uint32_t>(quarter[5] - '1');
}

std::string quarter_name(std::uint32_t index) {
    std::string year = std::to_string(index / 4);
    if (year.size() < 4) {
        year.insert(0, 4 - year.size(), '0');
    }
    return year + 'Q' + static_cast<char>('1' + index % 4);
}

}  // namespace weerbaar::crypto
