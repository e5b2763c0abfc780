#pragma once
// The audit log: a hash chain of crypto::AuditEntry, one per security-relevant
// event, with a checkpoint signed by the server's audit key every
// kAuditCheckpointInterval entries. An entry names who did what to whom and in
// which case, never case content.
//
// Only the writer thread appends, so the chain is linear: a write that changes
// state appends its entry in its own savepoint (the event is logged if and only
// if it happened); a read or a login hands the writer a write of its own and
// answers once that has committed. A read's entry is committed lazily (no fsync of
// its own, GroupCommitWriter::Durability::lazy): a power loss can lose the last
// reads' entries, never a write's. So that no client is shown an entry a power loss
// could take back (and later mistake the shorter chain for a forged one), the log
// is answered only once what it shows is durable (when_durable).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "caller.h"
#include "group_commit_writer.h"
#include "storage_reader.h"
#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/identity.h"

namespace weerbaar::server {

struct AuditEvent {
    crypto::AuditEvent event = crypto::AuditEvent::login;
    std::string actor;    // the member who acted; "" when unauthenticated
    std::string subject;  // the member acted upon, or ""
    crypto::Bytes case_id;
    // One line of printable ASCII (at most 512 bytes) saying what the event did, or
    // "": export_recorded names the manifest hash, period, k and epsilon.
    std::string detail{};
};

struct AuditPage {
    std::vector<crypto::Bytes> entries;
    std::vector<crypto::Bytes> checkpoints;  // stored ones in the page, then one signed now
    bool more = false;
};

// A claimed user name made fit for the log: printable ASCII only, at most 64
// characters. Failed logins record what was claimed, which may be anything.
[[nodiscard]] std::string audit_actor_name(std::string_view claimed);

class AuditTrail {
  public:
    AuditTrail(StorageReader& reader, GroupCommitWriter& writer, crypto::SigningKeyPair key);

    [[nodiscard]] const crypto::Bytes& public_key() const { return key_.public_key(); }

    // Appends `event` to the chain. Runs inside a write, on the writer thread only.
    [[nodiscard]] Status append(Storage& storage, const AuditEvent& event) const;
    // The first write after a restore (ADR 0009, decision 2; crypto/restore_notice.h):
    // appends server_restored with `detail` (crypto::restore_notice_detail) right after
    // the backup's last entry, signs a checkpoint over it and stores it as a restore
    // notice. Runs inside a write, on the writer thread only. failed_precondition
    // when the chain does not end where `detail` says the backup ended. A chain that
    // already ends in this very notice (the start that wrote it stopped before it
    // could remove restored-from) is left as it is. Returns the entry's sequence.
    [[nodiscard]] Result<std::uint64_t> announce_restore(Storage& storage,
                                                         const std::string& detail) const;
    // Appends `event` in a write of its own; `done` runs once it is durable.
    void record(AuditEvent event, std::function<void(Status)> done);
    // As record(), for a read: `done` runs once the entry is committed, before it
    // is durable (see above). On the writer's completion thread; must not block.
    void record_read(AuditEvent event, std::function<void(Status)> done);
    // `done` runs (on the writer's completion thread) once every entry committed so far is
    // durable: call it after reading entries, before showing them.
    void when_durable(std::function<void(Status)> done);

    // Coordinators only: up to kMaxAuditPageEntries entries after `after_sequence`.
    [[nodiscard]] Result<AuditPage> log(const Caller& caller, std::uint64_t after_sequence);
    // Members of the case's current epoch: the entries that name the case.
    [[nodiscard]] Result<std::vector<crypto::Bytes>> case_access_log(const Caller& caller,
                                                                     const crypto::Bytes& case_id);

  private:
    StorageReader& reader_;
    GroupCommitWriter& writer_;
    const crypto::SigningKeyPair key_;
};

}  // namespace weerbaar::server
