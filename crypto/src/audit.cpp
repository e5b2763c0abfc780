#include "weerbaar/crypto/audit.h"

#include <cstdlib>
#include <map>

#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/certificate.h"
#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

constexpr std::size_t kMaxActorSize = 64;

constexpr AuditEvent kLastAuditEvent = AuditEvent::case_handed_back;

// Version 1 entries have no detail; version 2 entries carry one after previous_hash.
constexpr std::uint8_t kVersionWithDetail = 2;

// Printable ASCII keeps control characters (a forged line break, a terminal escape)
// out of whatever displays the log.
bool is_printable_ascii(std::string_view text) {
    for (const char c : text) {
        if (c < 0x20 || c > 0x7e) {
            return false;
        }
    }
    return true;
}

Status validate_actor(std::string_view actor) {
    // Not validate_user_name: a failed login is recorded under the name it claimed,
    // which need not be a valid one.
    if (actor.size() > kMaxActorSize) {
        return Error(ErrorCode::invalid_argument, "audit entry: actor must be at most 64 bytes");
    }
    if (!is_printable_ascii(actor)) {
        return Error(ErrorCode::invalid_argument,
                     "audit entry: actor may hold only printable ASCII");
    }
    return ok_status();
}

Status validate_body(const AuditEntryBody& body) {
    if (body.sequence == 0) {
        return Error(ErrorCode::invalid_argument, "audit entry: sequence starts at 1");
    }
    WEERBAAR_TRY(parse_audit_event(static_cast<std::uint8_t>(body.event)));
    WEERBAAR_TRY(validate_actor(body.actor));
    if (!body.subject.empty()) {
        WEERBAAR_TRY(validate_user_name(body.subject));
    }
    if (!body.case_id.empty() && body.case_id.size() != kCaseIdSize) {
        return Error(ErrorCode::invalid_argument, "audit entry: case id must be empty or 16 bytes");
    }
    if (body.previous_hash.size() != kAuditHashSize) {
        return Error(ErrorCode::invalid_argument, "audit entry: previous hash must be 32 bytes");
    }
    if (body.detail.size() > kMaxAuditDetailSize) {
        return Error(ErrorCode::invalid_argument, "audit entry: detail must be at most 512 bytes");
    }
    if (!is_printable_ascii(body.detail)) {
        return Error(ErrorCode::invalid_argument,
                     "audit entry: detail may hold only printable ASCII");
    }
    return ok_status();
}

Bytes encode_checkpoint_body(std::uint64_t sequence, ByteView head_hash, std::uint64_t time) {
    wire::Writer writer;
    writer.header(wire::FormatTag::audit_checkpoint);
    writer.u64(sequence);
    writer.fixed(head_hash);
    writer.u64(time);
    return std::move(writer).take();
}

Error entry_error(std::uint64_t sequence, const std::string& what) {
    return Error(ErrorCode::integrity_failure,
                 "audit entry " + std::to_string(sequence) + ": " + what);
}

}  // namespace

std::string_view audit_event_name(AuditEvent event) {
    switch (event) {
        case AuditEvent::organisation_created:
            return "organisation_created";
        case AuditEvent::login:
            return "login";
        case AuditEvent::login_failed:
            return "login_failed";
        case AuditEvent::enrolment_requested:
            return "enrolment_requested";
        case AuditEvent::member_approved:
            return "member_approved";
        case AuditEvent::member_revoked:
            return "member_revoked";
        case AuditEvent::case_created:
            return "case_created";
        case AuditEvent::case_shared:
            return "case_shared";
        case AuditEvent::case_unshared:
            return "case_unshared";
        case AuditEvent::case_key_rotated:
            return "case_key_rotated";
        case AuditEvent::case_read:
            return "case_read";
        case AuditEvent::record_appended:
            return "record_appended";
        case AuditEvent::export_recorded:
            return "export_recorded";
        case AuditEvent::deletion:
            return "deletion";
        case AuditEvent::attachment_uploaded:
            return "attachment_uploaded";
        case AuditEvent::attachment_downloaded:
            return "attachment_downloaded";
        case AuditEvent::research_key_issued:
            return "research_key_issued";
        case AuditEvent::research_key_granted:
            return "research_key_granted";
        case AuditEvent::root_key_split:
            return "root_key_split";
        case AuditEvent::root_key_share_released:
            return "root_key_share_released";
        case AuditEvent::root_key_recovered:
            return "root_key_recovered";
        case AuditEvent::server_restored:
            return "server_restored";
        case AuditEvent::record_handed_back:
            return "record_handed_back";
        case AuditEvent::case_handed_back:
            return "case_handed_back";
    }
    return "unknown";
}

