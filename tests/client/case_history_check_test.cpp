#include "weerbaar/client/case_history_check.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "weerbaar/client/case_reader.h"

using weerbaar::ErrorCode;
using weerbaar::Status;
using weerbaar::client::CaseHead;
using weerbaar::client::CaseMemberEntry;
using weerbaar::client::DecodedRecord;
using weerbaar::crypto::Bytes;
using weerbaar::crypto::Role;

namespace {

const Bytes kCase(16, 0xca);

Bytes hash_of(std::uint8_t n) { return Bytes(32, n); }
Bytes id_of(std::uint8_t n) { return Bytes(16, n); }

// Record n (from 1) by `author` in `epoch`, naming record n-1 as seen.
DecodedRecord record(std::uint8_t n, const std::string& author, std::uint32_t epoch) {
    DecodedRecord decoded;
    decoded.sequence = n;
    decoded.header.case_id = kCase;
    decoded.header.record_id = id_of(n);
    decoded.header.epoch = epoch;
    decoded.header.author = author;
    decoded.header.created = 1'700'000'000;
    if (n > 1) {
        decoded.header.seen_hashes = {hash_of(static_cast<std::uint8_t>(n - 1))};
    }
    decoded.hash = hash_of(n);
    return decoded;
}

// anna created the case, shared it with piet; piet was removed at epoch 2.
const std::vector<CaseMemberEntry> kMembers = {
    {"anna", 1}, {"piet", 1}, {"carla", 1}, {"anna", 2}, {"carla", 2}};

std::vector<DecodedRecord> good_history() {
    return {record(1, "anna", 1), record(2, "piet", 1), record(3, "carla", 2)};
}

Status check(const std::vector<DecodedRecord>& records,
             const std::optional<CaseHead>& remembered = std::nullopt) {
    return weerbaar::client::check_record_history(kCase, 2, kMembers, remembered, records);
}

void check_fails(const Status& status, const std::string& names, const std::string& why) {
    REQUIRE_FALSE(status.ok());
    INFO(status.error().message());
    CHECK(status.error().code() == ErrorCode::integrity_failure);
    CHECK_THAT(status.error().message(), Catch::Contains(names));
    CHECK_THAT(status.error().message(), Catch::Contains(why));
}

weerbaar::crypto::KeyWrapBody wrap(std::uint32_t epoch, const std::string& granter) {
    weerbaar::crypto::KeyWrapBody body;
    body.case_id = kCase;
    body.epoch = epoch;
    body.recipient = "carla";
    body.granter = granter;
    return body;
}

Status grant(std::uint32_t epoch, const std::string& granter, Role role) {
    return weerbaar::client::check_key_grant(wrap(epoch, granter), role, "anna", 2, kMembers);
}

}  // namespace

TEST_CASE("an unbroken history across epochs passes", "[case-history]") {
    CHECK(check(good_history()).ok());
}

TEST_CASE("a gap in the sequence names the record", "[case-history]") {
    auto records = good_history();
    records.erase(records.begin() + 1);
    check_fails(check(records), "record 3 by 'carla'", "missing or out of order");
}

TEST_CASE("a record of another case is refused", "[case-history]") {
    auto records = good_history();
    records[1].header.case_id = Bytes(16, 0x01);
    check_fails(check(records), "record 2 by 'piet'", "another case");
}

TEST_CASE("a record whose epoch goes back is refused", "[case-history]") {
    auto records = good_history();
    records.push_back(record(4, "anna", 1));
    check_fails(check(records), "record 4 by 'anna'", "older than the epoch 2");
}

TEST_CASE("a record beyond the case epoch is refused", "[case-history]") {
    auto records = good_history();
    records.push_back(record(4, "anna", 3));
    check_fails(check(records), "record 4 by 'anna'", "beyond the case epoch 2");
}

