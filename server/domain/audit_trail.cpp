#include "audit_trail.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "case_membership.h"
#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/restore_notice.h"

namespace weerbaar::server {
namespace {

std::uint64_t audit_time() { return static_cast<std::uint64_t>(unix_now()); }

}  // namespace

std::string audit_actor_name(std::string_view claimed) {
    std::string name;
    for (const char c : claimed) {
        if (name.size() == kMaxUserChars) {
            break;
        }
        name.push_back(c >= 0x20 && c <= 0x7e ? c : '?');
    }
    return name;
}

AuditTrail::AuditTrail(StorageReader& reader, GroupCommitWriter& writer, crypto::SigningKeyPair key)
    : reader_(reader), writer_(writer), key_(std::move(key)) {}

Status AuditTrail::append(Storage& storage, const AuditEvent& event) const {
    WEERBAAR_ASSIGN_OR_RETURN(auto last, storage.last_audit_entry());
    crypto::AuditEntryBody body;
    body.sequence = last.has_value() ? last->sequence + 1 : 1;
    body.time = audit_time();
    body.event = event.event;
    body.actor = event.actor;
    body.subject = event.subject;
    body.case_id = event.case_id;
    body.detail = event.detail;
    body.previous_hash =
        last.has_value() ? std::move(last->hash) : crypto::Bytes(crypto::kAuditHashSize, 0);
    auto entry = crypto::AuditEntry::create(std::move(body));
    if (!entry.ok()) {
        // Either a bug, or a stored head that was tampered with: the write fails
        // rather than extend a chain from a bad link.
        spdlog::warn("an audit entry cannot be made: {}", entry.error().message());
        return Error(ErrorCode::internal, "the audit log cannot be extended");
    }
    const std::uint64_t sequence = entry.value().body().sequence;
    const crypto::Bytes hash = entry.value().hash();
    WEERBAAR_TRY(storage.insert_audit_entry(
        AuditRow{sequence, entry.value().encode(), hash, entry.value().body().case_id}));
    if (sequence % kAuditCheckpointInterval == 0) {
        const auto checkpoint =
            crypto::AuditCheckpoint::sign(sequence, hash, entry.value().body().time, key_);
        WEERBAAR_TRY(storage.insert_audit_checkpoint(sequence, checkpoint.encode()));
    }
    return ok_status();
}

Result<std::uint64_t> AuditTrail::announce_restore(Storage& storage,
                                                   const std::string& detail) const {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::RestoreNotice backup,
                              crypto::parse_restore_notice_detail(detail));
    WEERBAAR_ASSIGN_OR_RETURN(auto last, storage.last_audit_entry());
    const std::uint64_t head = last.has_value() ? last->sequence : 0;
    if (last.has_value() && head == backup.backup_sequence + 1) {
        auto entry = crypto::AuditEntry::decode(last->entry);
        if (entry.ok() && entry.value().body().event == crypto::AuditEvent::server_restored &&
            entry.value().body().detail == detail) {
            return head;
        }
    }
    const crypto::Bytes head_hash =
        last.has_value() ? last->hash : crypto::Bytes(crypto::kAuditHashSize, 0);
    if (head != backup.backup_sequence ||
        !crypto::equal_constant_time(head_hash, backup.backup_head_hash)) {
        return Error(ErrorCode::failed_precondition,
                     "the audit log does not end where the restored backup ended (entry " +
                         std::to_string(head) + ", the backup names " +
                         std::to_string(backup.backup_sequence) +
                         "): this data directory was changed after the restore");
    }
    WEERBAAR_TRY(
        append(storage, AuditEvent{crypto::AuditEvent::server_restored, "", "", {}, detail}));
    WEERBAAR_ASSIGN_OR_RETURN(auto notice, storage.last_audit_entry());
    if (!notice.has_value()) {
        return Error(ErrorCode::internal, "the restore notice was not written");
    }
    // append() signs a checkpoint only every kAuditCheckpointInterval entries; the
    // notice needs its own, over exactly this entry.
    if (notice->sequence % kAuditCheckpointInterval != 0) {
        const auto checkpoint =
            crypto::AuditCheckpoint::sign(notice->sequence, notice->hash, audit_time(), key_);
        WEERBAAR_TRY(storage.insert_audit_checkpoint(notice->sequence, checkpoint.encode()));
    }
    WEERBAAR_TRY(storage.insert_restore_notice(notice->sequence));
    return notice->sequence;
}

