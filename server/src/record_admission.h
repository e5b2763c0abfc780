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

#include "caller.h"
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

// The record's key epoch must be the case's current one. Runs inside the write
// that stores the record, against the epoch stored there, so that a rotation
// committed meanwhile is seen.
[[nodiscard]] Status check_record_epoch(std::uint32_t record_epoch, std::uint32_t case_epoch);

}  // namespace weerbaar::server
