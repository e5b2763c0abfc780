#pragma once
// The privacy ledger: one signed entry per research export, hash-chained like the audit
// log, stating the period, k and the differential-privacy epsilon the export spent. The
// server refuses an entry that would spend more than the budget on any quarter, and
// every reader can recount what was spent. docs/crypto.md, "Privacy ledger entry".
// Counting epsilon per quarter follows the composition theorems of differential
// privacy: releases about the same quarter add up (sequential composition; Dwork & Roth,
// "The Algorithmic Foundations of Differential Privacy", 2014, section 3.5), releases
// about disjoint quarters do not (parallel composition; McSherry, "Privacy Integrated
// Queries", SIGMOD 2009).
//
// Values are immutable once made: every const call may run on any thread at once.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kPrivacyLedgerHashSize = 32;
inline constexpr std::uint32_t kMinLedgerK = 2;
inline constexpr std::uint32_t kMaxEpsilonMillis = 100000;  // epsilon 100

struct PrivacyLedgerEntryBody {
    std::uint64_t sequence = 0;          // from 1
    Bytes previous_hash;                 // 32; all zero for sequence 1
    std::string exporter;                // user name
    std::uint64_t time = 0;              // unix seconds, the exporter's clock
    std::string from_period, to_period;  // "2025Q1" (YYYYQn, n 1..4), from <= to
    std::uint32_t k = 0;                 // >= 2
    std::uint32_t epsilon_millis = 0;    // epsilon x 1000, 1..100000, spent on every quarter in
                                         // [from, to]
    Bytes manifest_hash;                 // 32
};

// Tag 0x0C, signature domain weerbaar/v1/privacy-ledger-entry, hash domain
// weerbaar/v1/privacy-ledger-hash.
class PrivacyLedgerEntry {
  public:
    // Fields out of range are invalid_argument naming the field.
    static Result<PrivacyLedgerEntry> sign(PrivacyLedgerEntryBody body,
                                           const SigningKeyPair& exporter_key);
    static Result<PrivacyLedgerEntry> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const PrivacyLedgerEntryBody& body() const { return body_; }
    [[nodiscard]] const Bytes& exporter_sign_pk() const { return exporter_sign_pk_; }  // 32
    // BLAKE2b-256 of the encoding: what the next entry's previous_hash names.
    [[nodiscard]] Bytes hash() const;
    // Against the embedded exporter_sign_pk; the one opaque integrity_failure. Whether
    // that key is the exporter's (a coordinator's certificate) is the caller's check.
    [[nodiscard]] Status verify_signature() const;

  private:
    PrivacyLedgerEntry(PrivacyLedgerEntryBody body, Bytes exporter_sign_pk, Bytes signature)
        : body_(std::move(body)),
          exporter_sign_pk_(std::move(exporter_sign_pk)),
          signature_(std::move(signature)) {}
    PrivacyLedgerEntryBody body_;
    Bytes exporter_sign_pk_;
    Bytes signature_;
};

// Checks a whole ledger from sequence 1: sequences run 1..n without gaps, the first
// previous_hash is all zero, each later one is the hash of the entry before, and every
// signature verifies against its embedded key. An empty ledger is valid (no export yet).
// integrity_failure naming the first bad entry ("privacy ledger entry 3: ...").
[[nodiscard]] Status verify_privacy_ledger_chain(const std::vector<PrivacyLedgerEntry>& entries);

// Quarters "YYYYQn" (four digits, 'Q', n 1..4) as a number that orders and counts them:
// year * 4 + (n - 1), so [from, to] holds to - from + 1 quarters. Anything else is
// invalid_argument.
[[nodiscard]] Result<std::uint32_t> quarter_index(std::string_view quarter);
// The inverse for every index of a four-digit year (0 .. 39999); larger indexes give a
// longer year and do not parse back.
[[nodiscard]] std::string quarter_name(std::uint32_t index);

}  // namespace weerbaar::crypto
