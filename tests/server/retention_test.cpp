// Retention: a record that closes a case starts its deadline, one that reopens it
// clears it, and the sweep deletes a case past its deadline with everything in it,
// leaving only an audit entry that says so.

#include <catch2/catch.hpp>

#include "server_fixture.h"
#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/attachment_stream.h"
#include "weerbaar/crypto/audit.h"

namespace weerbaar::server::test {
namespace {

constexpr std::int64_t kDefaultRetentionSeconds = std::int64_t{kDefaultRetentionDays} * 86400;

class RetentionFixture : public ServerFixture {
  public:
    RetentionFixture() { populate(); }

    grpc::Status append_changing(const Person& author, const Bytes& id,
                                 v1::RetentionChange retention, v1::AppendRecordResponse& response,
                                 const Bytes& attachment_id = {}) {
        v1::AppendRecordRequest request;
        request.set_case_id(as_string(id));
        request.set_record(as_string(seal(author, id, key, 1, "status")));
        request.set_retention(retention);
        request.set_attachment_id(as_string(attachment_id));
        grpc::ClientContext context;
        authorise(context, author);
        return cases->AppendRecord(&context, request, &response);
    }

    grpc::Status upload(const Person& uploader, const Bytes& id, const Bytes& attachment_id,
                        const std::string& blob) {
        grpc::ClientContext context;
        authorise(context, uploader);
        v1::UploadAttachmentResponse response;
        auto stream = attachments->UploadAttachment(&context, &response);
        v1::UploadAttachmentRequest message;
        message.set_case_id(as_string(id));
        message.set_attachment_id(as_string(attachment_id));
        message.set_size(blob.size());
        message.set_chunk(blob);
        stream->Write(message);
        stream->WritesDone();
        return stream->Finish();
    }

    std::int64_t listed_deadline(const Person& caller, const Bytes& id) {
        v1::ListCasesResponse listed;
        REQUIRE(list_cases(caller, listed).ok());
        for (const auto& summary : listed.cases()) {
            if (summary.case_id() == as_string(id)) {
                return summary.retention_until_unix();
            }
        }
        FAIL("the case is not listed");
        return -1;
    }

