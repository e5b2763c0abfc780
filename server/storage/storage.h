#pragma once
// The server's storage, owned by the domain: what the services need to keep, in
// their words. SqlcipherStorage is the implementation today; a replicated
// PostgreSQL backend (ciphertext only) can implement the same interface later,
// and tests may use another.
//
// One Storage object is one connection: it is not thread-safe. The server opens
// two, one for the group-commit writer and one for reads.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

using crypto::Bytes;
using crypto::ByteView;

// A certificate the member held before enrolling again under the same name, with
// the revocation that ended it. Kept so that what they signed then still verifies.
struct PastCertificateRow {
    Bytes certificate;
    Bytes revocation;
};

struct MemberRow {
    std::string user;
    std::string role;
    Bytes certificate;
    bool active = true;
    std::int64_t created = 0;
    Bytes revocation;  // the stored crypto::Revocation; empty unless revoked
    // Earlier certificates, oldest first; filled by Directory, not by member()/members().
    std::vector<PastCertificateRow> past;
};

// A pending request to be enrolled. Several may wait under one name, one per
// signing key: the coordinator approves the one whose fingerprint they checked.
struct EnrolmentRow {
    std::string user;
    Bytes sign_pk;
    Bytes enc_pk;
    Bytes signature;
    std::int64_t created = 0;  // unix seconds, the server's clock
    // Where the row stands in arrival order (its rowid); set by reads, for paging.
    std::int64_t position = 0;
};

// Which pending enrolments enrolments() returns: those after `after_position`
// (0: from the first), created at or after `created_since`, of `user` only when
// it is not empty; at most `limit`, in arrival order.
struct EnrolmentQuery {
    std::int64_t after_position = 0;
    std::int64_t created_since = 0;
    std::string user;
    std::size_t limit = 0;
};

struct SessionRow {
    std::string user;
    std::int64_t expires = 0;
};

struct CaseRow {
    Bytes case_id;
    std::uint32_t epoch = 0;
    std::int64_t created = 0;
    std::int64_t updated = 0;
    std::string creator;
    std::uint64_t record_count = 0;
    // A current member was revoked: no appends or shares until the next epoch.
    bool rotation_required = false;
    // Unix time after which the retention sweep deletes the case; 0 while it is open.
    std::int64_t retention_until = 0;
    // The change version (change_version()) stamped by the case's last change.
    std::uint64_t version = 0;
};

// A case a member held and holds no longer (a tombstone), and the change version
// at which they lost it.
struct RemovedCaseRow {
    Bytes case_id;
    std::uint64_t version = 0;
};

struct CaseMemberRow {
    std::string user;
    std::uint32_t epoch = 0;
    Bytes wrap;
};

struct RecordRow {
    std::uint64_t sequence = 0;
    Bytes blob;
    std::int64_t stored = 0;
};

// A ciphertext blob kept outside the database (AttachmentStore). Pending after
// upload; bound once a record of the case names it.
struct AttachmentRow {
    Bytes case_id;
    Bytes attachment_id;
    std::uint64_t size = 0;
    Bytes hash;  // BLAKE2b-256 of the blob
    std::string uploader;
    std::int64_t created = 0;
    std::optional<std::uint64_t> sequence;  // the record it is bound to; none while pending
};

// One link of the audit chain: a crypto::AuditEntry encoding and its hash().
// A restore notice as stored: the encoded server_restored audit entry and the
// encoded checkpoint signed over it (crypto/restore_notice.h).
struct RestoreNoticeRow {
    Bytes entry;
    Bytes checkpoint;
};

struct AuditRow {
    std::uint64_t sequence = 0;
    Bytes entry;
    Bytes hash;
    // The case the entry names, or empty: what insert_audit_entry indexes it by.
    // Filled by reads only in audit_entries_of_case.
    Bytes case_id{};
};

// One generation of the organisation's research key: its crypto::ResearchKeyCertificate.
struct ResearchKeyRow {
    std::uint32_t generation = 0;
    Bytes certificate;
    std::string issuer;  // the coordinator who stored it
    std::int64_t created = 0;
};

// A coordinator's crypto::ResearchKeyWrap of one generation.
struct ResearchKeyWrapRow {
    std::uint32_t generation = 0;
    std::string user;  // the recipient
    Bytes wrap;
    std::string granter;
    std::int64_t created = 0;
};

// The latest crypto::ResearchRecord of a case (one per case).
struct ResearchRecordRow {
    Bytes case_id;
    std::uint32_t generation = 0;
    std::string author;
    Bytes record;
    std::int64_t stored = 0;
};