void AuditTrail::record(AuditEvent event, std::function<void(Status)> done) {
    writer_.submit(
        [this, event = std::move(event)](Storage& storage) -> Result<std::uint64_t> {
            WEERBAAR_TRY(append(storage, event));
            return std::uint64_t{0};
        },
        status_done(std::move(done)));
}

void AuditTrail::record_read(AuditEvent event, std::function<void(Status)> done) {
    writer_.submit(
        [this, event = std::move(event)](Storage& storage) -> Result<std::uint64_t> {
            WEERBAAR_TRY(append(storage, event));
            return std::uint64_t{0};
        },
        status_done(std::move(done)), GroupCommitWriter::Durability::lazy);
}

void AuditTrail::when_durable(std::function<void(Status)> done) {
    // A durable commit that writes nothing would not touch the WAL, and so would
    // not sync the lazy commits before it: this one writes a row.
    writer_.submit(
        [](Storage& storage) -> Result<std::uint64_t> {
            WEERBAAR_TRY(storage.note_audit_durable());
            return std::uint64_t{0};
        },
        status_done(std::move(done)));
}

Result<AuditPage> AuditTrail::log(const Caller& caller, std::uint64_t after_sequence) {
    if (caller.role != crypto::Role::coordinator) {
        return Error(ErrorCode::permission_denied, "only a coordinator may read the audit log");
    }
    return reader_.read([&](Storage& storage) -> Result<AuditPage> {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto rows, storage.audit_entries_after(after_sequence, kMaxAuditPageEntries + 1));
        AuditPage page;
        page.more = rows.size() > kMaxAuditPageEntries;
        if (page.more) {
            rows.resize(kMaxAuditPageEntries);
        }
        if (rows.empty()) {
            return page;
        }
        WEERBAAR_ASSIGN_OR_RETURN(
            page.checkpoints,
            storage.audit_checkpoints_between(rows.front().sequence, rows.back().sequence));
        // Signed over the stored hash, not one recomputed from the stored entry: the
        // server vouches for the chain it appended, and an entry edited in the
        // database then fails to match it.
        page.checkpoints.push_back(crypto::AuditCheckpoint::sign(
                                       rows.back().sequence, rows.back().hash, audit_time(), key_)
                                       .encode());
        page.entries.reserve(rows.size());
        for (auto& row : rows) {
            page.entries.push_back(std::move(row.entry));
        }
        return page;
    });
}

Result<std::vector<crypto::Bytes>> AuditTrail::case_access_log(const Caller& caller,
                                                               const crypto::Bytes& case_id) {
    WEERBAAR_TRY(check_case_id(case_id));
    return reader_.read([&](Storage& storage) -> Result<std::vector<crypto::Bytes>> {
        WEERBAAR_TRY(current_case_of(storage, case_id, caller.user));
        // From the index of entries by case (schema 9): a read that costs what the
        // case's own entries cost, not a decode of the whole chain under the read
        // connection (48 ms at 130,000 entries before, every other read waiting).
        WEERBAAR_ASSIGN_OR_RETURN(auto rows,
                                  storage.audit_entries_of_case(case_id, kMaxCaseAccessEntries));
        std::vector<crypto::Bytes> entries;
        entries.reserve(rows.size());
        for (auto& row : rows) {
            entries.push_back(std::move(row.entry));
        }
        return entries;
    });
}

}  // namespace weerbaar::server
