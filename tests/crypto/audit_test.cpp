#include "weerbaar/crypto/audit.h"

#include <catch2/catch.hpp>
#include <functional>

#include "refusals.h"

namespace weerbaar::crypto {
namespace {

constexpr std::uint64_t kStart = 1767225600;

AuditEntry entry(AuditEntryBody body) {
    auto created = AuditEntry::create(std::move(body));
    REQUIRE(created.ok());
    return std::move(created).value();
}

Result<AuditEntry> decode_entry(const Bytes& encoded) { return AuditEntry::decode(encoded); }

AuditEntryBody sample_body() {
    return AuditEntryBody{7,      kStart + 70,     AuditEvent::case_shared,     "bob",
                          "anna", Bytes(16, 0x11), Bytes(kAuditHashSize, 0x22), ""};
}

// Appends entries as the server does: each names the hash of the one before.
class Log {
  public:
    void append(AuditEvent event, std::string actor = "bob", std::string subject = "",
                Bytes case_id = {}, std::string detail = "") {
        const std::uint64_t sequence = entries.size() + 1;
        const Bytes previous = entries.empty() ? Bytes(kAuditHashSize, 0) : entries.back().hash();
        entries.push_back(entry(AuditEntryBody{sequence, kStart + sequence, event, std::move(actor),
                                               std::move(subject), std::move(case_id), previous,
                                               std::move(detail)}));
    }

    void append_many(std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) {
            append(i % 2 == 0 ? AuditEvent::case_read : AuditEvent::login, "anna", "",
                   i % 2 == 0 ? Bytes(16, 0x33) : Bytes{});
        }
    }

    [[nodiscard]] AuditCheckpoint checkpoint(std::uint64_t sequence) const {
        return AuditCheckpoint::sign(sequence, entries.at(sequence - 1).hash(), kStart + 1000,
                                     server);
    }

    SigningKeyPair server = initialised_key();
    std::vector<AuditEntry> entries;