// One link of the privacy ledger: a crypto::PrivacyLedgerEntry encoding and its
// hash(), with the fields the budget check sums kept as columns.
struct PrivacyLedgerRow {
    std::uint64_t sequence = 0;
    Bytes entry;
    Bytes hash;
    std::string exporter;
    std::uint32_t from_quarter = 0;  // crypto::quarter_index
    std::uint32_t to_quarter = 0;
    std::uint32_t epsilon_millis = 0;
    std::int64_t stored = 0;
};

// The current split of the organisation root key (root_key_registry.h): one at a time.
struct RootKeySplitRow {
    Bytes split_id;
    std::uint32_t threshold = 0;
    std::uint32_t share_count = 0;
    std::string splitter;
    std::int64_t created = 0;  // the splitter's clock, as the shares and root signature say
    Bytes root_signature;      // crypto::verify_root_key_split
    std::int64_t stored = 0;
};

// One crypto::RootKeyShare of the current split.
struct RootKeyShareRow {
    std::string holder;
    std::uint32_t number = 0;
    Bytes share;
};

// One crypto::RootKeyShareRelease of the current split.
struct RootKeyReleaseRow {
    std::string holder;
    std::string recipient;
    Bytes release;
    std::int64_t stored = 0;
};

enum class TransactionKind {
    read,   // a consistent snapshot for several reads; takes no write lock
    write,  // takes the write lock at once, so a commit cannot fail for a busy lock
};

class Storage {
  public:
    Storage() = default;
    virtual ~Storage() = default;
    Storage(const Storage&) = delete;
    Storage& operator=(const Storage&) = delete;

    // Transactions and savepoints; use them through Transaction and Savepoint below.
    [[nodiscard]] virtual Status begin(TransactionKind kind) = 0;
    [[nodiscard]] virtual Status commit() = 0;
    virtual void rollback() noexcept = 0;
    [[nodiscard]] virtual Status savepoint() = 0;
    [[nodiscard]] virtual Status release_savepoint() = 0;
    virtual void rollback_to_savepoint() noexcept = 0;
    // Whether the commits that follow wait until the disk holds them (true, the
    // default) or only until the operating system does (false: a power loss may
    // undo them, a crashed process not; the next durable commit makes them durable
    // too). Only outside a transaction.
    [[nodiscard]] virtual Status set_durable_commits(bool durable) = 0;
    // Whether a transaction is open. False after SQLite rolled one back by itself
    // (e.g. on SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM), which ends its savepoints too.
    [[nodiscard]] virtual bool in_transaction() noexcept = 0;

    // The one-time bootstrap code, kept only as a hash, until the organisation exists.
    [[nodiscard]] virtual Result<std::optional<Bytes>> bootstrap_hash() = 0;
    [[nodiscard]] virtual Status set_bootstrap_hash(ByteView hash) = 0;
    [[nodiscard]] virtual Status delete_bootstrap_hash() = 0;

    // The organisation: its root signing key, or nothing before CreateOrganisation.
    [[nodiscard]] virtual Result<std::optional<Bytes>> root_sign_pk() = 0;
    [[nodiscard]] virtual Status insert_organisation(ByteView root_sign_pk, std::int64_t now) = 0;

    [[nodiscard]] virtual Result<std::optional<MemberRow>> member(const std::string& user) = 0;
    [[nodiscard]] virtual Result<std::vector<MemberRow>> members() = 0;
    [[nodiscard]] virtual Status insert_member(const MemberRow& member) = 0;
    [[nodiscard]] virtual Status deactivate_member(const std::string& user) = 0;
    // Re-enrolment of a revoked member: the current certificate and its revocation
    // move to the member's past certificates, and `fresh` (same user) becomes the
    // active member. The caller checked that the member is revoked.
    [[nodiscard]] virtual Status replace_revoked_member(const MemberRow& fresh) = 0;
    // The member's earlier certificates, oldest first.
    [[nodiscard]] virtual Result<std::vector<PastCertificateRow>> past_certificates(
        const std::string& user) = 0;

    // Revocations, one per revoked certificate (MemberRow::revocation shows the
    // current one); revocations() also lists those of past certificates.
    [[nodiscard]] virtual Status insert_revocation(const std::string& user, ByteView revocation,
                                                   std::int64_t now) = 0;
    [[nodiscard]] virtual Result<std::vector<Bytes>> revocations() = 0;