    const crypto::CaseKey key = crypto::CaseKey::generate();
};

}  // namespace

TEST_CASE("closing a case sets its retention deadline, reopening clears it",
          "[services][retention]") {
    RetentionFixture server;
    const Bytes id = server.case_shared_with_peer(server.key);
    CHECK(server.listed_deadline(server.peer, id) == 0);

    v1::AppendRecordResponse closed;
    const std::int64_t before = unix_now();
    REQUIRE(server.append_changing(server.confidant, id, v1::RETENTION_START, closed).ok());
    const std::int64_t after = unix_now();
    CHECK(closed.retention_until_unix() >= before + kDefaultRetentionSeconds);
    CHECK(closed.retention_until_unix() <= after + kDefaultRetentionSeconds);
    CHECK(server.listed_deadline(server.confidant, id) == closed.retention_until_unix());
    v1::GetCaseResponse shown;
    REQUIRE(server.get_case(server.peer, id, shown).ok());
    CHECK(shown.summary().retention_until_unix() == closed.retention_until_unix());

    // A record that changes nothing reports the deadline as it stands.
    v1::AppendRecordResponse noted;
    REQUIRE(server.append_changing(server.confidant, id, v1::RETENTION_UNCHANGED, noted).ok());
    CHECK(noted.retention_until_unix() == closed.retention_until_unix());

    v1::AppendRecordResponse reopened;
    REQUIRE(server.append_changing(server.confidant, id, v1::RETENTION_CLEAR, reopened).ok());
    CHECK(reopened.retention_until_unix() == 0);
    CHECK(server.listed_deadline(server.peer, id) == 0);

    // An open case is never purged, however late the sweep.
    auto swept = server.instance().sweep(unix_now() + 100 * kDefaultRetentionSeconds);
    REQUIRE(swept.ok());
    CHECK(swept.value().cases_purged == 0);
    REQUIRE(server.get_case(server.peer, id, shown).ok());
}

TEST_CASE("only a confidant or coordinator starts or clears a deadline", "[services][retention]") {
    RetentionFixture server;
    const Bytes id = server.case_shared_with_peer(server.key);
    for (const auto change : {v1::RETENTION_START, v1::RETENTION_CLEAR}) {
        v1::AppendRecordResponse response;
        CHECK(server.append_changing(server.peer, id, change, response).error_code() ==
              grpc::StatusCode::PERMISSION_DENIED);
    }
    v1::GetCaseResponse shown;
    REQUIRE(server.get_case(server.peer, id, shown).ok());
    CHECK(shown.summary().record_count() == 1);
    CHECK(shown.summary().retention_until_unix() == 0);
    // The peer's own records change nothing and are welcome.
    v1::AppendRecordResponse noted;
    CHECK(server.append_changing(server.peer, id, v1::RETENTION_UNCHANGED, noted).ok());
}

TEST_CASE("an unknown retention change is refused and appends nothing", "[services][retention]") {
    RetentionFixture server;
    const Bytes id = server.case_shared_with_peer(server.key);
    v1::AppendRecordResponse response;
    const auto status =
        server.append_changing(server.peer, id, static_cast<v1::RetentionChange>(7), response);
    CHECK(status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
    v1::GetCaseResponse shown;
    REQUIRE(server.get_case(server.peer, id, shown).ok());
    CHECK(shown.summary().record_count() == 1);
    CHECK(shown.summary().retention_until_unix() == 0);
}

TEST_CASE("a refused append leaves the retention deadline as it was", "[services][retention]") {
    RetentionFixture server;
    const Bytes id = server.case_shared_with_peer(server.key);
    v1::AppendRecordResponse response;
    // Closing together with a blob that does not exist: neither happens.
    CHECK(server
              .append_changing(server.confidant, id, v1::RETENTION_START, response,
                               crypto::random_bytes(crypto::kAttachmentIdSize))
              .error_code() == grpc::StatusCode::NOT_FOUND);
    CHECK(server.listed_deadline(server.peer, id) == 0);
}

TEST_CASE("a case past its deadline is purged with its records, keys and attachments",
          "[services][retention]") {
    RetentionFixture server;
    const Bytes closed = server.case_shared_with_peer(server.key);
    const Bytes open = server.case_shared_with_peer(server.key);
    const Bytes attachment = crypto::random_bytes(crypto::kAttachmentIdSize);
    REQUIRE(server.upload(server.confidant, closed, attachment, std::string(5000, 'x')).ok());
    v1::AppendRecordResponse appended;
    REQUIRE(
        server.append_changing(server.confidant, closed, v1::RETENTION_START, appended, attachment)
            .ok());
    const std::int64_t deadline = appended.retention_until_unix();
    const auto blob_file = server.data_directory() / "attachments" /
                           (crypto::to_hex(closed) + "-" + crypto::to_hex(attachment));
    REQUIRE(std::filesystem::exists(blob_file));

    auto swept = server.instance().sweep(deadline - 1);
    REQUIRE(swept.ok());
    CHECK(swept.value().cases_purged == 0);
    CHECK(std::filesystem::exists(blob_file));

    swept = server.instance().sweep(deadline);
    REQUIRE(swept.ok());
    CHECK(swept.value().cases_purged == 1);
    CHECK_FALSE(std::filesystem::exists(blob_file));

    v1::GetCaseResponse shown;
    CHECK(server.get_case(server.peer, closed, shown).error_code() ==
          grpc::StatusCode::PERMISSION_DENIED);
    CHECK(server.get_case(server.peer, open, shown).ok());
    v1::ListCasesResponse listed;
    REQUIRE(server.list_cases(server.confidant, listed).ok());
    REQUIRE(listed.cases_size() == 1);
    CHECK(listed.cases(0).case_id() == as_string(open));

    // The purge is in the audit chain, with the case id and nothing more.
    v1::GetAuditLogResponse log;
    REQUIRE(server.audit_log(server.coordinator, 0, log).ok());
    std::vector<crypto::AuditEntry> entries;
    for (const auto& encoded : log.entries()) {
        auto entry = crypto::AuditEntry::decode(crypto::as_bytes(encoded));
        REQUIRE(entry.ok());
        entries.push_back(std::move(entry).value());
    }
    const auto purge =
        std::find_if(entries.begin(), entries.end(), [](const crypto::AuditEntry& entry) {
            return entry.body().event == crypto::AuditEvent::deletion;
        });
    REQUIRE(purge != entries.end());
    CHECK(purge->body().case_id == closed);
    CHECK(purge->body().actor.empty());
    CHECK(purge->body().subject.empty());
    std::vector<crypto::AuditCheckpoint> checkpoints;
    for (const auto& encoded : log.checkpoints()) {
        auto checkpoint = crypto::AuditCheckpoint::decode(crypto::as_bytes(encoded));
        REQUIRE(checkpoint.ok());
        checkpoints.push_back(std::move(checkpoint).value());
    }
    v1::Organisation organisation;
    grpc::ClientContext context;
    REQUIRE(server.directory->GetOrganisation(&context, {}, &organisation).ok());
    CHECK(crypto::verify_audit_chain(entries, checkpoints,
                                     crypto::as_bytes(organisation.audit_sign_pk()), std::nullopt)
              .ok());

    // The id is free again, and a purge is not repeated.
    swept = server.instance().sweep(deadline + 1);
    REQUIRE(swept.ok());
    CHECK(swept.value().cases_purged == 0);
    CHECK(server.create_case(server.confidant, closed, server.key).ok());
}

TEST_CASE("the retention period must be a sensible number of days", "[services][retention]") {
    TemporaryDirectory dir;
    ServerOptions options;
    options.data_directory = dir.path() / "var";
    options.listen = "127.0.0.1:0";
    for (const int days : {0, -1, kMaxRetentionDays + 1}) {
        options.retention_days = days;
        auto started = ServerInstance::start(options);
        REQUIRE_FALSE(started.ok());
        CHECK(started.error().code() == ErrorCode::invalid_argument);
    }
}

}  // namespace weerbaar::server::test
