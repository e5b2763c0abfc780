#pragma once
// What a malicious operator does to the rows of the case tables, in the server's
// own schema (server/src/sqlcipher_storage.cpp). Every function keeps the rows
// consistent enough for the server to serve them: it is the clients that must
// notice, not the server.

#include <cstdint>
#include <string>

#include "operator_database.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::e2e {

// The stored record blob at `sequence` of the case.
[[nodiscard]] crypto::Bytes record_blob(OperatorDatabase& db, const crypto::Bytes& case_id,
                                        std::int64_t sequence);
void replace_record_blob(OperatorDatabase& db, const crypto::Bytes& case_id, std::int64_t sequence,
                         const crypto::Bytes& blob);
// Appends `blob` as the newest record of the case (record_count goes up). The
// record_id column is `record_id_column` (the UNIQUE index is the server's, not the
// client's); epoch and author columns are taken from the blob's header.
void append_record(OperatorDatabase& db, const crypto::Bytes& case_id, const crypto::Bytes& blob,
                   const crypto::Bytes& record_id_column);
// Deletes the record at `sequence` and moves every later record down by one.
void drop_record(OperatorDatabase& db, const crypto::Bytes& case_id, std::int64_t sequence);
// Exchanges the sequence numbers of two records.
void swap_records(OperatorDatabase& db, const crypto::Bytes& case_id, std::int64_t a,
                  std::int64_t b);
[[nodiscard]] std::int64_t record_count(OperatorDatabase& db, const crypto::Bytes& case_id);

[[nodiscard]] crypto::Bytes member_certificate(OperatorDatabase& db, const std::string& user);
// The wrap `user` holds for `epoch` of the case, if the server kept one.
[[nodiscard]] std::optional<crypto::Bytes> case_member_wrap(OperatorDatabase& db,
                                                            const crypto::Bytes& case_id,
                                                            const std::string& user,
                                                            std::int64_t epoch);

}  // namespace weerbaar::e2e