TEST_CASE("a case that does not start in epoch 1 is refused", "[case-history]") {
    auto records = good_history();
    records[0].header.epoch = 2;
    check_fails(check(records), "record 1 by 'anna'", "starts in epoch 1");
}

TEST_CASE("an author who was not a member at the record's epoch is refused", "[case-history]") {
    auto records = good_history();
    records.push_back(record(4, "piet", 2));  // piet was removed at epoch 2
    check_fails(check(records), "record 4 by 'piet'", "not a member of the case in epoch 2");
}

TEST_CASE("a repeated record id is a replay", "[case-history]") {
    auto records = good_history();
    records[2].header.record_id = id_of(2);
    check_fails(check(records), "record 3 by 'carla'", "replay");
}

TEST_CASE("a record naming a hash not before it means one was dropped or reordered",
          "[case-history]") {
    auto records = good_history();
    records[1].header.seen_hashes = {hash_of(9)};
    check_fails(check(records), "record 2 by 'piet'", "dropped or reordered");
}

TEST_CASE("a later record that names nothing is its author's fault, not a broken history",
          "[case-history]") {
    auto records = good_history();
    records[2].header.seen_hashes.clear();
    // Only the author can have written it so (the signature covers the header): the
    // reader quarantines that record instead of stopping (adr 0005).
    CHECK(check(records).ok());
    const auto problem = weerbaar::client::authored_header_problem(3, records[2].header);
    REQUIRE(problem.has_value());
    CHECK_THAT(*problem, Catch::Contains("does not name"));
    CHECK_FALSE(weerbaar::client::authored_header_problem(1, records[0].header).has_value());
    CHECK_FALSE(weerbaar::client::authored_header_problem(2, records[1].header).has_value());
}

TEST_CASE("the remembered head must still be there, unchanged", "[case-history]") {
    SECTION("same record at the remembered sequence") {
        CHECK(check(good_history(), CaseHead{2, weerbaar::crypto::to_hex(hash_of(2))}).ok());
    }
    SECTION("another record at the remembered sequence") {
        check_fails(check(good_history(), CaseHead{2, weerbaar::crypto::to_hex(hash_of(7))}),
                    "record 2 by 'piet'", "the server dropped or rewrote records");
    }
    SECTION("fewer records than were read before") {
        check_fails(check(good_history(), CaseHead{4, weerbaar::crypto::to_hex(hash_of(4))}), "4",
                    "the server dropped or rewrote records");
    }
}

TEST_CASE("after seeing a new epoch, a later record under an older key is refused",
          "[case-history]") {
    // Seen: records 1-2 in epoch 1 with the case already at epoch 2 (piet was
    // removed). Record 3 comes in epoch 1, by someone who kept the old key.
    const std::vector<DecodedRecord> records = {record(1, "anna", 1), record(2, "piet", 1),
                                                record(3, "carla", 1)};
    CaseHead seen{2, weerbaar::crypto::to_hex(hash_of(2))};
    seen.epoch = 2;
    check_fails(check(records, seen), "record 3", "after you had seen the case at epoch 2");
    // Without that memory (a first read) the same history is accepted, and with a
    // head remembered at epoch 1 too: the old epoch was still current then.
    CHECK(check(records).ok());
    seen.epoch = 1;
    CHECK(check(records, seen).ok());
}

TEST_CASE("the creator grants epoch 1", "[case-history]") {
    CHECK(grant(1, "anna", Role::confidant).ok());
}

TEST_CASE("a confidant member shares at the same epoch", "[case-history]") {
    CHECK(grant(1, "carla", Role::confidant).ok());
    CHECK(grant(2, "carla", Role::coordinator).ok());
}

TEST_CASE("a peer of the previous epoch rotates", "[case-history]") {
    CHECK(grant(2, "piet", Role::peer).ok());
}

TEST_CASE("a peer does not share at its own epoch", "[case-history]") {
    check_fails(grant(1, "piet", Role::peer), "epoch 1 granted by 'piet'", "not entitled");
}

