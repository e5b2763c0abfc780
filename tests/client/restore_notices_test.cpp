// The restore notices of GetOrganisation as the client core reads them
// (weerbaar/client/restore_notices.h).

#include "weerbaar/client/restore_notices.h"

#include <catch2/catch.hpp>

namespace weerbaar::client {
namespace {

constexpr std::uint64_t kTime = 1767225600;

// A notice as a restored server publishes it: the entry after (sequence - 1, head).
v1::RestoreNotice published(const crypto::SigningKeyPair& audit_key, std::uint64_t sequence) {
    const crypto::Bytes head = crypto::random_bytes(crypto::kAuditHashSize);
    auto entry = crypto::AuditEntry::create(
        crypto::AuditEntryBody{sequence,
                               kTime + sequence,
                               crypto::AuditEvent::server_restored,
                               "",
                               "",
                               {},
                               head,
                               crypto::restore_notice_detail(kTime, sequence - 1, head)});
    REQUIRE(entry.ok());
    const auto checkpoint =
        crypto::AuditCheckpoint::sign(sequence, entry.value().hash(), kTime + sequence, audit_key);
    v1::RestoreNotice notice;
    const crypto::Bytes encoded = entry.value().encode();
    notice.set_audit_entry(encoded.data(), encoded.size());
    const crypto::Bytes signed_checkpoint = checkpoint.encode();
    notice.set_checkpoint(signed_checkpoint.data(), signed_checkpoint.size());
    return notice;
}

}  // namespace

TEST_CASE("restore notices: none, one and two verify in order", "[restore]") {
    REQUIRE(crypto::initialise().ok());
    const auto audit_key = crypto::SigningKeyPair::generate();
    v1::Organisation organisation;
    auto none = verified_restore_notices(organisation, audit_key.public_key());
    REQUIRE(none.ok());
    CHECK(none.value().empty());
    *organisation.add_restore_notices() = published(audit_key, 12);
    *organisation.add_restore_notices() = published(audit_key, 40);
    const auto two = verified_restore_notices(organisation, audit_key.public_key());
    REQUIRE(two.ok());
    REQUIRE(two.value().size() == 2);
    CHECK(two.value()[0].backup_sequence == 11);
    CHECK(two.value()[1].sequence == 40);
}

TEST_CASE("restore notices: one under another key, altered or out of order stops all",
          "[restore]") {
    REQUIRE(crypto::initialise().ok());
    const auto audit_key = crypto::SigningKeyPair::generate();
    v1::Organisation organisation;
    *organisation.add_restore_notices() = published(audit_key, 12);
    SECTION("another key") {
        *organisation.add_restore_notices() = published(crypto::SigningKeyPair::generate(), 40);
    }
    SECTION("an altered entry") {
        auto notice = published(audit_key, 40);
        notice.mutable_audit_entry()->back() ^= 0x01;
        *organisation.add_restore_notices() = notice;
    }
    SECTION("out of order") { *organisation.add_restore_notices() = published(audit_key, 5); }
    const auto result = verified_restore_notices(organisation, audit_key.public_key());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code() == ErrorCode::integrity_failure);
}

}  // namespace weerbaar::client
