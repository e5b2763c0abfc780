#pragma once
// The sealed records this client verified in a read or wrote itself, kept verbatim in
// the encrypted local store (local_store.h, table held_records), and the heals done
// with them (table case_heals). After a restore from backup the server no longer has
// what was written after the backup; every record is signed by its author, so the
// members' clients hand back these copies and the server checks them as strictly as
// the originals (docs/adr/0009, decision 3; case_healing.h).
//
// A held record is written only after a verified read placed it in the case's
// history (case_reader.h) or after the server acknowledged our own append at that
// sequence (case_writer.h). The store is authenticated, so a held record is what we
// verified or sent.
//
// Threading: as LocalStore (every call takes the store's mutex).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weerbaar/client/local_store.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::client {

struct HeldRecord {
    std::uint64_t sequence = 0;  // the server's, as acknowledged or read
    crypto::Bytes hash;          // crypto::SealedRecord::hash() of `record`
    crypto::Bytes record;        // the encoded crypto::SealedRecord, verbatim
};

class HeldRecords {
  public:
    explicit HeldRecords(std::shared_ptr<LocalStore> store) : store_(std::move(store)) {}

    // Keeps `records` of the case (32 hex), replacing a held record at the same
    // sequence, in one transaction.
    [[nodiscard]] Status keep(const std::string& case_hex,
                              const std::vector<HeldRecord>& records) const;
    // The highest sequence held for the case; 0 when none.
    [[nodiscard]] Result<std::uint64_t> newest_sequence(const std::string& case_hex) const;
    // Every held record of the case, in sequence order (the whole sealed history:
    // as much memory as the case's records).
    [[nodiscard]] Result<std::vector<HeldRecord>> all(const std::string& case_hex) const;
    // Forgets the held records after `sequence` (their places on the server moved).
    [[nodiscard]] Status forget_after(const std::string& case_hex, std::uint64_t sequence) const;

    // Whether the case was healed under the restore notice at audit sequence
    // `notice_sequence` before: a notice heals a case once.
    [[nodiscard]] Result<bool> healed_under(const std::string& case_hex,
                                            std::uint64_t notice_sequence) const;
    // Records a heal: under which notice, how many records were handed back, when
    // (unix seconds).
    [[nodiscard]] Status record_heal(const std::string& case_hex, std::uint64_t notice_sequence,
                                     std::uint64_t handed_back, std::int64_t healed_unix) const;

  private:
    std::shared_ptr<LocalStore> store_;
};

}  // namespace weerbaar::client
