#pragma once
// The audit log: a hash chain of security-relevant events kept by the server, with
// checkpoints signed by the server's own Ed25519 key. An entry names the hash of
// the one before it, so an edited, dropped or inserted entry breaks the chain; a
// client that remembers a checkpoint it verified also catches a chain rewritten
// from scratch (the server holds its signing key, so it could re-sign one).
// Entries hold no case content: event, actor, subject, case id, time, and for some
// events a short detail line of public facts (an export's manifest hash, period, k,
// epsilon). An entry without a detail is format version 1, one with a detail version 2,
// so every entry written before details existed keeps its bytes and its hash.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kAuditHashSize = 32;

enum class AuditEvent : std::uint8_t {
    organisation_created = 1,
    login = 2,
    login_failed = 3,
    enrolment_requested = 4,
    member_approved = 5,
    member_revoked = 6,
    case_created = 7,
    case_shared = 8,
    case_unshared = 9,
    case_key_rotated = 10,
    case_read = 11,
    record_appended = 12,
    export_recorded = 13,
    deletion = 14,
    attachment_uploaded = 15,
    attachment_downloaded = 16,
    research_key_issued = 17,      // a new research key generation; actor the founding coordinator
    research_key_granted = 18,     // the research key wrapped to another coordinator (subject)
    root_key_split = 19,           // the root key split into shares (detail: split, M, N)
    root_key_share_released = 20,  // a holder re-sealed their share to a recoverer (subject)
    root_key_recovered = 21,       // a coordinator recombined the root key (detail: split)
    server_restored = 22,          // the first entry after a restore from backup (restore_notice.h)
    record_handed_back =
        23,                 // a member (actor) handed back a record of `subject` lost in a restore
    case_handed_back = 24,  // its creator (actor) opened anew a case lost in a restore
};

[[nodiscard]] std::string_view audit_event_name(AuditEvent event);  // "login", "case_read", ...
[[nodiscard]] Result<AuditEvent> parse_audit_event(std::uint8_t code);

struct AuditEntryBody {
    std::uint64_t sequence = 0;  // from 1, no gaps
    std::uint64_t time = 0;      // unix seconds, the server's clock
    AuditEvent event = AuditEvent::login;
    std::string actor;    // user name, or "" for the unauthenticated
    std::string subject;  // the user acted upon, or ""
    Bytes case_id;        // kCaseIdSize bytes, or empty
    Bytes previous_hash;  // kAuditHashSize; all zero for sequence 1
    std::string detail;   // "" or 1..512 bytes of printable ASCII (0x20..0x7e)
};

inline constexpr std::size_t kMaxAuditDetailSize = 512;

class AuditEntry {
  public:
    static Result<AuditEntry> create(AuditEntryBody body);  // validates sizes
    static Result<AuditEntry> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const AuditEntryBody& body() const { return body_; }
    // BLAKE2b-256 (domain "weerbaar/v1/audit-entry") of the encoding.
    [[nodiscard]] Bytes hash() const;

  private:
    explicit AuditEntry(AuditEntryBody body) : body_(std::move(body)) {}
    AuditEntryBody body_;
};

// The server's signature over "the chain up to `sequence` ends in `head_hash`".
class AuditCheckpoint {
  public:
    static AuditCheckpoint sign(std::uint64_t sequence, ByteView head_hash, std::uint64_t time,
                                const SigningKeyPair& server_key);
    static Result<AuditCheckpoint> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] std::uint64_t sequence() const { return sequence_; }
    [[nodiscard]] const Bytes& head_hash() const { return head_hash_; }
    [[nodiscard]] std::uint64_t time() const { return time_; }
    [[nodiscard]] Status verify(ByteView server_sign_pk) const;

  private:
    AuditCheckpoint(std::uint64_t sequence, Bytes head_hash, std::uint64_t time, Bytes signature)
        : sequence_(sequence),
          head_hash_(std::move(head_hash)),
          time_(time),
          signature_(std::move(signature)) {}
    std::uint64_t sequence_;
    Bytes head_hash_;
    std::uint64_t time_;
    Bytes signature_;
};

// What a verifier remembers between runs: the last checkpoint it accepted.
struct AuditAnchor {
    std::uint64_t sequence = 0;
    Bytes head_hash;
};

// Verifies a whole chain from sequence 1: sequences run 1..n without gaps, each
// previous_hash is the hash of the entry before (zeroes for the first); every
// checkpoint verifies with server_sign_pk and matches the hash of the entry at its
// sequence; and, if `anchor` is given, the entry at anchor->sequence exists and has
// anchor->head_hash (the chain extends what was seen before, it was not rewritten).
// Returns the new anchor (the last entry), or integrity_failure naming the first bad
// entry ("audit entry 17: ...").
[[nodiscard]] Result<AuditAnchor> verify_audit_chain(
    const std::vector<AuditEntry>& entries, const std::vector<AuditCheckpoint>& checkpoints,
    ByteView server_sign_pk, const std::optional<AuditAnchor>& anchor);

}  // namespace weerbaar::crypto
