// Handing back records after a restore (CaseRegistry::hand_back_record; ADR 0009,
// decision 3): a member of the case gives back, verbatim, the records the server lost
// in a restore from an older backup, its own and other members'; the server checks
// each against its author's certificate as strictly as an append, takes the same
// record again as done, and refuses everything a restore cannot explain.

#include <catch2/catch.hpp>

#include "backup_archive.h"
#include "server_fixture.h"
#include "temporary_directory.h"

namespace weerbaar::server {
namespace {

using test::ServerFixture;

struct HandedBack {
    grpc::Status status;
    std::uint64_t sequence = 0;
};

HandedBack hand_back(ServerFixture& server, const test::Person& caller, const Bytes& id,
                     const Bytes& record, const std::string& attachment_id = {}) {
    v1::AppendRecordRequest request;
    request.set_case_id(test::as_string(id));
    request.set_record(test::as_string(record));
    request.set_handed_back(true);
    request.set_attachment_id(attachment_id);
    v1::AppendRecordResponse response;
    grpc::ClientContext context;
    ServerFixture::authorise(context, caller);
    HandedBack answer;
    answer.status = server.cases->AppendRecord(&context, request, &response);
    answer.sequence = response.sequence();
    return answer;
}

// `record` sealed again with a changed header: same case, author and key.
Bytes resealed(const Bytes& record, const test::Person& signer, const crypto::CaseKey& key,
               const std::function<void(crypto::RecordHeader&)>& change) {
    auto decoded = crypto::SealedRecord::decode(record);
    REQUIRE(decoded.ok());
    crypto::RecordHeader header = decoded.value().header();
    change(header);
    auto sealed = crypto::SealedRecord::seal(header, crypto::as_bytes(std::string("anders")), key,
                                             signer.identity.signing);
    REQUIRE(sealed.ok());
    return sealed.value().encode();
}

std::string text_of(const v1::StoredRecord& stored) { return stored.record(); }

// A backup of the fixture's server as it is now, sealed to a fresh operator key.
struct TakenBackup {
    explicit TakenBackup(ServerFixture& server) {
        const auto made =
            make_backup(DataDirectory{server.data_directory()}, file, operator_key.public_key());
        REQUIRE(made.ok());
        created = made.value().manifest.created;
    }
    // The operator's restore of the backup, the server started on it, and everyone
    // logged in again.
    void restore_into(ServerFixture& server) const {
        const auto target = scratch.path() / "restored";
        REQUIRE(restore_backup(file, operator_key, target).ok());
        server.data_directory_override = target;
        server.restart();
        server.login(server.coordinator);
        server.login(server.confidant);
        server.login(server.peer);
    }