TEST_CASE("a non-member grants nothing", "[case-history]") {
    check_fails(grant(1, "mallory", Role::coordinator), "granted by 'mallory'", "not entitled");
    check_fails(grant(2, "mallory", Role::confidant), "granted by 'mallory'", "not entitled");
}

TEST_CASE("a case whose current key came from a revoked granter is rotated before writing",
          "[case-history]") {
    weerbaar::client::OpenedCase opened;
    opened.epoch = 2;
    CHECK_FALSE(opened.must_rotate_before_writing());
    opened.epochs_granted_by_revoked.insert(1);  // history only: still fine to write
    CHECK_FALSE(opened.must_rotate_before_writing());
    opened.epochs_granted_by_revoked.insert(2);
    CHECK(opened.must_rotate_before_writing());
}

TEST_CASE("the server's rotation flag alone also forces a rotation", "[case-history]") {
    weerbaar::client::OpenedCase opened;
    opened.epoch = 1;
    opened.summary.set_rotation_required(true);
    CHECK(opened.must_rotate_before_writing());
}

TEST_CASE("a key beyond the case epoch is refused", "[case-history]") {
    check_fails(grant(3, "anna", Role::confidant), "epoch 3", "the case is at epoch 2");
    check_fails(grant(0, "anna", Role::confidant), "epoch 0", "the case is at epoch 2");
}

TEST_CASE("members are listed per epoch, each once", "[case-history]") {
    const std::vector<CaseMemberEntry> members = {
        {"anna", 1}, {"anna", 2}, {"piet", 2}, {"anna", 2}};
    CHECK(weerbaar::client::members_at(members, 2) == std::vector<std::string>{"anna", "piet"});
    CHECK(weerbaar::client::is_member_at(members, "piet", 2));
    CHECK_FALSE(weerbaar::client::is_member_at(members, "piet", 1));
}

namespace {

weerbaar::client::VerifiedGrant verified(std::uint32_t epoch, const std::string& granter,
                                         const std::string& recipient, Role role) {
    weerbaar::crypto::KeyWrapBody body;
    body.epoch = epoch;
    body.granter = granter;
    body.recipient = recipient;
    return {body, role};
}

}  // namespace

TEST_CASE("membership is derived from grants back to the creator", "[case-history]") {
    // anna creates, shares with the confidant carla, who shares with piet; piet
    // rotates to epoch 2 for anna and carla.
    const auto members = weerbaar::client::derive_case_members(
        {verified(1, "carla", "piet", Role::confidant),
         verified(1, "anna", "anna", Role::confidant),
         verified(1, "anna", "carla", Role::confidant), verified(2, "piet", "anna", Role::peer),
         verified(2, "piet", "carla", Role::peer)},
        "anna", 2);
    REQUIRE(members.ok());
    using weerbaar::client::is_member_at;
    CHECK(is_member_at(members.value(), "piet", 1));
    CHECK(is_member_at(members.value(), "carla", 2));
    CHECK_FALSE(is_member_at(members.value(), "piet", 2));
}

TEST_CASE("a grant by someone never granted the case is refused, whoever signed it",
          "[case-history]") {
    const auto members = weerbaar::client::derive_case_members(
        {verified(1, "anna", "anna", Role::confidant), verified(2, "eve", "anna", Role::peer)},
        "anna", 2);
    REQUIRE_FALSE(members.ok());
    CHECK(members.error().code() == weerbaar::ErrorCode::integrity_failure);
    CHECK(members.error().message().find("granted by 'eve'") != std::string::npos);
}

TEST_CASE("a peer's grant within its own epoch adds nobody", "[case-history]") {
    const auto members = weerbaar::client::derive_case_members(
        {verified(1, "anna", "anna", Role::confidant), verified(1, "anna", "piet", Role::confidant),
         verified(1, "piet", "eve", Role::peer)},
        "anna", 1);
    REQUIRE_FALSE(members.ok());
    CHECK(members.error().message().find("granted by 'piet'") != std::string::npos);
}

