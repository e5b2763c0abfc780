#include "weerbaar/crypto/restore_notice.h"

#include <charconv>

#include "wire_format.h"

namespace weerbaar::crypto {
namespace {

// Reads "<name>=<value>" from the front of `text` up to the next space (or the end).
bool take_field(std::string_view& text, std::string_view name, std::string_view& value) {
    if (text.substr(0, name.size()) != name || text.size() <= name.size() ||
        text[name.size()] != '=') {
        return false;
    }
    text.remove_prefix(name.size() + 1);
    const std::size_t end = text.find(' ');
    value = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    return !value.empty();
}

bool parse_u64(std::string_view text, std::uint64_t& value) {
    // No leading zeros, no sign: one spelling per number, as restore_notice_detail writes.
    if (text.empty() || (text.size() > 1 && text[0] == '0')) {
        return false;
    }
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string restore_notice_detail(std::uint64_t backup_time, std::uint64_t backup_sequence,
                                  ByteView backup_head_hash) {
    return "backup_time=" + std::to_string(backup_time) +
           " backup_sequence=" + std::to_string(backup_sequence) +
           " backup_head=" + to_hex(backup_head_hash);
}

Result<RestoreNotice> parse_restore_notice_detail(std::string_view detail) {
    const Error malformed(ErrorCode::invalid_argument, "not a restore notice detail");
    std::string_view rest = detail;
    std::string_view time;
    std::string_view sequence;
    std::string_view head;
    RestoreNotice notice;
    if (!take_field(rest, "backup_time", time) || !take_field(rest, "backup_sequence", sequence) ||
        !take_field(rest, "backup_head", head) || !rest.empty() ||
        !parse_u64(time, notice.backup_time) || !parse_u64(sequence, notice.backup_sequence) ||
        head.size() != kAuditHashSize * 2) {
        return malformed;
    }
    auto hash = from_hex(head);
    if (!hash.ok() || to_hex(hash.value()) != head) {  // lowercase only
        return malformed;
    }
    notice.backup_head_hash = std::move(hash).value();
    // One spelling per notice: only what restore_notice_detail writes.
    if (restore_notice_detail(notice.backup_time, notice.backup_sequence,
                              notice.backup_head_hash) != detail) {
        return malformed;
    }
    return notice;
}

Result<RestoreNotice> verify_restore_notice(ByteView entry, ByteView checkpoint,
                                            ByteView audit_sign_pk) {
    auto decoded_entry = AuditEntry::decode(entry);
    auto decoded_checkpoint = AuditCheckpoint::decode(checkpoint);
    if (!decoded_entry.ok() || !decoded_checkpoint.ok() ||
        !decoded_checkpoint.value().verify(audit_sign_pk).ok()) {
        return wire::opaque_failure();
    }
    const AuditEntryBody& body = decoded_entry.value().body();
    auto notice = parse_restore_notice_detail(body.detail);
    if (body.event != AuditEvent::server_restored || !notice.ok() ||
        body.sequence != notice.value().backup_sequence + 1 ||
        !equal_constant_time(body.previous_hash, notice.value().backup_head_hash) ||
        decoded_checkpoint.value().sequence() != body.sequence ||
        !equal_constant_time(decoded_checkpoint.value().head_hash(),
                             decoded_entry.value().hash())) {
        return wire::opaque_failure();
    }
    notice.value().sequence = body.sequence;
    notice.value().restored_time = body.time;
    return notice;
}

}  // namespace weerbaar::crypto