    // The pending request of `user` for this signing key.
    [[nodiscard]] virtual Result<std::optional<EnrolmentRow>> enrolment(const std::string& user,
                                                                        ByteView sign_pk) = 0;
    [[nodiscard]] virtual Result<std::vector<EnrolmentRow>> enrolments(
        const EnrolmentQuery& query) = 0;
    // Pending requests of `user`, or of everyone when `user` is empty.
    [[nodiscard]] virtual Result<std::uint64_t> count_enrolments(const std::string& user) = 0;
    // Replaces a pending request of the same user and signing key (the same person
    // sending again), which then counts as newly arrived.
    [[nodiscard]] virtual Status put_enrolment(const EnrolmentRow& enrolment) = 0;
    // Every pending request under the name: once one is approved, the others are moot.
    [[nodiscard]] virtual Status delete_enrolments_of(const std::string& user) = 0;
    [[nodiscard]] virtual Status delete_enrolments_created_before(std::int64_t time) = 0;

    [[nodiscard]] virtual Result<std::optional<SessionRow>> session(ByteView token_hash) = 0;
    [[nodiscard]] virtual Status insert_session(ByteView token_hash, const SessionRow& session) = 0;
    [[nodiscard]] virtual Status delete_sessions_expired_before(std::int64_t now) = 0;
    // Sessions that have not expired at `now` (unix seconds): for the status report.
    [[nodiscard]] virtual Result<std::uint64_t> count_sessions_valid_at(std::int64_t now) = 0;
    [[nodiscard]] virtual Status delete_sessions_of(const std::string& user) = 0;
    // Deletes the one session stored under `token_hash`, if there is one (a logout).
    [[nodiscard]] virtual Status delete_session(ByteView token_hash) = 0;
    // Deletes `user`'s sessions but the `keep` that expire last (of equal expiry,
    // the last inserted), so that a login can make room under a cap.
    [[nodiscard]] virtual Status keep_newest_sessions_of(const std::string& user,
                                                         std::size_t keep) = 0;

    // Changes to what a member sees of their cases are counted by one server-wide
    // version: every write below that changes a case row (insert_case, touch_case,
    // require_rotation, start_epoch, set_retention, append_record) or takes a case
    // from a member (start_epoch, delete_case) raises it by one and stamps that case
    // with it (CaseRow::version) or leaves a tombstone at it. One raise stamps one
    // case, so no two changes a member sees share a version.
    [[nodiscard]] virtual Result<std::uint64_t> change_version() = 0;
    // The cases in whose current epoch `user` holds a wrap, stamped after `since`,
    // in version order, at most `limit` of them.
    [[nodiscard]] virtual Result<std::vector<CaseRow>> cases_changed_since(const std::string& user,
                                                                           std::uint64_t since,
                                                                           std::size_t limit) = 0;
    // The tombstones of `user` left after `since` for cases they do not hold now,
    // in version order, at most `limit` of them.
    [[nodiscard]] virtual Result<std::vector<RemovedCaseRow>> cases_removed_since(
        const std::string& user, std::uint64_t since, std::size_t limit) = 0;

    [[nodiscard]] virtual Result<std::optional<CaseRow>> find_case(ByteView case_id) = 0;
    // The cases in whose current epoch `user` holds a wrap.
    [[nodiscard]] virtual Result<std::vector<CaseRow>> cases_of(const std::string& user) = 0;
    [[nodiscard]] virtual Status insert_case(const CaseRow& row) = 0;
    [[nodiscard]] virtual Status touch_case(ByteView case_id, std::int64_t now) = 0;
    [[nodiscard]] virtual Status require_rotation(ByteView case_id) = 0;
    // Moves the case to `epoch` and clears rotation_required; every member of the
    // previous epoch who holds no wrap of `epoch` (insert those first) gets a
    // tombstone.
    [[nodiscard]] virtual Status start_epoch(ByteView case_id, std::uint32_t epoch,
                                             std::int64_t now) = 0;
    // Sets the retention deadline; 0 clears it.
    [[nodiscard]] virtual Status set_retention(ByteView case_id, std::int64_t until) = 0;
    // Cases whose deadline is set and not after `now`, at most `limit` of them.
    [[nodiscard]] virtual Result<std::vector<Bytes>> cases_expired_at(std::int64_t now,
                                                                      std::size_t limit) = 0;
    // Deletes the case with its key wraps, records, research record and attachment rows (not the
    // blob files: the caller removes them once this has committed), and leaves a
    // tombstone for each member of its current epoch.
    [[nodiscard]] virtual Status delete_case(ByteView case_id) = 0;