namespace {

// Record n as in good_history(), with a 4th and 5th record by anna in epoch 2.
std::vector<DecodedRecord> records_after(std::uint8_t head) {
    std::vector<DecodedRecord> all = good_history();
    all.push_back(record(4, "anna", 2));
    all.push_back(record(5, "carla", 2));
    return {all.begin() + head, all.end()};
}

CaseHead head_at(std::uint8_t n, std::uint32_t epoch) {
    return CaseHead{n, weerbaar::crypto::to_hex(hash_of(n)), epoch, "anna"};
}

// The incremental walk over `records`, continuing from `head`.
Status continue_from(const CaseHead& head, const std::vector<DecodedRecord>& records) {
    auto walk = weerbaar::client::RecordHistoryCheck::continuing_from(kCase, 2, kMembers, head);
    for (const DecodedRecord& one : records) {
        WEERBAAR_TRY(walk.admit(one.sequence, one.header, one.hash));
    }
    return walk.finish();
}

}  // namespace

TEST_CASE("records that chain onto the remembered head pass on their own", "[case-history]") {
    CHECK(continue_from(head_at(3, 2), records_after(3)).ok());
    CHECK(continue_from(head_at(2, 1), records_after(2)).ok());
    CHECK(continue_from(head_at(5, 2), {}).ok());
}

TEST_CASE("continuing from a head, the first record must follow it", "[case-history]") {
    auto records = records_after(3);
    records.erase(records.begin());
    check_fails(continue_from(head_at(3, 2), records), "record 5 by 'carla'",
                "missing or out of order");
}

TEST_CASE("continuing from a head, a record must name the head or a record after it",
          "[case-history]") {
    SECTION("another record than the one read before at the head's sequence") {
        check_fails(continue_from(CaseHead{3, weerbaar::crypto::to_hex(hash_of(9)), 2, "anna"},
                                  records_after(3)),
                    "record 4 by 'anna'", "dropped or reordered");
    }
    SECTION("a record naming one from before the head: left to a full read") {
        auto records = records_after(3);
        records[0].header.seen_hashes = {hash_of(2)};
        check_fails(continue_from(head_at(3, 2), records), "record 4 by 'anna'",
                    "dropped or reordered");
    }
}

TEST_CASE("continuing from a head, a record under an older epoch than seen is refused",
          "[case-history]") {
    auto records = records_after(3);
    records[0].header.epoch = 1;
    check_fails(continue_from(head_at(3, 2), records), "record 4 by 'anna'",
                "older than the epoch 2");
}

TEST_CASE("continuing from a head, the full walk's other rules still hold", "[case-history]") {
    SECTION("a replay within the new records") {
        auto records = records_after(3);
        records[1].header.record_id = id_of(4);
        check_fails(continue_from(head_at(3, 2), records), "record 5 by 'carla'", "replay");
    }
    SECTION("an author who is not a member at the epoch") {
        auto records = records_after(3);
        records[1].header.author = "piet";
        check_fails(continue_from(head_at(3, 2), records), "record 5 by 'piet'",
                    "not a member of the case in epoch 2");
    }
    SECTION("another case") {
        auto records = records_after(3);
        records[0].header.case_id = Bytes(16, 0x01);
        check_fails(continue_from(head_at(3, 2), records), "record 4 by 'anna'", "another case");
    }
    SECTION("a record that names nothing is left to the reader's quarantine") {
        auto records = records_after(3);
        records[0].header.seen_hashes.clear();
        CHECK(continue_from(head_at(3, 2), records).ok());
    }
    SECTION("beyond the case epoch") {
        auto records = records_after(3);
        records[0].header.epoch = 3;
        check_fails(continue_from(head_at(3, 2), records), "record 4 by 'anna'",
                    "beyond the case epoch 2");
    }
}
