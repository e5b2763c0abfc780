#pragma once
// The restore notice (ADR 0009, decision 2): how a server restored from a backup says
// so, in a form a client can check. It is the audit entry `server_restored` that
// follows the backup's last entry, and the checkpoint the audit key signed over it.
// The entry's detail names the backup:
//
//   backup_time=<unix seconds> backup_sequence=<n> backup_head=<64 lowercase hex>
//
// where backup_sequence and backup_head are the sequence and hash of the last audit
// entry in the backup (0 and 64 zeros for an empty log). The notice holds only if
// the checkpoint verifies under the audit key, covers exactly this entry, and the
// entry comes right after the head the detail names (sequence backup_sequence + 1,
// previous_hash backup_head): the server cannot publish one without leaving it in
// its audit chain.

#include <cstdint>
#include <string>

#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::crypto {

struct RestoreNotice {
    std::uint64_t sequence = 0;       // of the server_restored entry
    std::uint64_t restored_time = 0;  // its time: when the restored server first started
    std::uint64_t backup_time = 0;    // when the backup was taken (the server's clock)
    std::uint64_t backup_sequence = 0;
    Bytes backup_head_hash;  // kAuditHashSize
};

// The detail of the server_restored entry for a backup that ends at
// (backup_sequence, backup_head_hash).
[[nodiscard]] std::string restore_notice_detail(std::uint64_t backup_time,
                                                std::uint64_t backup_sequence,
                                                ByteView backup_head_hash);

// Reads a detail made by restore_notice_detail; invalid_argument for anything else.
[[nodiscard]] Result<RestoreNotice> parse_restore_notice_detail(std::string_view detail);

// Checks an encoded audit entry and checkpoint as a restore notice (above) under the
// pinned audit key. The one opaque integrity_failure for any failure.
[[nodiscard]] Result<RestoreNotice> verify_restore_notice(ByteView entry, ByteView checkpoint,
                                                          ByteView audit_sign_pk);

}  // namespace weerbaar::crypto