    // Whether the case left a tombstone for any member: it was deleted here, or a
    // member lost it (ADR 0009: a case deleted is never handed back).
    [[nodiscard]] virtual Result<bool> has_tombstones(ByteView case_id) = 0;
    // Whether `user` holds a wrap for any epoch of the case.
    [[nodiscard]] virtual Result<bool> is_case_member(ByteView case_id,
                                                      const std::string& user) = 0;
    [[nodiscard]] virtual Result<std::vector<CaseMemberRow>> case_members(ByteView case_id) = 0;
    // Fails with already_exists if the user holds a wrap for this epoch already.
    [[nodiscard]] virtual Status insert_case_member(ByteView case_id, const CaseMemberRow& row) = 0;
    // Replaces the wrap the user holds for row.epoch (a member who enrolled again
    // is given the history anew, sealed to the new key).
    [[nodiscard]] virtual Status replace_case_member_wrap(ByteView case_id,
                                                          const CaseMemberRow& row) = 0;

    // Appends a record with the next sequence number and returns that number; its
    // record hash is kept for has_records_with_hashes. Fails with already_exists if
    // the record id is taken in this case.
    [[nodiscard]] virtual Result<std::uint64_t> append_record(ByteView case_id, ByteView record_id,
                                                              std::uint32_t epoch,
                                                              const std::string& author,
                                                              ByteView blob, std::int64_t now) = 0;
    // Whether every one of `hashes` is the record hash (crypto::record_hash) of a
    // record stored in this case: the records a new record names as seen must exist.
    [[nodiscard]] virtual Result<bool> has_records_with_hashes(
        ByteView case_id, const std::vector<Bytes>& hashes) = 0;
    // The record of this case with `record_id` (its sequence, blob and stored time),
    // or nullopt: whether a record handed back after a restore is already here.
    [[nodiscard]] virtual Result<std::optional<RecordRow>> record_with_id(ByteView case_id,
                                                                          ByteView record_id) = 0;
    // Records with sequence > after, in order, stopping once max_bytes of blobs
    // are collected (at least one record is returned if any exists).
    [[nodiscard]] virtual Result<std::vector<RecordRow>> records_after(ByteView case_id,
                                                                       std::uint64_t after,
                                                                       std::size_t max_bytes) = 0;

    // Attachment rows. insert_attachment fails with already_exists if the (case,
    // attachment) id is taken.
    [[nodiscard]] virtual Status insert_attachment(const AttachmentRow& row) = 0;
    [[nodiscard]] virtual Result<std::optional<AttachmentRow>> attachment(
        ByteView case_id, ByteView attachment_id) = 0;
    [[nodiscard]] virtual Result<std::vector<AttachmentRow>> attachments_of_case(
        ByteView case_id) = 0;
    // Marks a pending attachment bound to the record `sequence` of its case.
    [[nodiscard]] virtual Status bind_attachment(ByteView case_id, ByteView attachment_id,
                                                 std::uint64_t sequence) = 0;
    // Pending attachments created before `created_before`, at most `limit` of them.
    [[nodiscard]] virtual Result<std::vector<AttachmentRow>> pending_attachments_before(
        std::int64_t created_before, std::size_t limit) = 0;
    [[nodiscard]] virtual Result<std::uint64_t> pending_attachment_bytes_of(
        const std::string& uploader) = 0;
    // What `user` has stored, for the per-member quota: the bytes of the sealed
    // records they authored and of the attachment blobs they uploaded (pending or
    // bound). Kept up to date by every insert and delete of those rows, in the same
    // transaction; one row read, however much is stored.
    [[nodiscard]] virtual Result<std::uint64_t> stored_bytes_of(const std::string& user) = 0;
    [[nodiscard]] virtual Status delete_attachment(ByteView case_id, ByteView attachment_id) = 0;

    // The audit chain. Only the writer appends, so the chain stays linear.
    [[nodiscard]] virtual Result<std::optional<AuditRow>> last_audit_entry() = 0;
    [[nodiscard]] virtual Status insert_audit_entry(const AuditRow& row) = 0;
    // The newest `limit` entries whose row named `case_id`, in chain order (read
    // from an index, not by decoding the chain).
    [[nodiscard]] virtual Result<std::vector<AuditRow>> audit_entries_of_case(
        ByteView case_id, std::size_t limit) = 0;
    // Entries with sequence > after, in order, at most `limit` of them.
    [[nodiscard]] virtual Result<std::vector<AuditRow>> audit_entries_after(std::uint64_t after,
                                                                            std::size_t limit) = 0;
    // Notes that the audit log is durable up to its last entry now: a small write,
    // so that the durable commit it is part of reaches the disk, and with it every
    // lazy commit before (read audit entries, GroupCommitWriter::Durability::lazy).
    [[nodiscard]] virtual Status note_audit_durable() = 0;
    [[nodiscard]] virtual Status insert_audit_checkpoint(std::uint64_t sequence,
                                                         ByteView checkpoint) = 0;
    // Stored checkpoints with first <= sequence <= last, in order.
    [[nodiscard]] virtual Result<std::vector<Bytes>> audit_checkpoints_between(
        std::uint64_t first, std::uint64_t last) = 0;

