#pragma once
// The research compartment as the server sees it (docs/server.md, "Research";
// docs/research-export.md): the organisation's research key (an X25519 key whose
// public part the root certifies, one generation after another), its wraps to the
// coordinators who run exports, one research record per case sealed to that key,
// and the privacy ledger. The server reads none of the sealed parts. It checks
// roles, who holds the key, every signature against the signer's current
// certificate, that records and wraps belong to the current generation, and that
// the ledger stays one signed hash chain within the privacy budget per quarter.
//
// Errors: invalid_argument for what does not decode, is out of range, or names the
// wrong case, author, signer or key; permission_denied for role and
// membership (and for a coordinator who does not hold the research key);
// failed_precondition when there is no research key yet, or the request is for
// another generation or ledger position than the stored one (another coordinator
// was first: read again); resource_exhausted for sizes and the privacy budget.
//
// Signatures are verified on the calling (gRPC) thread before a write is queued;
// checks against stored state run inside the write, so two racing writes cannot
// both pass them. Thread-safe as far as the reader and writer are.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "audit_trail.h"
#include "caller.h"
#include "group_commit_writer.h"
#include "storage_reader.h"

namespace weerbaar::server {

// GetResearchKey's answer; everything empty before the first research key.
struct ResearchKeyView {
    crypto::Bytes certificate;         // the current generation's ResearchKeyCertificate
    crypto::Bytes wrap;                // the caller's ResearchKeyWrap of it, if any
    std::vector<std::string> holders;  // active members holding a wrap of it, by name
};

struct ResearchRecordPage {
    std::vector<crypto::Bytes> records;  // ResearchRecord encodings, in case id order
    bool more = false;                   // ask again after the last record's case id
};

struct PrivacyLedgerView {
    std::vector<crypto::Bytes> entries;  // PrivacyLedgerEntry encodings, sequence 1..n
    std::uint32_t budget_millis_per_quarter = 0;
};

class ResearchRegistry {
  public:
    using Done = std::function<void(Status)>;
    using SequenceDone = std::function<void(Result<std::uint64_t>)>;

    // `budget_millis_per_quarter`: epsilon x 1000 that the ledger may spend on any
    // one quarter in total (weerbaar-server --privacy-budget).
    ResearchRegistry(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit,
                     std::uint32_t budget_millis_per_quarter);

    // A coordinator starts the next generation (1 at first): `certificate` verifies
    // with the organisation's root key and is for current + 1; `wraps` (at least one,
    // one of them to the caller, at most one per recipient) are of that generation,
    // granted by the caller and signed with their key, each to an active coordinator
    // whose certified enc key it names. Audited as research_key_issued.
    void put_research_key(const Caller& caller, const crypto::Bytes& certificate,
                          const std::vector<crypto::Bytes>& wraps, Done done);
    // A coordinator holding a wrap of the current generation wraps it to another
    // active coordinator (replacing a wrap that one held). Audited as
    // research_key_granted with the recipient as subject.
    void grant_research_key(const Caller& caller, const crypto::Bytes& wrap, Done done);
    // Any active member.
    [[nodiscard]] Result<ResearchKeyView> research_key(const Caller& caller);
    // A member of the case's current epoch (never a researcher) replaces its research
    // record: it decodes, is at most kMaxResearchRecordBytes (else resource_exhausted),
    // names the case, the caller as author, the current generation, a `created` within
    // kMaxRecordClockSkew of the server clock, and its signature verifies with the
    // caller's current certificate. Not audited: it tells nothing a record append did not.
    void put_research_record(const Caller& caller, const crypto::Bytes& case_id,
                             const crypto::Bytes& record, Done done);
    // Coordinators holding a wrap of the current generation: the records of cases
    // whose id sorts after `after_case_id` (empty or 16 bytes), at most `limit`
    // (1..kMaxResearchRecordsPerPage; 0 means the most) and kMaxCasePageBytes. Records
    // sealed to earlier generations are listed too; their body names the generation.
    [[nodiscard]] Result<ResearchRecordPage> research_records(const Caller& caller,
                                                              const crypto::Bytes& after_case_id,
                                                              std::uint32_t limit);
    // A coordinator holding a wrap of the current generation appends one ledger
    // entry: it decodes, names the caller as exporter with the key of their current
    // certificate, its signature verifies, k >= 2, epsilon 1..100000 millis, periods
    // are quarters with from <= to; it follows the stored ledger (sequence = last + 1,
    // previous_hash = hash of the last, else failed_precondition); and it fits the
    // budget on every quarter of its period (else resource_exhausted naming the
    // quarter and what is left). Stored with its audit entry export_recorded (detail:
    // manifest, period, k, epsilon, ledger sequence) in one transaction; `done` gets
    // the entry's sequence.
    void append_privacy_ledger(const Caller& caller, const crypto::Bytes& entry, SequenceDone done);
    // Coordinators and researchers.
    [[nodiscard]] Result<PrivacyLedgerView> privacy_ledger(const Caller& caller);

    [[nodiscard]] std::uint32_t budget_millis_per_quarter() const { return budget_millis_; }

  private:
    StorageReader& reader_;
    GroupCommitWriter& writer_;
    AuditTrail& audit_;
    const std::uint32_t budget_millis_;
};

}  // namespace weerbaar::server
