// What the server checks of every record before it stores it (record_admission.h):
// a record a reader would refuse as forged or misplaced is refused here, with
// INVALID_ARGUMENT naming what failed, and leaves no trace: no record, no case,
// no audit entry. The service tests run the real server over TLS with members'
// own tokens, as a modified client would; the first tests drive admit_record
// alone, where the server's clock can be chosen.

#include "record_admission.h"

#include <catch2/catch.hpp>

#include "server_fixture.h"
#include "server_limits.h"

namespace weerbaar::server {
namespace {

using crypto::Bytes;
using test::as_string;
using test::Person;
using test::ServerFixture;

constexpr std::uint64_t kSkewSeconds =
    std::chrono::duration_cast<std::chrono::seconds>(kMaxRecordClockSkew).count();

// The header fields a test varies; the rest is as a client makes it.
struct Draft {
    Bytes case_id;
    std::string author;
    std::uint32_t epoch = 1;
    std::uint64_t created = test::unix_seconds();
    std::vector<Bytes> seen;  // the records it names as seen
};

// `draft` sealed under `key` and signed with `signer` (not necessarily the author's key).
Bytes seal(const Draft& draft, const crypto::CaseKey& key, const crypto::SigningKeyPair& signer) {
    crypto::RecordHeader header;
    header.case_id = draft.case_id;
    header.record_id = crypto::random_bytes(crypto::kRecordIdSize);
    header.epoch = draft.epoch;
    header.author = draft.author;
    header.created = draft.created;
    header.seen_hashes = draft.seen;
    auto record =
        crypto::SealedRecord::seal(header, crypto::as_bytes(std::string("note")), key, signer);
    REQUIRE(record.ok());
    return record.value().encode();
}

// The record with its signature (the last 64 bytes) replaced by zeroes.
Bytes with_zero_signature(Bytes encoded) {
    REQUIRE(encoded.size() > crypto::kSignatureSize);
    std::fill(encoded.end() - static_cast<std::ptrdiff_t>(crypto::kSignatureSize), encoded.end(),
              std::uint8_t{0});
    return encoded;
}

// The record as its author would have to send it with 65 seen hashes: the decoder
// stops at the count, so the hashes themselves may be anything.
Bytes with_65_seen_hashes(const Bytes& encoded, const std::string& author) {
    // version, tag, case id, record id, epoch, author (u16 length), created.
    const std::size_t count_at = 1 + 1 + 16 + 16 + 4 + 2 + author.size() + 8;
    Bytes edited(encoded.begin(), encoded.begin() + static_cast<std::ptrdiff_t>(count_at));
    edited.push_back(0);
    edited.push_back(65);
    const Bytes hashes(65 * crypto::kRecordHashSize, 0x42);
    edited.insert(edited.end(), hashes.begin(), hashes.end());
    edited.insert(edited.end(), encoded.begin() + static_cast<std::ptrdiff_t>(count_at + 2),
                  encoded.end());
    return edited;
}

Caller caller_of(const Person& person, crypto::Role role) {
    return Caller{person.user, role, person.identity.signing.public_key(),
                  person.identity.encryption.public_key()};
}

grpc::Status create_case_with(ServerFixture& server, const Person& creator, const Bytes& id,
                              const crypto::CaseKey& key, const Bytes& first_record) {
    v1::CreateCaseRequest request;
    request.set_case_id(as_string(id));
    request.set_case_id_nonce(as_string(server.case_id_nonce(id)));
    request.set_creator_wrap(as_string(server.wrap(id, 1, creator, key, creator)));
    request.set_first_record(as_string(first_record));
    v1::CreateCaseResponse response;
    grpc::ClientContext context;
    ServerFixture::authorise(context, creator);
    return server.cases->CreateCase(&context, request, &response);
}

std::uint64_t record_count(ServerFixture& server, const Person& reader, const Bytes& id) {
    v1::GetCaseResponse response;
    const auto status = server.get_case(reader, id, response);
    INFO(status.error_message());
    REQUIRE(status.ok());
    return response.summary().record_count();
}

void check_refused(const grpc::Status& status, const std::string& naming) {
    INFO(status.error_message());
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    CHECK_THAT(status.error_message(), Catch::Contains(naming));
}

}  // namespace

TEST_CASE("admit_record allows the stated clock skew and not a second more", "[record-admission]") {
    REQUIRE(crypto::initialise().ok());
    const Person author{"confidant", crypto::Identity::generate(), {}, {}};
    const Caller caller = caller_of(author, crypto::Role::confidant);
    const Bytes id = crypto::random_bytes(crypto::kCaseIdSize);
    const auto key = crypto::CaseKey::generate();
    const std::int64_t now = 1'800'000'000;
    const auto at = [&](std::uint64_t created) {
        return seal(Draft{id, author.user, 1, created}, key, author.identity.signing);
    };
    const auto server_time = static_cast<std::uint64_t>(now);

    CHECK(admit_record(at(server_time), id, caller, now).ok());
    CHECK(admit_record(at(server_time - kSkewSeconds), id, caller, now).ok());
    CHECK(admit_record(at(server_time + kSkewSeconds), id, caller, now).ok());

    const auto behind = admit_record(at(server_time - kSkewSeconds - 1), id, caller, now);
    REQUIRE_FALSE(behind.ok());
    CHECK(behind.error().code() == ErrorCode::invalid_argument);
    CHECK(behind.error().message() ==
          "record time is 601 s behind the server clock (at most 600 s allowed); check the "
          "computer's clock");
    const auto ahead = admit_record(at(server_time + 3600), id, caller, now);
    REQUIRE_FALSE(ahead.ok());
    CHECK_THAT(ahead.error().message(), Catch::StartsWith("record time is 3600 s ahead of"));
    // The author may write any u64: the far future is refused, not wrapped around.
    const auto far = admit_record(at(~std::uint64_t{0}), id, caller, now);
    REQUIRE_FALSE(far.ok());
    CHECK_THAT(far.error().message(), Catch::Contains("ahead of the server clock"));
    const auto zero = admit_record(at(0), id, caller, now);
    REQUIRE_FALSE(zero.ok());
    CHECK_THAT(zero.error().message(), Catch::Contains("1800000000 s behind"));
}

TEST_CASE("a handed-back record lies between the backup and the restore, give or take the skew",
          "[record-admission][hand-back]") {
    const std::uint64_t backup = 1'800'000'000;
    const std::uint64_t restored = backup + 86'400;
    const std::int64_t now = static_cast<std::int64_t>(restored) + 7 * 86'400;
    const auto check = [&](std::uint64_t created) {
        return check_handed_back_created(created, backup, restored, now);
    };
    CHECK(check(backup).ok());
    CHECK(check(backup - kSkewSeconds).ok());
    CHECK(check(restored).ok());
    CHECK(check(restored + kSkewSeconds).ok());
    // Older than the backup: the backup holds it.
    CHECK_THAT(check(backup - kSkewSeconds - 1).error().message(),
               Catch::Contains("newer than the backup"));
    // Made after the restored server started: the restore did not lose it.
    CHECK_THAT(check(restored + kSkewSeconds + 1).error().message(),
               Catch::Contains("older than the restore"));
    CHECK(check(restored + kSkewSeconds + 1).error().code() == ErrorCode::invalid_argument);
    // Ahead of now is refused as such, whatever the restore.
    CHECK_THAT(check_handed_back_created(~std::uint64_t{0}, backup, ~std::uint64_t{0}, now)
                   .error()
                   .message(),
               Catch::Contains("ahead of the server clock"));
}

TEST_CASE("admit_record names the limit a record breaks", "[record-admission]") {
    REQUIRE(crypto::initialise().ok());
    const Person author{"confidant", crypto::Identity::generate(), {}, {}};
    const Caller caller = caller_of(author, crypto::Role::confidant);
    const Bytes id = crypto::random_bytes(crypto::kCaseIdSize);
    const auto key = crypto::CaseKey::generate();
    const auto now = static_cast<std::int64_t>(test::unix_seconds());

    const auto oversized = admit_record(Bytes(kMaxRecordBytes + 1, 0x01), id, caller, now);
    REQUIRE_FALSE(oversized.ok());
    CHECK(oversized.error().code() == ErrorCode::resource_exhausted);
    CHECK_THAT(oversized.error().message(), Catch::Contains("1.5 MiB"));

    const Bytes record = seal(Draft{id, author.user}, key, author.identity.signing);
    const auto seen = admit_record(with_65_seen_hashes(record, author.user), id, caller, now);
    REQUIRE_FALSE(seen.ok());
    CHECK(seen.error().code() == ErrorCode::invalid_argument);
    CHECK_THAT(seen.error().message(), Catch::Contains("more than 64 seen hashes"));

    const auto junk = admit_record(crypto::as_bytes(std::string("not a record")), id, caller, now);
    REQUIRE_FALSE(junk.ok());
    CHECK_THAT(junk.error().message(), Catch::StartsWith("record does not decode"));
}

TEST_CASE("AppendRecord refuses a record the server can tell is forged or misplaced",
          "[services][record-admission]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    const auto other_key = crypto::CaseKey::generate();
    const Bytes other = server.case_id_for(server.confidant);
    REQUIRE(server.create_case(server.confidant, other, other_key).ok());
    const std::uint64_t before = record_count(server, server.confidant, id);
    const std::size_t audited_before = server.audited(crypto::AuditEvent::record_appended);
    const std::string& me = server.confidant.user;
    const auto& my_key = server.confidant.identity.signing;
    // As a client writes it: naming the newest record of its case.
    const auto follows = [&](Draft draft) {
        draft.seen = {server.newest_record(draft.case_id)};
        return draft;
    };

    SECTION("a signature of 64 zero bytes, with the author's own token") {
        const Bytes forged = with_zero_signature(seal(follows(Draft{id, me}), key, my_key));
        check_refused(server.append(server.confidant, id, as_string(forged)),
                      "record signature does not verify against the author's certificate");
    }
    SECTION("a record in the caller's name signed with another member's key") {
        const Bytes forged = seal(follows(Draft{id, me}), key, server.peer.identity.signing);
        check_refused(server.append(server.confidant, id, as_string(forged)),
                      "record signature does not verify against the author's certificate");
    }
    SECTION("a record by another member, validly signed by them, sent by the caller") {
        const Bytes replayed =
            seal(follows(Draft{id, server.peer.user}), key, server.peer.identity.signing);
        check_refused(server.append(server.confidant, id, as_string(replayed)),
                      "record author 'peer' is not the caller");
    }
    SECTION("a record under an epoch the case is not at") {
        const Bytes later = seal(follows(Draft{id, me, 2}), key, my_key);
        check_refused(server.append(server.confidant, id, as_string(later)),
                      "record epoch 2 is not the case epoch 1");
    }
    SECTION("a record whose header names another case") {
        const Bytes elsewhere = seal(follows(Draft{other, me}), other_key, my_key);
        check_refused(server.append(server.confidant, id, as_string(elsewhere)),
                      "record header names another case");
        CHECK(record_count(server, server.confidant, other) == 1);
    }
    SECTION("a record dated an hour before the server's clock") {
        const Bytes backdated =
            seal(follows(Draft{id, me, 1, test::unix_seconds() - 3600}), key, my_key);
        check_refused(server.append(server.confidant, id, as_string(backdated)),
                      "s behind the server clock (at most 600 s allowed)");
    }
    SECTION("a record dated an hour after the server's clock") {
        const Bytes postdated =
            seal(follows(Draft{id, me, 1, test::unix_seconds() + 3600}), key, my_key);
        check_refused(server.append(server.confidant, id, as_string(postdated)),
                      "s ahead of the server clock (at most 600 s allowed)");
    }
    SECTION("a record dated 0, the epoch of unix time") {
        const Bytes undated = seal(follows(Draft{id, me, 1, 0}), key, my_key);
        check_refused(server.append(server.confidant, id, as_string(undated)),
                      "behind the server clock");
    }
    SECTION("a record over 1.5 MiB is RESOURCE_EXHAUSTED, saying so") {
        const auto status = server.append(server.confidant, id, std::string(2 * 1024 * 1024, 'x'));
        CHECK(status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
        CHECK_THAT(status.error_message(), Catch::Contains("over the limit"));
    }
    SECTION("a record that names no record it follows") {
        const Bytes unchained = seal(Draft{id, me}, key, my_key);
        check_refused(server.append(server.confidant, id, as_string(unchained)),
                      "names no record it follows");
    }
    SECTION("a record that names a record of another case, or none at all") {
        Draft elsewhere{id, me};
        elsewhere.seen = {server.newest_record(other)};
        check_refused(server.append(server.confidant, id, as_string(seal(elsewhere, key, my_key))),
                      "names a record that is not in this case");
        Draft invented{id, me};
        invented.seen = {server.newest_record(id), Bytes(crypto::kRecordHashSize, 0x42)};
        check_refused(server.append(server.confidant, id, as_string(seal(invented, key, my_key))),
                      "names a record that is not in this case");
    }
    SECTION("a record naming 65 seen hashes") {
        const Bytes record = seal(follows(Draft{id, me}), key, my_key);
        check_refused(
            server.append(server.confidant, id, as_string(with_65_seen_hashes(record, me))),
            "more than 64 seen hashes");
    }

    // Nothing of it was stored or audited, and the case goes on: the next valid
    // record takes the next sequence.
    CHECK(record_count(server, server.confidant, id) == before);
    CHECK(server.audited(crypto::AuditEvent::record_appended) == audited_before);
    v1::AppendRecordRequest request;
    request.set_case_id(as_string(id));
    request.set_record(
        as_string(seal(follows(Draft{id, server.peer.user}), key, server.peer.identity.signing)));
    v1::AppendRecordResponse response;
    grpc::ClientContext context;
    ServerFixture::authorise(context, server.peer);
    REQUIRE(server.cases->AppendRecord(&context, request, &response).ok());
    CHECK(response.sequence() == before + 1);
}

TEST_CASE("AppendRecord takes a record dated within the allowed skew",
          "[services][record-admission]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    // A minute either way: well inside the ten minutes, so the test does not race the clock.
    for (const std::uint64_t created : {test::unix_seconds() - 60, test::unix_seconds() + 60}) {
        const Bytes record =
            seal(Draft{id, server.peer.user, 1, created, {server.newest_record(id)}}, key,
                 server.peer.identity.signing);
        const auto status = server.append(server.peer, id, as_string(record));
        INFO(status.error_message());
        CHECK(status.ok());
    }
    CHECK(record_count(server, server.peer, id) == 3);
}

TEST_CASE("CreateCase refuses a first record the server can tell is forged or misplaced",
          "[services][record-admission]") {
    ServerFixture server;
    server.populate();
    const auto key = crypto::CaseKey::generate();
    const Bytes id = server.case_id_for(server.confidant);
    const std::string& me = server.confidant.user;
    const auto& my_key = server.confidant.identity.signing;
    const std::size_t created_before = server.audited(crypto::AuditEvent::case_created);

    SECTION("a signature of 64 zero bytes") {
        check_refused(create_case_with(server, server.confidant, id, key,
                                       with_zero_signature(seal(Draft{id, me}, key, my_key))),
                      "record signature does not verify against the author's certificate");
    }
    SECTION("a record in the caller's name signed with another member's key") {
        check_refused(create_case_with(server, server.confidant, id, key,
                                       seal(Draft{id, me}, key, server.peer.identity.signing)),
                      "record signature does not verify against the author's certificate");
    }
    SECTION("a record by another member") {
        Person other{"confidant2", crypto::Identity::generate(), {}, {}};
        server.enrol(other, crypto::Role::confidant, server.coordinator);
        check_refused(create_case_with(server, server.confidant, id, key,
                                       seal(Draft{id, other.user}, key, other.identity.signing)),
                      "record author 'confidant2' is not the caller");
    }
    SECTION("a first record of epoch 2") {
        check_refused(create_case_with(server, server.confidant, id, key,
                                       seal(Draft{id, me, 2}, key, my_key)),
                      "record epoch 2 is not the case epoch 1");
    }
    SECTION("a first record whose header names another case") {
        const Bytes elsewhere = crypto::random_bytes(crypto::kCaseIdSize);
        check_refused(create_case_with(server, server.confidant, id, key,
                                       seal(Draft{elsewhere, me}, key, my_key)),
                      "record header names another case");
    }
    SECTION("a first record dated an hour before the server's clock") {
        check_refused(
            create_case_with(server, server.confidant, id, key,
                             seal(Draft{id, me, 1, test::unix_seconds() - 3600}, key, my_key)),
            "s behind the server clock");
    }
    SECTION("a first record dated an hour after the server's clock") {
        check_refused(
            create_case_with(server, server.confidant, id, key,
                             seal(Draft{id, me, 1, test::unix_seconds() + 3600}, key, my_key)),
            "s ahead of the server clock");
    }
    SECTION("a first record that names earlier records") {
        Draft naming{id, me};
        naming.seen = {Bytes(crypto::kRecordHashSize, 0x42)};
        check_refused(
            create_case_with(server, server.confidant, id, key, seal(naming, key, my_key)),
            "the first record of a case names no earlier records");
    }

    // No case was made: nobody lists it, nothing was audited, and the id is still free.
    v1::ListCasesResponse listed;
    REQUIRE(server.list_cases(server.confidant, listed).ok());
    CHECK(listed.cases_size() == 0);
    CHECK(server.audited(crypto::AuditEvent::case_created) == created_before);
    v1::GetCaseResponse response;
    CHECK(server.get_case(server.confidant, id, response).error_code() ==
          grpc::StatusCode::PERMISSION_DENIED);
    CHECK(server.create_case(server.confidant, id, key).ok());
}

TEST_CASE(
    "CreateCase takes only an id derived from the caller's key, so it reveals no other "
    "member's case id",
    "[services][record-admission]") {
    ServerFixture server;
    server.populate();
    Person other{"confidant2", crypto::Identity::generate(), {}, {}};
    server.enrol(other, crypto::Role::confidant, server.coordinator);
    const auto key = crypto::CaseKey::generate();
    const std::size_t created_before = server.audited(crypto::AuditEvent::case_created);

    SECTION("a random id, with no nonce or a nonce that does not make it") {
        const Bytes random = crypto::random_bytes(crypto::kCaseIdSize);
        const auto refused = server.create_case(server.confidant, random, key);
        CHECK(refused.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK_THAT(refused.error_message(), Catch::Contains("does not derive"));
    }
    SECTION("another member's existing case id: the same refusal as for any id not the caller's") {
        const Bytes theirs = server.case_id_for(other);
        REQUIRE(server.create_case(other, theirs, key).ok());
        // The confidant names it with the nonce the other member used: the id does
        // not derive from the confidant's key, so the answer is the one a never-used
        // id gets, never ALREADY_EXISTS.
        const Bytes nonce = server.case_id_nonce(theirs);
        v1::CreateCaseRequest request;
        request.set_case_id(as_string(theirs));
        request.set_case_id_nonce(as_string(nonce));
        request.set_creator_wrap(
            as_string(server.wrap(theirs, 1, server.confidant, key, server.confidant)));
        request.set_first_record(as_string(
            seal(Draft{theirs, server.confidant.user}, key, server.confidant.identity.signing)));
        v1::CreateCaseResponse response;
        grpc::ClientContext context;
        ServerFixture::authorise(context, server.confidant);
        const auto existing = server.cases->CreateCase(&context, request, &response);
        const Bytes unused = crypto::derive_case_id(other.identity.signing.public_key(),
                                                    crypto::random_bytes(crypto::kCaseIdNonceSize));
        const auto never_used = create_case_with(
            server, server.confidant, unused, key,
            seal(Draft{unused, server.confidant.user}, key, server.confidant.identity.signing));
        CHECK(existing.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK(never_used.error_code() == existing.error_code());
        CHECK(never_used.error_message() == existing.error_message());
        CHECK(server.audited(crypto::AuditEvent::case_created) == created_before + 1);
        return;
    }
    SECTION("the caller's own id twice is ALREADY_EXISTS") {
        const Bytes mine = server.case_id_for(server.confidant);
        REQUIRE(server.create_case(server.confidant, mine, key).ok());
        CHECK(server.create_case(server.confidant, mine, key).error_code() ==
              grpc::StatusCode::ALREADY_EXISTS);
        CHECK(server.audited(crypto::AuditEvent::case_created) == created_before + 1);
        return;
    }
    CHECK(server.audited(crypto::AuditEvent::case_created) == created_before);
}

}  // namespace weerbaar::server
