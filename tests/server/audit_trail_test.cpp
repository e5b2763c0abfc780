// The audit chain as AuditTrail keeps it: linked entries, signed checkpoints every
// kAuditCheckpointInterval entries, pages of the log.

#include "audit_trail.h"

#include <catch2/catch.hpp>
#include <future>

#include "server_limits.h"
#include "sqlcipher_storage.h"
#include "test_database.h"

namespace weerbaar::server {
namespace {

using crypto::Bytes;

// An AuditTrail on its own database, with a writer and a reader as the server has.
class AuditFixture {
  public:
    AuditFixture()
        : trail(std::make_unique<AuditTrail>(database_.reader(), database_.writer(),
                                             crypto::SigningKeyPair::generate())) {}

    // Appends `count` entries in one write.
    void append(std::size_t count, const Bytes& case_id = {}) {
        REQUIRE(database_
                    .write([this, count, case_id](Storage& storage) -> Result<std::uint64_t> {
                        for (std::size_t i = 0; i < count; ++i) {
                            WEERBAAR_TRY(trail->append(
                                storage,
                                AuditEvent{crypto::AuditEvent::case_read, "alice", {}, case_id}));
                        }
                        return std::uint64_t{0};
                    })
                    .ok());
    }

  private:
    test::TestDatabase database_;  // first: the trail below uses it

  public:
    std::unique_ptr<AuditTrail> trail;
};

const Caller kCoordinator{"carol", crypto::Role::coordinator, {}, {}};

std::vector<crypto::AuditEntry> decode_entries(const std::vector<Bytes>& encoded) {
    std::vector<crypto::AuditEntry> entries;
    for (const auto& one : encoded) {
        auto entry = crypto::AuditEntry::decode(one);
        REQUIRE(entry.ok());
        entries.push_back(std::move(entry).value());
    }
    return entries;
}

std::vector<crypto::AuditCheckpoint> decode_checkpoints(const std::vector<Bytes>& encoded) {
    std::vector<crypto::AuditCheckpoint> checkpoints;
    for (const auto& one : encoded) {
        auto checkpoint = crypto::AuditCheckpoint::decode(one);
        REQUIRE(checkpoint.ok());
        checkpoints.push_back(std::move(checkpoint).value());
    }
    return checkpoints;
}

}  // namespace

TEST_CASE("the audit log is read in pages, with stored and fresh checkpoints", "[audit]") {
    AuditFixture audit;
    audit.append(kMaxAuditPageEntries + 50);

    auto first = audit.trail->log(kCoordinator, 0);
    REQUIRE(first.ok());
    CHECK(first.value().more);
    REQUIRE(first.value().entries.size() == kMaxAuditPageEntries);
    // Stored at 100, 200, ... 1000, then one signed now over entry 1000.
    const auto first_checkpoints = decode_checkpoints(first.value().checkpoints);
    REQUIRE(first_checkpoints.size() == kMaxAuditPageEntries / kAuditCheckpointInterval + 1);
    CHECK(first_checkpoints.front().sequence() == kAuditCheckpointInterval);
    CHECK(first_checkpoints.back().sequence() == kMaxAuditPageEntries);
    for (const auto& checkpoint : first_checkpoints) {
        CHECK(checkpoint.verify(audit.trail->public_key()).ok());
    }

    auto second = audit.trail->log(kCoordinator, kMaxAuditPageEntries);
    REQUIRE(second.ok());
    CHECK_FALSE(second.value().more);
    REQUIRE(second.value().entries.size() == 50);
    const auto second_checkpoints = decode_checkpoints(second.value().checkpoints);
    REQUIRE(second_checkpoints.size() == 1);
    CHECK(second_checkpoints[0].sequence() == kMaxAuditPageEntries + 50);

    // Both pages together form one chain that verifies under the audit key.
    auto entries = decode_entries(first.value().entries);
    for (auto& entry : decode_entries(second.value().entries)) {
        entries.push_back(std::move(entry));
    }
    auto checkpoints = first_checkpoints;
    checkpoints.insert(checkpoints.end(), second_checkpoints.begin(), second_checkpoints.end());
    auto anchor =
        crypto::verify_audit_chain(entries, checkpoints, audit.trail->public_key(), std::nullopt);
    INFO((anchor.ok() ? "" : anchor.error().message()));
    REQUIRE(anchor.ok());
    CHECK(anchor.value().sequence == kMaxAuditPageEntries + 50);

    // Past the end: nothing, and no checkpoint to sign.
    auto beyond = audit.trail->log(kCoordinator, kMaxAuditPageEntries + 50);
    REQUIRE(beyond.ok());
    CHECK(beyond.value().entries.empty());
    CHECK(beyond.value().checkpoints.empty());
    CHECK_FALSE(beyond.value().more);
}

TEST_CASE("a checkpoint signed with another key does not verify", "[audit]") {
    AuditFixture audit;
    audit.append(kAuditCheckpointInterval);
    auto page = audit.trail->log(kCoordinator, 0);
    REQUIRE(page.ok());
    const auto checkpoints = decode_checkpoints(page.value().checkpoints);
    REQUIRE(checkpoints.size() == 2);
    const auto other = crypto::SigningKeyPair::generate();
    CHECK_FALSE(checkpoints[0].verify(other.public_key()).ok());
    CHECK_FALSE(crypto::verify_audit_chain(decode_entries(page.value().entries), checkpoints,
                                           other.public_key(), std::nullopt)
                    .ok());
}

TEST_CASE("only a coordinator reads the audit log", "[audit]") {
    AuditFixture audit;
    audit.append(1);
    const Caller confidant{"alice", crypto::Role::confidant, {}, {}};
    auto refused = audit.trail->log(confidant, 0);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code() == ErrorCode::permission_denied);
}

TEST_CASE("failed logins are recorded under a printable, bounded name", "[audit]") {
    CHECK(audit_actor_name("alice") == "alice");
    CHECK(audit_actor_name("bad\nname\x01") == "bad?name?");
    CHECK(audit_actor_name(std::string(200, 'x')).size() == kMaxUserChars);
    CHECK(audit_actor_name("") == "");
}

}  // namespace weerbaar::server
