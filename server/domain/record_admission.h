#pragma once
// What the server checks of a sealed record before it stores it (CreateCase's
// first record, AppendRecord). The server cannot read a record, but it holds
// every certificate, so it refuses what any reader would refuse as forged or
// misplaced: a record that is not signed by its author's current key, not in the
// author's own name, for another case, under another key epoch, or dated far
// from the server's clock. Such a record would otherwise be stored for good and
// stop every member's read of the case (docs/server.md, "What the server checks
// of a record").
//
// Every refusal is invalid_argument with a message that names what failed (the
// one exception: a record over kMaxRecordBytes is resource_exhausted, like every
// other size limit); nothing is stored for it.

#include <cstdint>
#include <vector>

#include "caller.h"
#include "storage.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

// The checks that need no stored state: size, format (the decoder's limits, such
// as at most 64 seen hashes), the header's case id equals `case_id`, its author
// is `caller`, the signature verifies against `caller.sign_pk` (the key of the
// certificate the caller is authenticated by, i.e. the author's current one),
// and `created` lies within kMaxRecordClockSkew of `now` (unix seconds, the
// server's clock). Returns the decoded record.
//
// Verifying the signature is the costly part; callers run this on the RPC
// thread, before a write is queued, so the group-commit writer never does it.
// Thread-safe: touches nothing but its arguments.
[[nodiscard]] Result<crypto::SealedRecord> admit_record(crypto::ByteView encoded,
                                                        crypto::ByteView case_id,
                                                        const Caller& caller, std::int64_t now);

// admit_record without the time check: for the first record of a case handed back
// after a restore (CaseRegistry::create_case), whose time is checked against the
// restore's backup inside the write (check_handed_back_created).
[[nodiscard]] Result<crypto::SealedRecord> admit_authored_record(crypto::ByteView encoded,
                                                                 crypto::ByteView case_id,
                                                                 const Caller& caller);

// What admit_record checks before the author: the size (resource_exhausted over
// kMaxRecordBytes), the format, and that the header names `case_id`. For a record
// handed back after a restore, whose author is checked against the stored
// certificate inside the write (CaseRegistry::hand_back_record).
[[nodiscard]] Result<crypto::SealedRecord> decode_case_record(crypto::ByteView encoded,
                                                              crypto::ByteView case_id);

// A handed-back record (ADR 0009, decision 3) was written after the backup the
// server was restored from (`backup_time`, unix seconds, the server's clock then)
// and before the restored server started (`restored_time`, the restore notice's
// entry time): `created` lies in [backup_time - skew, restored_time + skew] and
// not past now + skew, skew being kMaxRecordClockSkew. A record outside that is not
// one the restore lost. invalid_argument saying which bound it broke.
[[nodiscard]] Status check_handed_back_created(std::uint64_t created, std::uint64_t backup_time,
                                               std::uint64_t restored_time, std::int64_t now);

// `created` (the author's clock, unix seconds) lies within kMaxRecordClockSkew of
// `now` (the server's); invalid_argument saying how far off it is. Research records
// (research_registry.h) are held to the same bound.
[[nodiscard]] Status check_record_created(std::uint64_t created, std::int64_t now);

// The record's key epoch must be the case's current one. Runs inside the write
// that stores the record, against the epoch stored there, so that a rotation
// committed meanwhile is seen.
[[nodiscard]] Status check_record_epoch(std::uint32_t record_epoch, std::uint32_t case_epoch);

// The records a record names as seen (its seen_hashes) must be records of this
// case, so what a reader finds missing was dropped by the server, never invented
// by a member (docs/adr/0005-attributable-faults.md). The first record of a case
// names none (check_first_record_seen, no stored state needed); every later one
// names at least one, each the hash of a stored record of the case
// (Storage::has_records_with_hashes). check_seen_records runs inside the write, so
// a record committed just before is found. invalid_argument naming what failed.
[[nodiscard]] Status check_first_record_seen(const std::vector<crypto::Bytes>& seen_hashes);
[[nodiscard]] Status check_seen_records(Storage& storage, crypto::ByteView case_id,
                                        const std::vector<crypto::Bytes>& seen_hashes);

}  // namespace weerbaar::server
