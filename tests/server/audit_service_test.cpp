// The audit log through the service: what real calls leave in the chain, who may
// read it, and the key it is signed with.

#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "server_fixture.h"

namespace weerbaar::server {
namespace {

using crypto::Bytes;
using test::as_string;
using test::Person;
using test::ServerFixture;

Bytes audit_sign_pk(ServerFixture& server) {
    v1::Organisation organisation;
    grpc::ClientContext context;
    REQUIRE(server.directory->GetOrganisation(&context, {}, &organisation).ok());
    return Bytes(organisation.audit_sign_pk().begin(), organisation.audit_sign_pk().end());
}

std::vector<crypto::AuditEntry> decode_entries(
    const google::protobuf::RepeatedPtrField<std::string>& encoded) {
    std::vector<crypto::AuditEntry> entries;
    for (const auto& one : encoded) {
        auto entry = crypto::AuditEntry::decode(Bytes(one.begin(), one.end()));
        REQUIRE(entry.ok());
        entries.push_back(std::move(entry).value());
    }
    return entries;
}

// Every entry and checkpoint, following `more`.
void read_whole_log(ServerFixture& server, std::vector<crypto::AuditEntry>& entries,
                    std::vector<crypto::AuditCheckpoint>& checkpoints) {
    std::uint64_t after = 0;
    for (;;) {
        v1::GetAuditLogResponse page;
        const auto status = server.audit_log(server.coordinator, after, page);
        INFO(status.error_message());
        REQUIRE(status.ok());
        for (auto& entry : decode_entries(page.entries())) {
            entries.push_back(std::move(entry));
        }
        for (const auto& one : page.checkpoints()) {
            auto checkpoint = crypto::AuditCheckpoint::decode(Bytes(one.begin(), one.end()));
            REQUIRE(checkpoint.ok());
            checkpoints.push_back(std::move(checkpoint).value());
        }
        if (!page.more()) {
            return;
        }
        after = entries.back().body().sequence;
    }
}

bool contains(const Bytes& haystack, const std::string& needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

}  // namespace

TEST_CASE("security-relevant calls leave a chain that verifies and holds no content",
          "[services][audit]") {
    ServerFixture server;
    server.populate();
    const Bytes id = server.case_id_for(server.confidant);
    const auto key = crypto::CaseKey::generate();
    REQUIRE(server.create_case(server.confidant, id, key).ok());
    const std::string secret_note = "burgemeester bedreigd in Zuidhorn";
    REQUIRE(server
                .append(server.confidant, id,
                        as_string(server.seal(server.confidant, id, key, 1, secret_note)))
                .ok());
    REQUIRE(
        server.share(server.confidant, id, server.wrap(id, 1, server.peer, key, server.confidant))
            .ok());
    v1::GetCaseResponse read;
    REQUIRE(server.get_case(server.peer, id, read).ok());
    // A refused call leaves nothing, except a refused login.
    CHECK(server.append(server.peer, id, "not a record").error_code() ==
          grpc::StatusCode::INVALID_ARGUMENT);
    v1::LoginRequest bad_login;
    bad_login.set_user("nobody-else");
    v1::LoginResponse bad_response;
    grpc::ClientContext bad_context;
    CHECK(server.auth->Login(&bad_context, bad_login, &bad_response).error_code() ==
          grpc::StatusCode::INVALID_ARGUMENT);
    // Counted, and written once an interval: here at once.
    REQUIRE(server.instance().audit_failed_logins().ok());
    REQUIRE(server
                .revoke(server.coordinator,
                        ServerFixture::revocation(server.peer, server.coordinator,
                                                  server.coordinator.identity.signing))
                .ok());
    const auto next = crypto::CaseKey::generate();
    REQUIRE(server
                .unshare(server.confidant, id, server.peer.user, 2,
                         {server.wrap(id, 2, server.confidant, next, server.confidant)})
                .ok());
    REQUIRE(server
                .rotate(server.confidant, id, 3,
                        {server.wrap(id, 3, server.confidant, crypto::CaseKey::generate(),
                                     server.confidant)})
                .ok());

    std::vector<crypto::AuditEntry> entries;
    std::vector<crypto::AuditCheckpoint> checkpoints;
    read_whole_log(server, entries, checkpoints);
    REQUIRE_FALSE(checkpoints.empty());  // at least the one signed for this answer
    auto anchor =
        crypto::verify_audit_chain(entries, checkpoints, audit_sign_pk(server), std::nullopt);
    INFO((anchor.ok() ? "" : anchor.error().message()));
    REQUIRE(anchor.ok());
    CHECK(anchor.value().sequence == entries.size());

    std::multiset<crypto::AuditEvent> events;
    for (const auto& entry : entries) {
        events.insert(entry.body().event);
        const Bytes encoded = entry.encode();
        CHECK_FALSE(contains(encoded, secret_note));
        CHECK_FALSE(contains(encoded, "intake"));
        CHECK((entry.body().case_id.empty() || entry.body().case_id == id));
    }
    using crypto::AuditEvent;
    CHECK(events.count(AuditEvent::organisation_created) == 1);
    CHECK(events.count(AuditEvent::enrolment_requested) == 3);
    CHECK(events.count(AuditEvent::member_approved) == 3);
    CHECK(events.count(AuditEvent::login) == 4);
    CHECK(events.count(AuditEvent::login_failed) == 1);
    CHECK(events.count(AuditEvent::case_created) == 1);
    CHECK(events.count(AuditEvent::record_appended) == 1);
    CHECK(events.count(AuditEvent::case_shared) == 1);
    CHECK(events.count(AuditEvent::case_read) == 1);
    CHECK(events.count(AuditEvent::member_revoked) == 1);
    CHECK(events.count(AuditEvent::case_unshared) == 1);
    CHECK(events.count(AuditEvent::case_key_rotated) == 1);

    const auto failed = std::find_if(entries.begin(), entries.end(), [](const auto& entry) {
        return entry.body().event == AuditEvent::login_failed;
    });
    REQUIRE(failed != entries.end());
    CHECK(failed->body().actor.empty());
    CHECK(failed->body().detail.starts_with("1 failed login under 1 name in "));
    CHECK(failed->body().detail.ends_with(" s; most: nobody-else 1"));
    const auto revoked = std::find_if(entries.begin(), entries.end(), [](const auto& entry) {
        return entry.body().event == AuditEvent::member_revoked;
    });
    REQUIRE(revoked != entries.end());
    CHECK(revoked->body().actor == server.coordinator.user);
    CHECK(revoked->body().subject == server.peer.user);

    // A client that remembers the anchor accepts the extended log later.
    REQUIRE(server.get_case(server.confidant, id, read).ok());
    std::vector<crypto::AuditEntry> later;
    std::vector<crypto::AuditCheckpoint> later_checkpoints;
    read_whole_log(server, later, later_checkpoints);
    CHECK(later.size() == entries.size() + 1);
    CHECK(
        crypto::verify_audit_chain(later, later_checkpoints, audit_sign_pk(server), anchor.value())
            .ok());
}

TEST_CASE("the audit log is for coordinators, a case's access log for its members",
          "[services][audit]") {
    ServerFixture server;
    server.populate();
    const Bytes id = server.case_id_for(server.confidant);
    const Bytes other = server.case_id_for(server.confidant);
    const auto key = crypto::CaseKey::generate();
    REQUIRE(server.create_case(server.confidant, id, key).ok());
    REQUIRE(server.create_case(server.confidant, other, key).ok());
    v1::GetCaseResponse read;
    REQUIRE(server.get_case(server.confidant, id, read).ok());

    v1::GetAuditLogResponse log;
    CHECK(server.audit_log(server.confidant, 0, log).error_code() ==
          grpc::StatusCode::PERMISSION_DENIED);
    CHECK(server.audit_log(server.peer, 0, log).error_code() ==
          grpc::StatusCode::PERMISSION_DENIED);

    v1::GetCaseAccessLogResponse access;
    CHECK(server.case_access_log(server.peer, id, access).error_code() ==
          grpc::StatusCode::PERMISSION_DENIED);
    CHECK(server.case_access_log(server.coordinator, id, access).error_code() ==
          grpc::StatusCode::PERMISSION_DENIED);
    CHECK(server.case_access_log(server.confidant, Bytes{1, 2}, access).error_code() ==
          grpc::StatusCode::INVALID_ARGUMENT);

    REQUIRE(server.case_access_log(server.confidant, id, access).ok());
    const auto entries = decode_entries(access.entries());
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].body().event == crypto::AuditEvent::case_created);
    CHECK(entries[1].body().event == crypto::AuditEvent::case_read);
    for (const auto& entry : entries) {
        CHECK(entry.body().case_id == id);
        CHECK(entry.body().actor == server.confidant.user);
    }
}

TEST_CASE("the audit key lives in audit.key, private, and survives a restart",
          "[services][audit]") {
    ServerFixture server;
    const auto file = server.data_directory() / "audit.key";
    REQUIRE(std::filesystem::exists(file));
    struct stat info {};
    REQUIRE(::stat(file.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    REQUIRE(server.create_organisation(*server.report().bootstrap_code, server.coordinator).ok());
    const Bytes before = audit_sign_pk(server);
    CHECK(before.size() == crypto::kSignPublicKeySize);
    server.restart();
    CHECK(audit_sign_pk(server) == before);

    SECTION("a missing key is made anew") {
        std::filesystem::remove(file);
        server.restart();
        CHECK(std::filesystem::exists(file));
        CHECK(audit_sign_pk(server) != before);
    }
}

}  // namespace weerbaar::server