Result<AuditEvent> parse_audit_event(std::uint8_t code) {
    if (code < static_cast<std::uint8_t>(AuditEvent::organisation_created) ||
        code > static_cast<std::uint8_t>(kLastAuditEvent)) {
        return Error(ErrorCode::invalid_argument,
                     "unknown audit event " + std::to_string(static_cast<int>(code)));
    }
    return static_cast<AuditEvent>(code);
}

Result<AuditEntry> AuditEntry::create(AuditEntryBody body) {
    WEERBAAR_TRY(validate_body(body));
    return AuditEntry(std::move(body));
}

Result<AuditEntry> AuditEntry::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "audit entry";
    wire::Reader reader(encoded);
    WEERBAAR_ASSIGN_OR_RETURN(
        const std::uint8_t version,
        reader.versioned_header(wire::FormatTag::audit_entry, kVersionWithDetail, kWhat));
    AuditEntryBody body;
    body.sequence = reader.u64();
    body.time = reader.u64();
    const std::uint8_t event = reader.u8();
    body.actor = reader.string16();
    body.subject = reader.string16();
    const ByteView case_id = reader.bytes16();
    const ByteView previous_hash = reader.fixed(kAuditHashSize);
    if (version == kVersionWithDetail) {
        body.detail = reader.string16();
        // One encoding per entry: without a detail it is version 1.
        if (!reader.failed() && body.detail.empty()) {
            return Error(ErrorCode::invalid_argument,
                         "audit entry: version 2 with an empty detail");
        }
    }
    WEERBAAR_TRY(reader.finish(kWhat));

    body.event = static_cast<AuditEvent>(event);
    body.case_id.assign(case_id.begin(), case_id.end());
    body.previous_hash.assign(previous_hash.begin(), previous_hash.end());
    return create(std::move(body));
}

Bytes AuditEntry::encode() const {
    const bool has_detail = !body_.detail.empty();
    wire::Writer writer;
    writer.header(wire::FormatTag::audit_entry, has_detail ? kVersionWithDetail : wire::kVersion);
    writer.u64(body_.sequence);
    writer.u64(body_.time);
    writer.u8(static_cast<std::uint8_t>(body_.event));
    writer.string16(body_.actor);
    writer.string16(body_.subject);
    writer.bytes16(body_.case_id);
    writer.fixed(body_.previous_hash);
    if (has_detail) {
        writer.string16(body_.detail);
    }
    return std::move(writer).take();
}

Bytes AuditEntry::hash() const {
    return crypto::hash(wire::kDomainAuditEntry, encode(), kAuditHashSize);
}

AuditCheckpoint AuditCheckpoint::sign(std::uint64_t sequence, ByteView head_hash,
                                      std::uint64_t time, const SigningKeyPair& server_key) {
    // The head hash comes from AuditEntry::hash(); any other size is a bug in the
    // caller, and there is no error to return it through.
    if (head_hash.size() != kAuditHashSize) {
        std::abort();
    }
    Bytes signature = server_key.sign(wire::kDomainAuditCheckpoint,
                                      encode_checkpoint_body(sequence, head_hash, time));
    return {sequence, Bytes(head_hash.begin(), head_hash.end()), time, std::move(signature)};
}

Result<AuditCheckpoint> AuditCheckpoint::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "audit checkpoint";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::audit_checkpoint, kWhat));
    const std::uint64_t sequence = reader.u64();
    const ByteView head_hash = reader.fixed(kAuditHashSize);
    const std::uint64_t time = reader.u64();
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));
    return AuditCheckpoint(sequence, Bytes(head_hash.begin(), head_hash.end()), time,
                           Bytes(signature.begin(), signature.end()));
}