  private:
    static SigningKeyPair initialised_key() {
        REQUIRE(initialise().ok());
        return SigningKeyPair::generate();
    }
};

// A ten-entry log with checkpoints at 4 and at the head.
Log ten_entries() {
    Log log;
    log.append(AuditEvent::organisation_created, "bob");
    log.append(AuditEvent::login_failed, "Mallory <script>");
    log.append(AuditEvent::enrolment_requested, "", "anna");
    log.append(AuditEvent::member_approved, "bob", "anna");
    log.append(AuditEvent::case_created, "anna", "", Bytes(16, 0x33));
    log.append_many(5);
    REQUIRE(log.entries.size() == 10);
    return log;
}

std::vector<AuditCheckpoint> checkpoints_of(const Log& log) {
    return {log.checkpoint(4), log.checkpoint(10)};
}

// Rebuilds an entry with a changed body; its hash changes with it.
AuditEntry edited(const AuditEntry& original, const std::function<void(AuditEntryBody&)>& edit) {
    AuditEntryBody body = original.body();
    edit(body);
    return entry(std::move(body));
}

// Re-links entries from `from` on, as a server rewriting its log would.
void relink(std::vector<AuditEntry>& entries, std::size_t from) {
    for (std::size_t i = from; i < entries.size(); ++i) {
        entries[i] = edited(entries[i], [&](AuditEntryBody& body) {
            body.sequence = i + 1;
            body.previous_hash = i == 0 ? Bytes(kAuditHashSize, 0) : entries[i - 1].hash();
        });
    }
}

void require_chain_failure(const Result<AuditAnchor>& result, const std::string& fragment) {
    REQUIRE_FALSE(result.ok());
    INFO(result.error().message());
    REQUIRE(result.error().code() == ErrorCode::integrity_failure);
    REQUIRE(result.error().message().find(fragment) != std::string::npos);
}

TEST_CASE("audit event names are the enumerator names and unknown codes fail", "[audit]") {
    REQUIRE(audit_event_name(AuditEvent::organisation_created) == "organisation_created");
    REQUIRE(audit_event_name(AuditEvent::login_failed) == "login_failed");
    REQUIRE(audit_event_name(AuditEvent::case_key_rotated) == "case_key_rotated");
    REQUIRE(audit_event_name(AuditEvent::export_recorded) == "export_recorded");
    REQUIRE(audit_event_name(AuditEvent::deletion) == "deletion");
    REQUIRE(audit_event_name(AuditEvent::attachment_uploaded) == "attachment_uploaded");
    REQUIRE(audit_event_name(AuditEvent::attachment_downloaded) == "attachment_downloaded");
    REQUIRE(audit_event_name(AuditEvent::research_key_issued) == "research_key_issued");
    REQUIRE(audit_event_name(AuditEvent::research_key_granted) == "research_key_granted");
    REQUIRE(audit_event_name(AuditEvent::root_key_split) == "root_key_split");
    REQUIRE(audit_event_name(AuditEvent::root_key_share_released) == "root_key_share_released");
    REQUIRE(audit_event_name(AuditEvent::root_key_recovered) == "root_key_recovered");
    REQUIRE(audit_event_name(AuditEvent::server_restored) == "server_restored");
    REQUIRE(audit_event_name(AuditEvent::record_handed_back) == "record_handed_back");
    REQUIRE(audit_event_name(AuditEvent::case_handed_back) == "case_handed_back");
    for (int code = 1; code <= 24; ++code) {
        const auto event = parse_audit_event(static_cast<std::uint8_t>(code));
        REQUIRE(event.ok());
        REQUIRE(static_cast<int>(event.value()) == code);
        REQUIRE(audit_event_name(event.value()) != "unknown");
    }
    for (const int bad : {0, 25, 255}) {
        REQUIRE(parse_audit_event(static_cast<std::uint8_t>(bad)).error().code() ==
                ErrorCode::invalid_argument);
    }
}

TEST_CASE("an audit entry survives encode and decode unchanged", "[audit]") {
    REQUIRE(initialise().ok());
    const AuditEntry original = entry(sample_body());
    const Bytes encoded = original.encode();
    const auto decoded = AuditEntry::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    const AuditEntryBody& body = decoded.value().body();
    REQUIRE(body.sequence == 7);
    REQUIRE(body.time == kStart + 70);
    REQUIRE(body.event == AuditEvent::case_shared);
    REQUIRE(body.actor == "bob");
    REQUIRE(body.subject == "anna");
    REQUIRE(body.case_id == Bytes(16, 0x11));
    REQUIRE(body.previous_hash == Bytes(kAuditHashSize, 0x22));
    REQUIRE(decoded.value().hash() == original.hash());
    REQUIRE(original.hash() == hash("weerbaar/v1/audit-entry", encoded, 32));
    REQUIRE(encoded[0] == 1);
    REQUIRE(encoded[1] == 0x07);
    REQUIRE(encoded.size() == 2 + 8 + 8 + 1 + 2 + 3 + 2 + 4 + 2 + 16 + 32);
}

TEST_CASE("an audit entry without actor, subject or case survives encode and decode", "[audit]") {
    REQUIRE(initialise().ok());
    AuditEntryBody body = sample_body();
    body.actor = "";
    body.subject = "";
    body.case_id = {};
    const Bytes encoded = entry(body).encode();
    const auto decoded = AuditEntry::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    REQUIRE(decoded.value().body().case_id.empty());
}

TEST_CASE("any flipped byte changes an audit entry's hash or fails its decode", "[audit]") {
    REQUIRE(initialise().ok());
    const AuditEntry original = entry(sample_body());
    const Bytes encoded = original.encode();
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        INFO("byte " << i);
        const auto decoded = AuditEntry::decode(test::flipped(encoded, i));
        REQUIRE((!decoded.ok() || decoded.value().hash() != original.hash()));
    }
}

