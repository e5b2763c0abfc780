#pragma once
// The cases this client opened, kept as they were opened (local store table
// created_cases): the case id, the nonce it derives from, the creator's key wrap and
// the first record, verbatim. A case opened after the backup a server was restored
// from is gone from that server; its creator sends these again with
// CreateCaseRequest.handed_back, and the records after the first are handed back
// as for any case (docs/adr/0009, decision 3; case_healing.h, reopen_lost_cases).
//
// The shares the creator made of such a case are kept too (table
// created_case_shares: the ShareCaseRequest as sent), so that the members it was
// shared with are members again before their records are handed back.
//
// A row is written only after the server acknowledged the call it holds
// (case_writer.h). It is forgotten when the server says the case is removed for
// this member (a tombstone in SyncCases: unshared or deleted by retention), and
// when a case is found gone for a reason a restore does not explain.
//
// Threading: as LocalStore (every call takes the store's mutex).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weerbaar/client/local_store.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::client {

struct CreatedCase {
    crypto::Bytes case_id;       // 16 bytes
    crypto::Bytes nonce;         // crypto::kCaseIdNonceSize bytes: derive_case_id's input
    crypto::Bytes creator_wrap;  // the encoded crypto::KeyWrap for the creator, epoch 1
    crypto::Bytes first_record;  // the encoded crypto::SealedRecord, sequence 1
};

struct CreatedCaseShare {
    std::string user;         // the member it was shared with
    std::uint32_t epoch = 0;  // the key epoch of its wrap
    crypto::Bytes request;    // the serialised v1::ShareCaseRequest, as sent
};

class CreatedCases {
  public:
    explicit CreatedCases(std::shared_ptr<LocalStore> store) : store_(std::move(store)) {}

    // Keeps `opened`, replacing a row of the same case id.
    [[nodiscard]] Status remember(const CreatedCase& opened) const;
    // The cases this client opened that the kept case summaries (case_cache.h,
    // table case_summaries: what the last sync listed) do not name, oldest row
    // first. One query; empty in the usual case.
    [[nodiscard]] Result<std::vector<CreatedCase>> missing_from_summaries() const;
    // Forgets the case (32 hex) and its shares; nothing when there is no row.
    [[nodiscard]] Status forget(const std::string& case_hex) const;

    // Keeps a share of a case we opened, replacing one with the same member.
    [[nodiscard]] Status remember_share(const std::string& case_hex,
                                        const CreatedCaseShare& share) const;
    // The shares kept for the case, oldest first.
    [[nodiscard]] Result<std::vector<CreatedCaseShare>> shares(const std::string& case_hex) const;

  private:
    std::shared_ptr<LocalStore> store_;
};

}  // namespace weerbaar::client