Bytes AuditCheckpoint::encode() const {
    Bytes out = encode_checkpoint_body(sequence_, head_hash_, time_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Status AuditCheckpoint::verify(ByteView server_sign_pk) const {
    return verify_signature(server_sign_pk, wire::kDomainAuditCheckpoint,
                            encode_checkpoint_body(sequence_, head_hash_, time_), signature_);
}

Result<AuditAnchor> verify_audit_chain(const std::vector<AuditEntry>& entries,
                                       const std::vector<AuditCheckpoint>& checkpoints,
                                       ByteView server_sign_pk,
                                       const std::optional<AuditAnchor>& anchor) {
    if (server_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "audit key has the wrong size");
    }
    if (anchor.has_value() &&
        (anchor->sequence == 0 || anchor->head_hash.size() != kAuditHashSize)) {
        return Error(ErrorCode::invalid_argument, "audit anchor is malformed");
    }
    std::multimap<std::uint64_t, const AuditCheckpoint*> checkpoints_by_sequence;
    for (const AuditCheckpoint& checkpoint : checkpoints) {
        checkpoints_by_sequence.emplace(checkpoint.sequence(), &checkpoint);
    }
    if (const auto zero = checkpoints_by_sequence.find(0); zero != checkpoints_by_sequence.end()) {
        return entry_error(0, "a checkpoint names sequence 0, which no entry has");
    }

    const Bytes zero_hash(kAuditHashSize, 0);
    // Each entry is checked against everything that vouches for it (its successor's
    // previous_hash, checkpoints, the anchor) before the next entry is looked at, so the
    // error names the first entry that is not what it was.
    Bytes current_hash;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const AuditEntryBody& body = entries[i].body();
        const std::uint64_t expected = i + 1;
        if (body.sequence != expected) {
            return entry_error(expected, "missing, found entry " + std::to_string(body.sequence) +
                                             " in its place (entries were dropped, inserted or "
                                             "reordered)");
        }
        if (i == 0 && !equal_constant_time(body.previous_hash, zero_hash)) {
            return entry_error(expected,
                               "the first entry's previous_hash is not all zero "
                               "(entries before it were dropped)");
        }
        current_hash = entries[i].hash();

        const auto [first, last] = checkpoints_by_sequence.equal_range(expected);
        for (auto it = first; it != last; ++it) {
            if (!it->second->verify(server_sign_pk).ok()) {
                return entry_error(expected, "checkpoint signature does not verify");
            }
            if (!equal_constant_time(it->second->head_hash(), current_hash)) {
                return entry_error(expected, "does not match the signed checkpoint for it");
            }
        }
        if (anchor.has_value() && anchor->sequence == expected &&
            !equal_constant_time(anchor->head_hash, current_hash)) {
            return entry_error(expected,
                               "differs from the checkpoint verified before (the log was "
                               "rewritten)");
        }
        if (i + 1 < entries.size()) {
            const AuditEntryBody& next = entries[i + 1].body();
            if (next.sequence == expected + 1 &&
                !equal_constant_time(next.previous_hash, current_hash)) {
                // Either this entry was altered or its successor was; this one comes first.
                return entry_error(expected, "its hash is not the previous_hash of entry " +
                                                 std::to_string(expected + 1) +
                                                 " (one of the two was altered, or entries "
                                                 "between them were dropped or inserted)");
            }
        }
    }

    // What lies beyond the end: a checkpoint or the anchor naming an entry not there.
    const std::uint64_t count = entries.size();
    if (anchor.has_value() && anchor->sequence > count) {
        return entry_error(count + 1,
                           "missing; the log is shorter than the checkpoint verified before "
                           "(entries were dropped)");
    }
    if (const auto beyond = checkpoints_by_sequence.upper_bound(count);
        beyond != checkpoints_by_sequence.end()) {
        if (!beyond->second->verify(server_sign_pk).ok()) {
            return entry_error(beyond->first, "checkpoint signature does not verify");
        }
        return entry_error(count + 1, "missing, but a signed checkpoint covers entry " +
                                          std::to_string(beyond->first) +
                                          " (entries were dropped)");
    }
    if (entries.empty()) {
        return entry_error(1, "missing; the audit log is empty");
    }
    return AuditAnchor{count, current_hash};
}

}  // namespace weerbaar::crypto