TEST_CASE("audit entry decode fails on truncation, trailing bytes, version and tag", "[audit]") {
    REQUIRE(initialise().ok());
    const Bytes encoded = entry(sample_body()).encode();
    test::require_truncation_refused(decode_entry, encoded);
    REQUIRE(AuditEntry::decode(test::spliced(encoded, 0, Bytes{2})).error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(AuditEntry::decode(test::spliced(encoded, 1, Bytes{0x08})).error().code() ==
            ErrorCode::invalid_argument);
}

TEST_CASE("audit entry decode fails on an unknown event, a bad subject or a bad case id",
          "[audit]") {
    REQUIRE(initialise().ok());
    const Bytes encoded = entry(sample_body()).encode();
    const std::size_t event_offset = 2 + 8 + 8;
    REQUIRE(encoded[event_offset] == static_cast<std::uint8_t>(AuditEvent::case_shared));
    for (const int bad : {0, 25, 255}) {
        REQUIRE(AuditEntry::decode(
                    test::spliced(encoded, event_offset, Bytes{static_cast<std::uint8_t>(bad)}))
                    .error()
                    .code() == ErrorCode::invalid_argument);
    }
    const std::size_t subject_offset = event_offset + 1 + 2 + 3 + 2;
    REQUIRE(AuditEntry::decode(test::spliced(encoded, subject_offset, as_bytes("Anna")))
                .error()
                .code() == ErrorCode::invalid_argument);
    const std::size_t case_id_length_offset = subject_offset + 4;
    REQUIRE(AuditEntry::decode(test::spliced(encoded, case_id_length_offset, Bytes{0, 15}))
                .error()
                .code() == ErrorCode::invalid_argument);
}

TEST_CASE("audit entry create validates every field", "[audit]") {
    REQUIRE(initialise().ok());
    const AuditEntryBody good = sample_body();
    const auto fails = [](AuditEntryBody body) {
        const auto created = AuditEntry::create(std::move(body));
        return !created.ok() && created.error().code() == ErrorCode::invalid_argument;
    };
    AuditEntryBody bad = good;
    bad.sequence = 0;
    REQUIRE(fails(bad));
    bad = good;
    bad.event = static_cast<AuditEvent>(0);
    REQUIRE(fails(bad));
    bad = good;
    bad.actor = std::string(65, 'a');
    REQUIRE(fails(bad));
    bad = good;
    bad.actor = "anna\n";
    REQUIRE(fails(bad));
    bad = good;
    bad.actor = "ann\xc3\xa9";
    REQUIRE(fails(bad));
    bad = good;
    bad.subject = "Anna";
    REQUIRE(fails(bad));
    bad = good;
    bad.case_id = Bytes(15, 0);
    REQUIRE(fails(bad));
    bad = good;
    bad.previous_hash = {};
    REQUIRE(fails(bad));

    // A failed login is recorded under the name it claimed, valid or not.
    AuditEntryBody claimed = good;
    claimed.event = AuditEvent::login_failed;
    claimed.actor = "Not A User Name! ~";
    REQUIRE(AuditEntry::create(claimed).ok());
    claimed.actor = std::string(64, '~');
    REQUIRE(AuditEntry::create(claimed).ok());
}

TEST_CASE("an audit checkpoint survives encode and decode and verifies", "[audit]") {
    const Log log = ten_entries();
    const AuditCheckpoint checkpoint = log.checkpoint(10);
    const Bytes encoded = checkpoint.encode();
    const auto decoded = AuditCheckpoint::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    REQUIRE(decoded.value().sequence() == 10);
    REQUIRE(decoded.value().head_hash() == log.entries.back().hash());
    REQUIRE(decoded.value().time() == kStart + 1000);
    REQUIRE(decoded.value().verify(log.server.public_key()).ok());
    REQUIRE(encoded[0] == 1);
    REQUIRE(encoded[1] == 0x08);
    REQUIRE(encoded.size() == 2 + 8 + 32 + 8 + 64);
}

TEST_CASE("an audit checkpoint fails to verify when any byte is flipped", "[audit]") {
    const Log log = ten_entries();
    const Bytes encoded = log.checkpoint(10).encode();
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        INFO("byte " << i);
        const auto decoded = AuditCheckpoint::decode(test::flipped(encoded, i));
        REQUIRE((!decoded.ok() || !decoded.value().verify(log.server.public_key()).ok()));
    }
}