    crypto::EncryptionKeyPair operator_key = crypto::EncryptionKeyPair::generate();
    test::TemporaryDirectory scratch;
    std::filesystem::path file = scratch.path() / "weerbaar.backup";
    std::uint64_t created = 0;  // the manifest's time, unix seconds
};

// A CreateCaseRequest as the creator's client keeps it (client created_cases), to
// send again with handed_back after a restore.
v1::CreateCaseRequest opening(ServerFixture& server, const Bytes& id, const crypto::CaseKey& key,
                              std::uint64_t created) {
    crypto::RecordHeader header;
    header.case_id = id;
    header.record_id = crypto::random_bytes(crypto::kRecordIdSize);
    header.epoch = 1;
    header.author = server.confidant.user;
    header.created = created;
    auto first = crypto::SealedRecord::seal(header, crypto::as_bytes(std::string("intake")), key,
                                            server.confidant.identity.signing);
    REQUIRE(first.ok());
    v1::CreateCaseRequest request;
    request.set_case_id(test::as_string(id));
    request.set_case_id_nonce(test::as_string(server.case_id_nonce(id)));
    request.set_creator_wrap(
        test::as_string(server.wrap(id, 1, server.confidant, key, server.confidant)));
    request.set_first_record(test::as_string(first.value().encode()));
    return request;
}

grpc::Status create(ServerFixture& server, const test::Person& caller,
                    v1::CreateCaseRequest request, bool handed_back,
                    std::uint64_t* sequence = nullptr) {
    request.set_handed_back(handed_back);
    v1::CreateCaseResponse response;
    grpc::ClientContext context;
    ServerFixture::authorise(context, caller);
    const grpc::Status status = server.cases->CreateCase(&context, request, &response);
    if (sequence != nullptr) {
        *sequence = response.sequence();
    }
    return status;
}

}  // namespace

TEST_CASE("hand back: records lost in a restore come back in order, checked, once",
          "[backup][hand-back]") {
    ServerFixture server;
    server.populate();
    const crypto::CaseKey key = crypto::CaseKey::generate();
    const Bytes id = server.case_shared_with_peer(key);
    REQUIRE(server
                .append(server.confidant, id,
                        test::as_string(server.seal(server.confidant, id, key, 1, "before")))
                .ok());

    const TakenBackup backup(server);

    // Written after the backup: the confidant's, then the peer's.
    const Bytes lost_1 = server.seal(server.confidant, id, key, 1, "lost 1");
    REQUIRE(server.append(server.confidant, id, test::as_string(lost_1)).ok());
    const Bytes lost_2 = server.seal(server.peer, id, key, 1, "lost 2");
    REQUIRE(server.append(server.peer, id, test::as_string(lost_2)).ok());

    SECTION("a server never restored takes nothing handed back") {
        const Bytes fresh = server.seal(server.confidant, id, key, 1, "new");
        const auto refused = hand_back(server, server.peer, id, fresh);
        CHECK(refused.status.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
        CHECK(refused.status.error_message().find("not restored") != std::string::npos);
    }

    SECTION("after the restore") {
        backup.restore_into(server);

        // The peer hands back both: the confidant's record and its own, in order.
        const auto first = hand_back(server, server.peer, id, lost_1);
        INFO(first.status.error_message());
        REQUIRE(first.status.ok());
        CHECK(first.sequence == 3);
        const auto second = hand_back(server, server.peer, id, lost_2);
        REQUIRE(second.status.ok());
        CHECK(second.sequence == 4);
        v1::GetCaseResponse response;
        REQUIRE(server.get_case(server.confidant, id, response).ok());
        REQUIRE(response.records_size() == 4);
        CHECK(text_of(response.records(2)) == test::as_string(lost_1));
        CHECK(text_of(response.records(3)) == test::as_string(lost_2));
        // The author of each is who wrote it, not who handed it back.
        CHECK(server.audited(crypto::AuditEvent::record_handed_back) == 2);
        const auto audited = server.audit_entries(crypto::AuditEvent::record_handed_back);
        CHECK(audited[0].actor == server.peer.user);
        CHECK(audited[0].subject == server.confidant.user);

        // The confidant comes back later with the same copy: done already, nothing added.
        const auto again = hand_back(server, server.confidant, id, lost_1);
        REQUIRE(again.status.ok());
        CHECK(again.sequence == 3);
        CHECK(server.audited(crypto::AuditEvent::record_handed_back) == 2);

        const auto refused = [&](const test::Person& caller, const Bytes& record,
                                 grpc::StatusCode code, const std::string& says,
                                 const std::string& attachment = {}) {
            const auto answer = hand_back(server, caller, id, record, attachment);
            INFO(answer.status.error_message());
            CHECK(answer.status.error_code() == code);
            CHECK(answer.status.error_message().find(says) != std::string::npos);
        };
        // Other bytes under a record id the case holds.
        refused(server.peer, resealed(lost_1, server.confidant, key, [](crypto::RecordHeader&) {}),
                grpc::StatusCode::ALREADY_EXISTS, "exists");
        // Older than the backup: the backup would hold it, so the restore did not lose it.
        refused(server.peer,
                resealed(lost_1, server.confidant, key,
                         [&](crypto::RecordHeader& header) {
                             header.record_id = crypto::random_bytes(crypto::kRecordIdSize);
                             header.created = backup.created - 3600;
                         }),
                grpc::StatusCode::INVALID_ARGUMENT, "newer than the backup");
        // In the confidant's name, signed by the peer.
        refused(server.peer,
                resealed(lost_1, server.peer, key,
                         [](crypto::RecordHeader& header) {
                             header.record_id = crypto::random_bytes(crypto::kRecordIdSize);
                         }),
                grpc::StatusCode::INVALID_ARGUMENT, "does not verify");
        // By someone who is no member of the case.
        refused(server.peer,
                resealed(lost_1, server.coordinator, key,
                         [&](crypto::RecordHeader& header) {
                             header.record_id = crypto::random_bytes(crypto::kRecordIdSize);
                             header.author = server.coordinator.user;
                         }),
                grpc::StatusCode::INVALID_ARGUMENT, "not a member");
        // Handed back by someone who is no member of the case.
        const Bytes fresh = server.seal(server.confidant, id, key, 1, "new");
        const auto outsider = hand_back(server, server.coordinator, id, fresh);
        CHECK_FALSE(outsider.status.ok());
        // Under a key epoch the case does not have.
        refused(server.peer,
                resealed(lost_1, server.confidant, key,
                         [](crypto::RecordHeader& header) {
                             header.record_id = crypto::random_bytes(crypto::kRecordIdSize);
                             header.epoch = 2;
                         }),
                grpc::StatusCode::INVALID_ARGUMENT, "epoch");
        // A copy binds no blob.
        refused(server.peer, fresh, grpc::StatusCode::INVALID_ARGUMENT, "no attachment",
                std::string(16, 'a'));
        REQUIRE(server.get_case(server.confidant, id, response).ok());
        CHECK(response.records_size() == 4);
    }
}

TEST_CASE("hand back: a case opened after the backup is opened again by its creator, once",
          "[backup][hand-back]") {
    ServerFixture server;
    server.populate();
    const TakenBackup backup(server);

    // Opened after the backup, so the restore loses it.
    const crypto::CaseKey key = crypto::CaseKey::generate();
    const Bytes id = server.case_id_for(server.confidant);
    const v1::CreateCaseRequest lost = opening(server, id, key, test::unix_seconds());
    REQUIRE(create(server, server.confidant, lost, false).ok());
    // Opened before the backup would be, by its time: the restore cannot have lost it.
    const Bytes old_id = server.case_id_for(server.confidant);
    const v1::CreateCaseRequest too_old = opening(server, old_id, key, backup.created - 3600);

    SECTION("a server never restored takes no case handed back") {
        const Bytes fresh_id = server.case_id_for(server.confidant);
        const auto refused = create(server, server.confidant,
                                    opening(server, fresh_id, key, test::unix_seconds()), true);
        CHECK(refused.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
        CHECK(refused.error_message().find("not restored") != std::string::npos);
        v1::GetCaseResponse response;
        CHECK_FALSE(server.get_case(server.confidant, fresh_id, response).ok());
    }

    SECTION("after the restore") {
        backup.restore_into(server);
        v1::GetCaseResponse response;
        REQUIRE_FALSE(server.get_case(server.confidant, id, response).ok());

        std::uint64_t sequence = 0;
        const auto opened = create(server, server.confidant, lost, true, &sequence);
        INFO(opened.error_message());
        REQUIRE(opened.ok());
        CHECK(sequence == 1);
        REQUIRE(server.get_case(server.confidant, id, response).ok());
        REQUIRE(response.records_size() == 1);
        CHECK(response.records(0).record() == lost.first_record());
        CHECK(server.audited(crypto::AuditEvent::case_handed_back) == 1);
        const auto audited = server.audit_entries(crypto::AuditEvent::case_handed_back);
        CHECK(audited[0].actor == server.confidant.user);

        // The answer was lost and the client comes again: done already, nothing added.
        sequence = 0;
        REQUIRE(create(server, server.confidant, lost, true, &sequence).ok());
        CHECK(sequence == 1);
        CHECK(server.audited(crypto::AuditEvent::case_handed_back) == 1);
        // Another first record under that id is another case.
        CHECK(create(server, server.confidant, opening(server, id, key, test::unix_seconds()), true)
                  .error_code() == grpc::StatusCode::ALREADY_EXISTS);
        // A plain create of it is refused as before.
        CHECK(create(server, server.confidant, lost, false).error_code() ==
              grpc::StatusCode::ALREADY_EXISTS);

        // Older than the backup: the backup would hold it.
        const auto old = create(server, server.confidant, too_old, true);
        CHECK(old.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK(old.error_message().find("newer than the backup") != std::string::npos);
        CHECK_FALSE(server.get_case(server.confidant, old_id, response).ok());
        // Not handed back, so held to the clock as any new case.
        CHECK(create(server, server.confidant, too_old, false).error_code() ==
              grpc::StatusCode::INVALID_ARGUMENT);
        // Only its creator's key names the id: another confidant replaying the request
        // is refused as for any id not theirs; a peer may not open cases at all.
        test::Person other{"confidant2", crypto::Identity::generate(), {}, {}};
        server.enrol(other, crypto::Role::confidant, server.coordinator);
        const auto replayed = create(server, other, lost, true);
        CHECK(replayed.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
        CHECK_THAT(replayed.error_message(), Catch::Contains("does not derive"));
        CHECK_FALSE(create(server, server.peer, lost, true).ok());
        CHECK(server.audited(crypto::AuditEvent::case_handed_back) == 1);

        // Closed and deleted by retention after the restore: never opened again.
        server.remember_newest_record(
            id, Bytes(lost.first_record().begin(), lost.first_record().end()));
        v1::AppendRecordRequest closing;
        closing.set_case_id(test::as_string(id));
        closing.set_record(test::as_string(server.seal(server.confidant, id, key, 1, "gesloten")));
        closing.set_retention(v1::RETENTION_START);
        v1::AppendRecordResponse closed;
        grpc::ClientContext context;
        ServerFixture::authorise(context, server.confidant);
        REQUIRE(server.cases->AppendRecord(&context, closing, &closed).ok());
        const auto swept = server.instance().sweep(closed.retention_until_unix() + 1);
        REQUIRE(swept.ok());
        REQUIRE(swept.value().cases_purged == 1);
        const auto deleted = create(server, server.confidant, lost, true);
        CHECK(deleted.error_code() == grpc::StatusCode::FAILED_PRECONDITION);
        CHECK_THAT(deleted.error_message(), Catch::Contains("deleted on this server"));
        CHECK_FALSE(server.get_case(server.confidant, id, response).ok());
        CHECK(server.audited(crypto::AuditEvent::case_handed_back) == 1);
    }
}

}  // namespace weerbaar::server
