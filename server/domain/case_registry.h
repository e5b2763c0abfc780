#pragma once
// Cases as the server sees them: ids, epochs, key wraps and sealed records it
// cannot read. It enforces membership and role, and checks what it can of the
// cleartext (case, epoch, author, recipient) and every signature, as defence in
// depth behind the clients' own verification: a record is refused before it is
// stored unless it passes record_admission.h. Checks that depend on stored state
// run inside the write, so two racing writes cannot both pass them.
//
// Membership is per key epoch (case_membership.h). A new epoch (UnshareCase,
// RotateCaseKey) must come with a wrap of the new key for exactly the members
// who remain, so no member is silently dropped and no one is silently added.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "audit_trail.h"
#include "caller.h"
#include "case_retention.h"
#include "group_commit_writer.h"
#include "notification_hub.h"
#include "storage_reader.h"
#include "storage_space.h"

namespace weerbaar::server {

struct CaseView {
    CaseRow summary;
    std::vector<crypto::Bytes> my_wraps;
    // Every member's wrap in every epoch: signed by its granter and opaque to us,
    // it lets clients check membership themselves.
    std::vector<CaseMemberRow> members;
    std::vector<RecordRow> records;
    bool more = false;  // records were left off to bound the answer's size
};

// One SyncCases answer (docs/server.md, "Sync").
struct CaseSync {
    std::vector<CaseRow> changed;
    std::vector<crypto::Bytes> removed;
    std::uint64_t version = 0;  // to ask from next time
    bool more = false;          // cut at the page size: ask again from `version`
    bool reset = false;         // since_version was ahead of the server: answered as 0
};

// What AppendRecord asks for besides the record itself.
struct AppendOptions {
    // A pending blob the caller uploaded to this case, bound to the record in its
    // transaction; empty for none.
    crypto::Bytes attachment_id;
    RetentionChange retention = RetentionChange::unchanged;
};

struct AppendedRecord {
    std::uint64_t sequence = 0;
    std::int64_t retention_until = 0;  // the case's deadline after the append; 0: none
};

class CaseRegistry {
  public:
    using SequenceDone = std::function<void(Result<std::uint64_t>)>;
    using Done = std::function<void(Status)>;

    using CaseViewDone = std::function<void(Result<CaseView>)>;
    using AppendDone = std::function<void(Result<AppendedRecord>)>;

    // Once a case's head moved (CreateCase, AppendRecord) or a member was added
    // (ShareCase), and only after that committed, `notifications` (if not null) is
    // told whom to notify: the members of the case's current epoch, or the new member.
    // `retention` sets the deadline of a case an append closes. `space` (if not
    // null) refuses a new case or an append below the free-space reserve, before the
    // write is queued, and past the author's quota, inside the write
    // (storage_space.h); resource_exhausted, and nothing is stored.
    CaseRegistry(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit,
                 NotificationHub* notifications = nullptr, RetentionPolicy retention = {},
                 StorageSpace* space = nullptr);