TEST_CASE("an audit checkpoint fails to verify with another key", "[audit]") {
    const Log log = ten_entries();
    const Status status = log.checkpoint(10).verify(SigningKeyPair::generate().public_key());
    REQUIRE(status.error().code() == ErrorCode::integrity_failure);
    REQUIRE(log.checkpoint(10).verify(Bytes(31, 0)).error().code() == ErrorCode::integrity_failure);
}

TEST_CASE("audit checkpoint decode fails on truncation, trailing bytes, version and tag",
          "[audit]") {
    const Log log = ten_entries();
    const Bytes encoded = log.checkpoint(10).encode();
    for (std::size_t size = 0; size < encoded.size(); ++size) {
        INFO("size " << size);
        REQUIRE(AuditCheckpoint::decode(test::truncated(encoded, size)).error().code() ==
                ErrorCode::invalid_argument);
    }
    REQUIRE(AuditCheckpoint::decode(test::with_trailing_byte(encoded)).error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(AuditCheckpoint::decode(test::spliced(encoded, 0, Bytes{2})).error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(AuditCheckpoint::decode(test::spliced(encoded, 1, Bytes{0x07})).error().code() ==
            ErrorCode::invalid_argument);
}

TEST_CASE("verify_audit_chain accepts an intact log and returns its head", "[audit]") {
    const Log log = ten_entries();
    const auto anchor =
        verify_audit_chain(log.entries, checkpoints_of(log), log.server.public_key(), std::nullopt);
    REQUIRE(anchor.ok());
    REQUIRE(anchor.value().sequence == 10);
    REQUIRE(anchor.value().head_hash == log.entries.back().hash());

    // Without checkpoints, and with an anchor anywhere in the log.
    REQUIRE(verify_audit_chain(log.entries, {}, log.server.public_key(), std::nullopt).ok());
    for (std::uint64_t sequence = 1; sequence <= 10; ++sequence) {
        INFO("anchor " << sequence);
        const AuditAnchor seen{sequence, log.entries[sequence - 1].hash()};
        REQUIRE(verify_audit_chain(log.entries, checkpoints_of(log), log.server.public_key(), seen)
                    .ok());
    }
}

TEST_CASE("verify_audit_chain accepts a log that grew past the anchor", "[audit]") {
    Log log = ten_entries();
    const auto first =
        verify_audit_chain(log.entries, checkpoints_of(log), log.server.public_key(), std::nullopt);
    REQUIRE(first.ok());
    log.append(AuditEvent::case_unshared, "bob", "anna", Bytes(16, 0x33));
    log.append(AuditEvent::case_key_rotated, "bob", "", Bytes(16, 0x33));
    const auto second = verify_audit_chain(log.entries, {log.checkpoint(12)},
                                           log.server.public_key(), first.value());
    REQUIRE(second.ok());
    REQUIRE(second.value().sequence == 12);
}

TEST_CASE("verify_audit_chain names an edited entry", "[audit]") {
    Log log = ten_entries();
    const std::vector<AuditCheckpoint> checkpoints = checkpoints_of(log);
    log.entries[5] = edited(log.entries[5], [](AuditEntryBody& body) { body.actor = "mallory"; });
    require_chain_failure(
        verify_audit_chain(log.entries, {}, log.server.public_key(), std::nullopt),
        "audit entry 6: its hash is not the previous_hash of entry 7");
    // An edit to the entry a checkpoint covers is named by the checkpoint.
    log.entries[3] = edited(log.entries[3], [](AuditEntryBody& body) { body.time += 1; });
    require_chain_failure(
        verify_audit_chain(log.entries, checkpoints, log.server.public_key(), std::nullopt),
        "audit entry 4: does not match the signed checkpoint");
}

TEST_CASE("verify_audit_chain names an edited head entry by its checkpoint", "[audit]") {
    Log log = ten_entries();
    const std::vector<AuditCheckpoint> checkpoints = checkpoints_of(log);
    log.entries[9] =
        edited(log.entries[9], [](AuditEntryBody& body) { body.event = AuditEvent::login; });
    require_chain_failure(
        verify_audit_chain(log.entries, checkpoints, log.server.public_key(), std::nullopt),
        "audit entry 10: does not match the signed checkpoint");
}

TEST_CASE("verify_audit_chain fails when an entry was dropped", "[audit]") {
    Log log = ten_entries();
    std::vector<AuditEntry> entries = log.entries;
    entries.erase(entries.begin() + 4);
    require_chain_failure(verify_audit_chain(entries, {}, log.server.public_key(), std::nullopt),
                          "audit entry 5: missing, found entry 6 in its place");

    // Renumbered and re-linked after the gap, the checkpoint at the old head names it.
    relink(entries, 4);
    require_chain_failure(
        verify_audit_chain(entries, checkpoints_of(log), log.server.public_key(), std::nullopt),
        "audit entry 10: missing, but a signed checkpoint covers entry 10");

    // Only renumbered, the link to the entry before the gap breaks.
    entries = log.entries;
    entries.erase(entries.begin() + 4);
    for (std::size_t i = 4; i < entries.size(); ++i) {
        entries[i] = edited(entries[i], [&](AuditEntryBody& body) { body.sequence = i + 1; });
    }
    require_chain_failure(verify_audit_chain(entries, {}, log.server.public_key(), std::nullopt),
                          "audit entry 4: its hash is not the previous_hash of entry 5");
}

TEST_CASE("verify_audit_chain fails when the first entries were dropped", "[audit]") {
    Log log = ten_entries();
    std::vector<AuditEntry> entries(log.entries.begin() + 1, log.entries.end());
    require_chain_failure(verify_audit_chain(entries, {}, log.server.public_key(), std::nullopt),
                          "audit entry 1: missing, found entry 2 in its place");
    // Renumbered from 1: the first previous_hash is not zero.
    for (std::size_t i = 0; i < entries.size(); ++i) {
        entries[i] = edited(entries[i], [&](AuditEntryBody& body) { body.sequence = i + 1; });
    }
    require_chain_failure(verify_audit_chain(entries, {}, log.server.public_key(), std::nullopt),
                          "audit entry 1: the first entry's previous_hash is not all zero");
}

TEST_CASE("verify_audit_chain fails when the last entries were dropped", "[audit]") {
    Log log = ten_entries();
    std::vector<AuditEntry> entries(log.entries.begin(), log.entries.begin() + 8);
    require_chain_failure(
        verify_audit_chain(entries, checkpoints_of(log), log.server.public_key(), std::nullopt),
        "audit entry 9: missing, but a signed checkpoint covers entry 10 (entries were dropped)");
}

TEST_CASE("verify_audit_chain fails when an entry was inserted", "[audit]") {
    Log log = ten_entries();
    const AuditEntry inserted = entry(AuditEntryBody{4,
                                                     kStart + 4,
                                                     AuditEvent::member_approved,
                                                     "bob",
                                                     "mallory",
                                                     {},
                                                     log.entries[2].hash(),
                                                     ""});
    std::vector<AuditEntry> entries = log.entries;
    entries.insert(entries.begin() + 3, inserted);
    require_chain_failure(verify_audit_chain(entries, {}, log.server.public_key(), std::nullopt),
                          "audit entry 5: missing, found entry 4 in its place");

    // Renumbered after it: the real entry 4 (now 5) no longer links, because its
    // previous_hash still names the real entry 3.
    entries = log.entries;
    entries.insert(entries.begin() + 3, inserted);
    for (std::size_t i = 4; i < entries.size(); ++i) {
        entries[i] = edited(entries[i], [&](AuditEntryBody& body) { body.sequence = i + 1; });
    }
    require_chain_failure(verify_audit_chain(entries, {}, log.server.public_key(), std::nullopt),
                          "audit entry 4: its hash is not the previous_hash of entry 5");
}

TEST_CASE("verify_audit_chain fails when entries were reordered", "[audit]") {
    Log log = ten_entries();
    std::vector<AuditEntry> entries = log.entries;
    std::swap(entries[6], entries[7]);
    require_chain_failure(verify_audit_chain(entries, {}, log.server.public_key(), std::nullopt),
                          "audit entry 7: missing, found entry 8 in its place");

    // Swapped and renumbered: the swapped entries no longer link.
    entries[6] = edited(entries[6], [](AuditEntryBody& body) { body.sequence = 7; });
    entries[7] = edited(entries[7], [](AuditEntryBody& body) { body.sequence = 8; });
    require_chain_failure(verify_audit_chain(entries, {}, log.server.public_key(), std::nullopt),
                          "audit entry 6: its hash is not the previous_hash of entry 7");
}

TEST_CASE("verify_audit_chain fails on a checkpoint with a bad signature", "[audit]") {
    const Log log = ten_entries();
    const Bytes encoded = log.checkpoint(4).encode();
    const auto forged = AuditCheckpoint::decode(test::flipped(encoded, encoded.size() - 1));
    REQUIRE(forged.ok());
    require_chain_failure(verify_audit_chain(log.entries, {forged.value(), log.checkpoint(10)},
                                             log.server.public_key(), std::nullopt),
                          "audit entry 4: checkpoint signature does not verify");

    // Signed by another key.
    const SigningKeyPair other = SigningKeyPair::generate();
    const AuditCheckpoint foreign =
        AuditCheckpoint::sign(10, log.entries[9].hash(), kStart + 1000, other);
    require_chain_failure(
        verify_audit_chain(log.entries, {foreign}, log.server.public_key(), std::nullopt),
        "audit entry 10: checkpoint signature does not verify");
}

TEST_CASE("verify_audit_chain fails on a checkpoint over a different head", "[audit]") {
    const Log log = ten_entries();
    const AuditCheckpoint wrong_head =
        AuditCheckpoint::sign(4, log.entries[4].hash(), kStart + 1000, log.server);
    require_chain_failure(
        verify_audit_chain(log.entries, {wrong_head}, log.server.public_key(), std::nullopt),
        "audit entry 4: does not match the signed checkpoint");

    const AuditCheckpoint at_zero =
        AuditCheckpoint::sign(0, Bytes(kAuditHashSize, 0), kStart, log.server);
    require_chain_failure(
        verify_audit_chain(log.entries, {at_zero}, log.server.public_key(), std::nullopt),
        "audit entry 0: a checkpoint names sequence 0");
}

TEST_CASE("verify_audit_chain fails when the log was rewritten under an anchor", "[audit]") {
    const Log log = ten_entries();
    const AuditAnchor seen{6, log.entries[5].hash()};

    // The server holds its key: a rewritten log comes with fresh, valid checkpoints.
    std::vector<AuditEntry> entries = log.entries;
    entries[2] = edited(entries[2], [](AuditEntryBody& body) { body.subject = "mallory"; });
    relink(entries, 3);
    const std::vector<AuditCheckpoint> checkpoints = {
        AuditCheckpoint::sign(10, entries[9].hash(), kStart + 2000, log.server)};
    REQUIRE(verify_audit_chain(entries, checkpoints, log.server.public_key(), std::nullopt).ok());
    require_chain_failure(
        verify_audit_chain(entries, checkpoints, log.server.public_key(), seen),
        "audit entry 6: differs from the checkpoint verified before (the log was rewritten)");
}

TEST_CASE("verify_audit_chain fails when the log ends before the anchor", "[audit]") {
    const Log log = ten_entries();
    const AuditAnchor seen{10, log.entries[9].hash()};
    const std::vector<AuditEntry> entries(log.entries.begin(), log.entries.begin() + 7);
    require_chain_failure(
        verify_audit_chain(entries, {}, log.server.public_key(), seen),
        "audit entry 8: missing; the log is shorter than the checkpoint verified before (entries "
        "were dropped)");
}

TEST_CASE("verify_audit_chain fails on an empty log", "[audit]") {
    const Log log = ten_entries();
    require_chain_failure(verify_audit_chain({}, {}, log.server.public_key(), std::nullopt),
                          "audit entry 1: missing; the audit log is empty");
    require_chain_failure(
        verify_audit_chain({}, {}, log.server.public_key(), AuditAnchor{3, log.entries[2].hash()}),
        "the log is shorter than the checkpoint verified before");
    require_chain_failure(
        verify_audit_chain({}, {log.checkpoint(1)}, log.server.public_key(), std::nullopt),
        "audit entry 1: missing, but a signed checkpoint covers entry 1");
}

TEST_CASE("verify_audit_chain refuses a malformed key or anchor", "[audit]") {
    const Log log = ten_entries();
    REQUIRE(verify_audit_chain(log.entries, {}, Bytes(31, 0), std::nullopt).error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(verify_audit_chain(log.entries, {}, log.server.public_key(), AuditAnchor{0, {}})
                .error()
                .code() == ErrorCode::invalid_argument);
    REQUIRE(
        verify_audit_chain(log.entries, {}, log.server.public_key(), AuditAnchor{2, Bytes(31, 0)})
            .error()
            .code() == ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace weerbaar::crypto

namespace weerbaar::crypto {
namespace {

constexpr std::string_view kExportDetail =
    "manifest=3f1c0000000000000000000000000000000000000000000000000000000000aa "
    "period=2025Q1-2025Q4 "
    "k=5 epsilon=1.000 ledger=1";

AuditEntryBody detailed_body() {
    AuditEntryBody body = sample_body();
    body.event = AuditEvent::export_recorded;
    body.subject = "";
    body.case_id = {};
    body.detail = std::string(kExportDetail);
    return body;
}

TEST_CASE("an audit entry with a detail is version 2 with the detail after previous_hash",
          "[audit]") {
    REQUIRE(initialise().ok());
    const AuditEntry with_detail = entry(detailed_body());
    AuditEntryBody without = detailed_body();
    without.detail = "";
    const Bytes v1 = entry(without).encode();
    const Bytes v2 = with_detail.encode();
    REQUIRE(v1[0] == 0x01);
    REQUIRE(v2[0] == 0x02);
    REQUIRE(v2[1] == 0x07);
    // Version 2 is version 1's bytes (but the version byte) followed by u16 len | detail.
    REQUIRE(v2.size() == v1.size() + 2 + kExportDetail.size());
    REQUIRE(Bytes(v2.begin() + 1, v2.begin() + static_cast<std::ptrdiff_t>(v1.size())) ==
            Bytes(v1.begin() + 1, v1.end()));
    REQUIRE(v2[v1.size()] == 0);
    REQUIRE(v2[v1.size() + 1] == kExportDetail.size());
    REQUIRE(std::string(v2.begin() + static_cast<std::ptrdiff_t>(v1.size()) + 2, v2.end()) ==
            kExportDetail);

    const auto decoded = AuditEntry::decode(v2);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == v2);
    REQUIRE(decoded.value().body().detail == kExportDetail);
    REQUIRE(decoded.value().hash() == hash("weerbaar/v1/audit-entry", v2, 32));
    REQUIRE(AuditEntry::decode(v1).value().body().detail.empty());
}

TEST_CASE("audit entry decode refuses a version 2 entry with an empty or missing detail",
          "[audit]") {
    REQUIRE(initialise().ok());
    const Bytes v1 = entry(sample_body()).encode();
    Bytes empty_detail = test::spliced(v1, 0, Bytes{2});
    empty_detail.push_back(0);
    empty_detail.push_back(0);
    REQUIRE(AuditEntry::decode(empty_detail).error().code() == ErrorCode::invalid_argument);
    REQUIRE(AuditEntry::decode(test::spliced(v1, 0, Bytes{2})).error().code() ==
            ErrorCode::invalid_argument);
    // A version 1 entry never carries a detail.
    const Bytes v2 = entry(detailed_body()).encode();
    REQUIRE(AuditEntry::decode(test::spliced(v2, 0, Bytes{1})).error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(AuditEntry::decode(test::spliced(v2, 0, Bytes{3})).error().code() ==
            ErrorCode::invalid_argument);
}

TEST_CASE("audit entry decode of version 2 refuses truncation, trailing bytes and a bad detail",
          "[audit]") {
    REQUIRE(initialise().ok());
    const Bytes encoded = entry(detailed_body()).encode();
    test::require_truncation_refused(decode_entry, encoded);
    REQUIRE(AuditEntry::decode(test::spliced(encoded, encoded.size() - 1, Bytes{0x1b}))
                .error()
                .code() == ErrorCode::invalid_argument);
}

TEST_CASE("audit entry detail is at most 512 bytes of printable ASCII", "[audit]") {
    REQUIRE(initialise().ok());
    AuditEntryBody body = detailed_body();
    body.detail = std::string(kMaxAuditDetailSize, '~');
    const auto longest = AuditEntry::create(body);
    REQUIRE(longest.ok());
    REQUIRE(AuditEntry::decode(longest.value().encode()).value().body().detail == body.detail);
    for (const std::string& bad :
         {std::string(kMaxAuditDetailSize + 1, 'a'), std::string("line\nforged"),
          std::string("tab\there"), std::string("caf\xc3\xa9"), std::string("nul\0x", 5),
          std::string("\x7f")}) {
        body.detail = bad;
        REQUIRE(AuditEntry::create(body).error().code() == ErrorCode::invalid_argument);
    }
}

TEST_CASE("verify_audit_chain verifies a log of version 1 and version 2 entries", "[audit]") {
    Log log = ten_entries();
    log.append(AuditEvent::research_key_issued, "bob");
    log.append(AuditEvent::research_key_granted, "bob", "carol");
    log.append(AuditEvent::export_recorded, "bob", "", {}, std::string(kExportDetail));
    log.append(AuditEvent::login, "carol");
    REQUIRE(log.entries[12].encode()[0] == 0x02);
    REQUIRE(log.entries[13].encode()[0] == 0x01);
    const auto anchor = verify_audit_chain(log.entries, {log.checkpoint(12), log.checkpoint(14)},
                                           log.server.public_key(), std::nullopt);
    REQUIRE(anchor.ok());
    REQUIRE(anchor.value().sequence == 14);

    // Round-tripped through their encodings, the entries still chain.
    std::vector<AuditEntry> decoded;
    for (const AuditEntry& original : log.entries) {
        decoded.push_back(AuditEntry::decode(original.encode()).value());
    }
    REQUIRE(verify_audit_chain(decoded, {}, log.server.public_key(), std::nullopt).ok());
}

TEST_CASE("verify_audit_chain names an entry whose detail was edited or removed", "[audit]") {
    Log log = ten_entries();
    log.append(AuditEvent::export_recorded, "bob", "", {}, "k=5 epsilon=1.000");
    log.append(AuditEvent::login, "carol");
    const auto edit_detail = [&](const std::string& detail) {
        std::vector<AuditEntry> entries = log.entries;
        entries[10] = edited(entries[10], [&](AuditEntryBody& body) { body.detail = detail; });
        return verify_audit_chain(entries, {}, log.server.public_key(), std::nullopt);
    };
    require_chain_failure(edit_detail("k=5 epsilon=0.100"),
                          "audit entry 11: its hash is not the previous_hash of entry 12");
    // Without its detail the entry is a version 1 entry with another hash.
    require_chain_failure(edit_detail(""),
                          "audit entry 11: its hash is not the previous_hash of entry 12");
}

}  // namespace
}  // namespace weerbaar::crypto
