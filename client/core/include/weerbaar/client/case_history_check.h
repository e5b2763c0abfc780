#pragma once
// The structural checks on a case as the server returns it, apart from any
// signature or MAC: who may have granted each key, and whether the records form one
// unbroken history that extends what this client saw before. Kept free of I/O so
// every rule is unit-tested without a server; case_reader.cpp adds the crypto.
//
// Failures are integrity_failure naming the record (sequence and author) or the
// key (epoch and granter).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "weerbaar/client/trust_store.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/result.h"

namespace weerbaar::client {

// One row of GetCaseResponse.members: `user` holds a key for `epoch`.
struct CaseMemberEntry {
    std::string user;
    std::uint32_t epoch = 0;
};

[[nodiscard]] bool is_member_at(const std::vector<CaseMemberEntry>& members,
                                const std::string& user, std::uint32_t epoch);
// The users holding a key for `epoch`, each once, in the server's order.
[[nodiscard]] std::vector<std::string> members_at(const std::vector<CaseMemberEntry>& members,
                                                  std::uint32_t epoch);

// Whether `wrap` (addressed to the caller) was granted by someone entitled to:
//   epoch 1: the case creator (the author of record 1);
//   a later epoch: a member of the previous epoch (a rotation);
//   any epoch: a member of that epoch with role confidant or coordinator (a share);
// never beyond the case epoch. `granter_role` comes from the granter's verified
// certificate. A granter revoked since is no reason to refuse the key: refusing it
// would leave a case whose creator left unreadable for everyone. Such a key opens
// history but is never written with (OpenedCase::must_rotate_before_writing).
[[nodiscard]] Status check_key_grant(const crypto::KeyWrapBody& wrap, crypto::Role granter_role,
                                     const std::string& creator, std::uint32_t case_epoch,
                                     const std::vector<CaseMemberEntry>& members);

// A key grant whose signature verified and whose granter and recipient hold
// certificates that chain to the root; `granter_role` is from the certificate.
struct VerifiedGrant {
    crypto::KeyWrapBody wrap;
    crypto::Role granter_role = crypto::Role::peer;
};

// Who holds each epoch's key, derived from the signed grants alone, never from the
// server's list: epoch by epoch, a grant counts once check_key_grant accepts it
// against the members derived so far (the creator first, then whoever they and
// later members were entitled to add). A grant that no entitled member made is
// integrity_failure naming it: the server, or someone colluding with it, added a
// member.
[[nodiscard]] Result<std::vector<CaseMemberEntry>> derive_case_members(
    const std::vector<VerifiedGrant>& grants, const std::string& creator, std::uint32_t case_epoch);

Error record_failure(std::uint64_t sequence, const std::string& author, const std::string& why);
Error key_failure(std::uint32_t epoch, const std::string& granter, const std::string& why);

// Walks the records in order. admit() each record's header before its content is
// opened; finish() after the last one.
class RecordHistoryCheck {
  public:
    // A full walk from record 1. `remembered`: the newest record this client
    // verified before (trust.json).
    RecordHistoryCheck(crypto::Bytes case_id, std::uint32_t case_epoch,
                       std::vector<CaseMemberEntry> members, std::optional<CaseHead> remembered);

    // A walk over only the records after `head`, a record this client verified
    // before (trust.json): the first must be head.sequence + 1, the hashes a record
    // names must be the head's or those of records of this walk, and epochs start at
    // the one remembered with the head (records appended after it was read cannot
    // be under an older key). Record ids are compared within the walk; a replayed
    // older record names hashes from before the head and fails on those.
    // It fails what it cannot place, including a record that names an older record
    // than the head (two members who wrote at the same time), so the caller reads the
    // case in full when it fails and lets the full walk decide.
    [[nodiscard]] static RecordHistoryCheck continuing_from(crypto::Bytes case_id,
                                                            std::uint32_t case_epoch,
                                                            std::vector<CaseMemberEntry> members,
                                                            const CaseHead& head);

    [[nodiscard]] Status admit(std::uint64_t sequence, const crypto::RecordHeader& header,
                               crypto::ByteView record_hash);
    [[nodiscard]] Status finish() const;

  private:
    crypto::Bytes case_id_;
    std::uint32_t case_epoch_;
    std::vector<CaseMemberEntry> members_;
    std::optional<CaseHead> remembered_;
    std::uint64_t next_sequence_ = 1;
    std::uint32_t last_epoch_ = 1;
    std::set<crypto::Bytes> hashes_;
    std::set<crypto::Bytes> record_ids_;
};

// The rules of a record's header that only its author can break, because the
// author's signature covers them and the server checks everything else it could
// use to break them on another's behalf: today, a record after the first that
// names no record it follows. A record that breaks one is quarantined, not a
// reason to stop reading (docs/adr/0005-attributable-faults.md). Returns the
// reason (Dutch / English), or nothing.
[[nodiscard]] std::optional<std::string> authored_header_problem(
    std::uint64_t sequence, const crypto::RecordHeader& header);

// One decoded record as handed to check_record_history().
struct DecodedRecord {
    std::uint64_t sequence = 0;
    crypto::RecordHeader header;
    crypto::Bytes hash;
};

// The whole walk at once: the first failure, or ok.
[[nodiscard]] Status check_record_history(const crypto::Bytes& case_id, std::uint32_t case_epoch,
                                          const std::vector<CaseMemberEntry>& members,
                                          const std::optional<CaseHead>& remembered,
                                          const std::vector<DecodedRecord>& records);

}  // namespace weerbaar::client