    // `case_id` must be crypto::derive_case_id(caller's signing key, `case_id_nonce`)
    // (invalid_argument otherwise): an id only its creator's key can take, so that
    // already_exists tells the caller about their own cases only, never whether
    // another member's case id exists. The first record and the creator's wrap are
    // for `case_id`, by the caller, of epoch 1, and pass admit_record; a record that
    // does not is invalid_argument naming what failed, and no case is made.
    // `handed_back`: a case the server lost in a restore from backup, opened again
    // by its creator with the same nonce, wrap and first record (ADR 0009, decision
    // 3; CreateCaseRequest.handed_back). The first record is then held to
    // check_handed_back_created instead of the clock skew (failed_precondition when
    // the server was never restored), the same first record under an existing id
    // answers 1 and changes nothing, and it is audited as case_handed_back.
    void create_case(const Caller& caller, const crypto::Bytes& case_id,
                     const crypto::Bytes& case_id_nonce, const crypto::Bytes& creator_wrap,
                     const crypto::Bytes& first_record, bool handed_back, SequenceDone done);
    [[nodiscard]] Result<std::vector<CaseRow>> cases(const Caller& caller);
    // What changed for the caller after `since_version` (SyncCases): at most
    // `page_items` changed cases and removed ids together, in version order. A
    // version ahead of the server's is answered as 0 with `reset` set.
    [[nodiscard]] Result<CaseSync> sync(const Caller& caller, std::uint64_t since_version,
                                        std::size_t page_items);
    // The read is audited: `done` runs once its audit entry is committed, without
    // waiting for the disk (AuditTrail::record_read).
    void get_case(const Caller& caller, const crypto::Bytes& case_id, std::uint64_t after_sequence,
                  CaseViewDone done);
    // The record passes admit_record and is of the case's current epoch
    // (invalid_argument naming what failed otherwise); nothing is stored, audited or
    // announced for a record that fails.
    void append_record(const Caller& caller, const crypto::Bytes& case_id,
                       const crypto::Bytes& record, const AppendOptions& options, AppendDone done);
    // A record the server lost in a restore from backup, handed back verbatim by a
    // member who read it (ADR 0009, decision 3; AppendRecordRequest.handed_back).
    // Checked as an append is, but against its author's stored certificate instead
    // of the caller's: the caller and the author are members of the case's current
    // epoch, the author's current certificate verifies the signature, the server
    // holds a restore notice (failed_precondition otherwise), and the record was made
    // after the newest restore's backup (check_handed_back_created), under the
    // current epoch, naming stored records as seen. The same record id with the same
    // bytes answers with its stored sequence and changes nothing (so a client that
    // lost the answer may hand back again); other bytes under that id are
    // already_exists. The author's quota is charged. Audited as record_handed_back
    // (actor the caller, subject the author); members are notified as for an append.
    // The signature is checked on the writer's thread (it needs the stored
    // certificate); hand-backs are rare, so the group commit does not suffer for it.
    void hand_back_record(const Caller& caller, const crypto::Bytes& case_id,
                          const crypto::Bytes& record, AppendDone done);
    // `history_wraps` give the new member the keys of earlier epochs.
    void share_case(const Caller& caller, const crypto::Bytes& case_id, const crypto::Bytes& wrap,
                    const std::vector<crypto::Bytes>& history_wraps, Done done);
    void unshare_case(const Caller& caller, const crypto::Bytes& case_id, const std::string& user,
                      std::uint32_t new_epoch, const std::vector<crypto::Bytes>& wraps, Done done);
    void rotate_case_key(const Caller& caller, const crypto::Bytes& case_id,
                         std::uint32_t new_epoch, const std::vector<crypto::Bytes>& wraps,
                         Done done);

  private:
    // The new epoch's wraps checked and stored, the epoch started; `removed` (or "")
    // is left out of the members who must receive the new key.
    void start_epoch(const Caller& caller, const crypto::Bytes& case_id, const std::string& removed,
                     std::uint32_t new_epoch, const std::vector<crypto::Bytes>& wraps, Done done);

    // Completes `done` and, if the write committed, publishes the case's new head
    // (the write's value) to the users the write put into `recipients`.
    [[nodiscard]] SequenceDone notify_when_committed(
        const crypto::Bytes& case_id, std::shared_ptr<std::vector<std::string>> recipients,
        SequenceDone done);

    [[nodiscard]] Status check_reserve(std::uint64_t bytes) const;
    // Inside a write: `author` may store `bytes` more.
    [[nodiscard]] Status check_quota(Storage& storage, const std::string& author,
                                     std::uint64_t bytes) const;

    StorageReader& reader_;
    GroupCommitWriter& writer_;
    AuditTrail& audit_;
    NotificationHub* notifications_;
    const RetentionPolicy retention_;
    StorageSpace* space_;
};

}  // namespace weerbaar::server
