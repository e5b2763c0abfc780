#include "weerbaar/crypto/restore_notice.h"

#include <catch2/catch.hpp>

#include "refusals.h"

namespace weerbaar::crypto {
namespace {

constexpr std::uint64_t kBackupTime = 1767225600;

struct Restored {
    SigningKeyPair audit_key = SigningKeyPair::generate();
    Bytes backup_head = random_bytes(kAuditHashSize);
    std::uint64_t backup_sequence = 41;
};

AuditEntry notice_entry(const Restored& restored, std::string detail,
                        AuditEvent event = AuditEvent::server_restored,
                        std::uint64_t sequence = 42) {
    auto entry = AuditEntry::create(AuditEntryBody{
        sequence, kBackupTime + 3600, event, "", "", {}, restored.backup_head, std::move(detail)});
    REQUIRE(entry.ok());
    return std::move(entry).value();
}

std::string detail_of(const Restored& restored) {
    return restore_notice_detail(kBackupTime, restored.backup_sequence, restored.backup_head);
}

Result<RestoreNotice> verify(const Restored& restored, const AuditEntry& entry,
                             std::uint64_t checkpoint_sequence = 0) {
    const auto checkpoint = AuditCheckpoint::sign(
        checkpoint_sequence == 0 ? entry.body().sequence : checkpoint_sequence, entry.hash(),
        kBackupTime + 3600, restored.audit_key);
    return verify_restore_notice(entry.encode(), checkpoint.encode(),
                                 restored.audit_key.public_key());
}

}  // namespace

TEST_CASE("restore notice: the detail names the backup's time and head", "[restore]") {
    REQUIRE(initialise().ok());
    const Bytes head(kAuditHashSize, 0xab);
    const std::string detail = restore_notice_detail(kBackupTime, 41, head);
    REQUIRE(detail == "backup_time=1767225600 backup_sequence=41 backup_head=" + to_hex(head));
    const auto parsed = parse_restore_notice_detail(detail);
    REQUIRE(parsed.ok());
    REQUIRE(parsed.value().backup_time == kBackupTime);
    REQUIRE(parsed.value().backup_sequence == 41);
    REQUIRE(parsed.value().backup_head_hash == head);
    for (const std::string& bad :
         {std::string("backup_time=1 backup_sequence=2"), detail + " ", "x" + detail,
          "backup_time=01 backup_sequence=41 backup_head=" + to_hex(head),
          "backup_time=1 backup_sequence=41 backup_head=" + std::string(64, 'A')}) {
        CAPTURE(bad);
        REQUIRE_FALSE(parse_restore_notice_detail(bad).ok());
    }
}

TEST_CASE("restore notice: a notice the audit key signed verifies", "[restore]") {
    REQUIRE(initialise().ok());
    const Restored restored;
    const auto notice = verify(restored, notice_entry(restored, detail_of(restored)));
    REQUIRE(notice.ok());
    REQUIRE(notice.value().sequence == 42);
    REQUIRE(notice.value().restored_time == kBackupTime + 3600);
    REQUIRE(notice.value().backup_time == kBackupTime);
    REQUIRE(notice.value().backup_sequence == 41);
    REQUIRE(notice.value().backup_head_hash == restored.backup_head);
}

TEST_CASE("restore notice: a notice under another key is refused", "[restore]") {
    REQUIRE(initialise().ok());
    const Restored restored;
    const AuditEntry entry = notice_entry(restored, detail_of(restored));
    const auto checkpoint =
        AuditCheckpoint::sign(42, entry.hash(), kBackupTime, SigningKeyPair::generate());
    test::require_opaque_failure(verify_restore_notice(entry.encode(), checkpoint.encode(),
                                                       restored.audit_key.public_key()));
}

TEST_CASE("restore notice: an entry that is not right after the backup's head is refused",
          "[restore]") {
    REQUIRE(initialise().ok());
    const Restored restored;
    // Another event with the same detail; a sequence past the backup's next; a
    // detail naming another head than the entry follows.
    test::require_opaque_failure(
        verify(restored, notice_entry(restored, detail_of(restored), AuditEvent::login)));
    test::require_opaque_failure(verify(
        restored, notice_entry(restored, detail_of(restored), AuditEvent::server_restored, 43)));
    test::require_opaque_failure(verify(
        restored, notice_entry(restored, restore_notice_detail(kBackupTime, 41,
                                                               random_bytes(kAuditHashSize)))));
}

TEST_CASE("restore notice: a checkpoint over another sequence is refused", "[restore]") {
    REQUIRE(initialise().ok());
    const Restored restored;
    test::require_opaque_failure(verify(restored, notice_entry(restored, detail_of(restored)), 43));
}

}  // namespace weerbaar::crypto