    // Restores from backup (audit_trail.h, announce_restore): the server_restored
    // entry at `sequence`, whose checkpoint is stored at the same sequence.
    [[nodiscard]] virtual Status insert_restore_notice(std::uint64_t sequence) = 0;
    // Each restore's entry and checkpoint, oldest first.
    [[nodiscard]] virtual Result<std::vector<RestoreNoticeRow>> restore_notices() = 0;

    // The research compartment (research_registry.h). The current research key is
    // the one of the highest generation; nothing before the first is stored.
    [[nodiscard]] virtual Result<std::optional<ResearchKeyRow>> current_research_key() = 0;
    // Fails with already_exists if the generation is stored already.
    [[nodiscard]] virtual Status insert_research_key(const ResearchKeyRow& row) = 0;
    [[nodiscard]] virtual Result<std::optional<ResearchKeyWrapRow>> research_key_wrap(
        std::uint32_t generation, const std::string& user) = 0;
    // The wraps of one generation, by recipient.
    [[nodiscard]] virtual Result<std::vector<ResearchKeyWrapRow>> research_key_wraps(
        std::uint32_t generation) = 0;
    // Replaces the wrap the recipient holds of row.generation, if any (a coordinator
    // who enrolled again is given the key anew, sealed to the new key).
    [[nodiscard]] virtual Status put_research_key_wrap(const ResearchKeyWrapRow& row) = 0;

    // Replaces the case's research record, if any; the case must exist.
    [[nodiscard]] virtual Status put_research_record(const ResearchRecordRow& row) = 0;
    [[nodiscard]] virtual Result<std::optional<ResearchRecordRow>> research_record(
        ByteView case_id) = 0;
    // Research records of cases whose id sorts after `after_case_id` (bytewise; empty:
    // from the first), in case id order, at most `limit` of them, stopping once
    // max_bytes of records are collected (at least one is returned if any exists).
    [[nodiscard]] virtual Result<std::vector<ResearchRecordRow>> research_records_after(
        ByteView after_case_id, std::size_t limit, std::size_t max_bytes) = 0;

    // The privacy ledger, in sequence order. Only the writer appends, so it stays linear.
    [[nodiscard]] virtual Result<std::vector<PrivacyLedgerRow>> privacy_ledger() = 0;
    [[nodiscard]] virtual Result<std::optional<PrivacyLedgerRow>> last_privacy_ledger_entry() = 0;
    [[nodiscard]] virtual Status insert_privacy_ledger_entry(const PrivacyLedgerRow& row) = 0;

    // The root key's shares (root_key_registry.h). nullopt before the first split.
    [[nodiscard]] virtual Result<std::optional<RootKeySplitRow>> root_key_split() = 0;
    // The shares of the current split, by number.
    [[nodiscard]] virtual Result<std::vector<RootKeyShareRow>> root_key_shares() = 0;
    // Replaces the current split, its shares and every release of it with `split`.
    [[nodiscard]] virtual Status replace_root_key_split(
        const RootKeySplitRow& split, const std::vector<RootKeyShareRow>& shares) = 0;
    // Stores a release of the split `split_id`, replacing the holder's earlier one to
    // the same recipient.
    [[nodiscard]] virtual Status put_root_key_release(ByteView split_id,
                                                      const RootKeyReleaseRow& row) = 0;
    // The releases of the current split to `recipient`, by holder.
    [[nodiscard]] virtual Result<std::vector<RootKeyReleaseRow>> root_key_releases_to(
        const std::string& recipient) = 0;
};

// Rolls back unless committed. Destruction never throws.
class Transaction {
  public:
    static Result<Transaction> begin(Storage& storage, TransactionKind kind);
    ~Transaction();
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    [[nodiscard]] Status commit();

  private:
    explicit Transaction(Storage& storage) : storage_(&storage) {}
    Storage* storage_;  // null once committed, rolled back or moved from
};

// A nested unit inside a transaction: rolls back to where it began unless
// released, so one failing write does not undo the others of its batch.
class Savepoint {
  public:
    static Result<Savepoint> begin(Storage& storage);
    ~Savepoint();
    Savepoint(Savepoint&& other) noexcept;
    Savepoint& operator=(Savepoint&&) = delete;
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;

    [[nodiscard]] Status release();

  private:
    explicit Savepoint(Storage& storage) : storage_(&storage) {}
    Storage* storage_;
};

}  // namespace weerbaar::server
