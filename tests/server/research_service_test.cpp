// The research compartment through the real server: the research key (certificate
// and wraps), research records, and the privacy ledger with its budget. Every check
// the server makes is tried both ways, and a refused call leaves nothing behind.

#include <catch2/catch.hpp>
#include <future>

#include "privacy_budget.h"
#include "server_fixture.h"
#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/privacy_ledger.h"
#include "weerbaar/crypto/research_key.h"
#include "weerbaar/crypto/research_record.h"

namespace weerbaar::server::test {
namespace {

using Code = grpc::StatusCode;

class ResearchFixture : public ServerFixture {
  public:
    ResearchFixture() {
        populate();
        enrol(coordinator2, crypto::Role::coordinator, coordinator);
    }

    // A certificate of `research_key` as generation `generation`, signed with `root` (the
    // organisation's root key unless a test forges one).
    Bytes certificate(std::uint32_t generation, const crypto::EncryptionKeyPair& research_key,
                      const crypto::SigningKeyPair* root = nullptr) {
        auto issued = crypto::ResearchKeyCertificate::issue(
            generation, research_key.public_key(), unix_seconds(), root ? *root : root_key());
        REQUIRE(issued.ok());
        return issued.value().encode();
    }

    // A wrap of `key` to `recipient` (sealed to `recipient_enc_pk`, theirs by default).
    static Bytes research_wrap(std::uint32_t generation, const Person& recipient,
                               const crypto::EncryptionKeyPair& key, const Person& granter,
                               const Bytes* recipient_enc_pk = nullptr) {
        auto wrapped = crypto::ResearchKeyWrap::create(
            generation, recipient.user,
            recipient_enc_pk ? *recipient_enc_pk : recipient.identity.encryption.public_key(), key,
            granter.user, granter.identity.signing);
        REQUIRE(wrapped.ok());
        return wrapped.value().encode();
    }

    grpc::Status put_key(const Person& caller, const Bytes& certificate,
                         const std::vector<Bytes>& wraps) {
        v1::PutResearchKeyRequest request;
        request.set_certificate(as_string(certificate));
        for (const auto& one : wraps) {
            request.add_wraps(as_string(one));
        }
        v1::PutResearchKeyResponse response;
        grpc::ClientContext context;
        authorise(context, caller);
        return research->PutResearchKey(&context, request, &response);
    }

    // Generation 1 of `key`, wrapped to the founding coordinator.
    void make_first_key() {
        const auto status = put_key(coordinator, certificate(1, key),
                                    {research_wrap(1, coordinator, key, coordinator)});
        INFO(status.error_message());
        REQUIRE(status.ok());
    }

    grpc::Status grant(const Person& caller, const Bytes& wrap) {
        v1::GrantResearchKeyRequest request;
        request.set_wrap(as_string(wrap));
        v1::GrantResearchKeyResponse response;
        grpc::ClientContext context;
        authorise(context, caller);
        return research->GrantResearchKey(&context, request, &response);
    }

    v1::GetResearchKeyResponse get_key(const Person& caller) {
        v1::GetResearchKeyResponse response;
        grpc::ClientContext context;
        authorise(context, caller);
        const auto status = research->GetResearchKey(&context, {}, &response);
        INFO(status.error_message());
        REQUIRE(status.ok());
        return response;
    }

    // A research record of case `id` by `author`, sealed to `key`, signed with `signer`
    // (the author's own key unless a test forges one).
    Bytes research_record(const Person& author, const Bytes& id, std::uint32_t generation,
                          const std::string& plaintext = "codes",
                          std::uint64_t created = unix_seconds(),
                          const crypto::SigningKeyPair* signer = nullptr) {
        auto sealed = crypto::ResearchRecord::seal(id, generation, author.user, created,
                                                   crypto::as_bytes(plaintext), key.public_key(),
                                                   signer ? *signer : author.identity.signing);
        REQUIRE(sealed.ok());
        return sealed.value().encode();
    }

    grpc::Status put_record(const Person& caller, const Bytes& id, const Bytes& record) {
        v1::PutResearchRecordRequest request;
        request.set_case_id(as_string(id));
        request.set_record(as_string(record));
        v1::PutResearchRecordResponse response;
        grpc::ClientContext context;
        authorise(context, caller);
        return research->PutResearchRecord(&context, request, &response);
    }

    grpc::Status list_records(const Person& caller, const Bytes& after, std::uint32_t limit,
                              v1::ListResearchRecordsResponse& response) {
        v1::ListResearchRecordsRequest request;
        request.set_after_case_id(as_string(after));
        request.set_limit(limit);
        grpc::ClientContext context;
        authorise(context, caller);
        return research->ListResearchRecords(&context, request, &response);
    }

    // Every research record the coordinator can list, decoded, by case id.
    std::map<Bytes, crypto::ResearchRecord> all_records() {
        std::map<Bytes, crypto::ResearchRecord> found;
        v1::ListResearchRecordsResponse page;
        REQUIRE(list_records(coordinator, {}, 0, page).ok());
        CHECK_FALSE(page.more());
        for (const auto& encoded : page.records()) {
            auto record = crypto::ResearchRecord::decode(crypto::as_bytes(encoded));
            REQUIRE(record.ok());
            found.emplace(record.value().body().case_id, std::move(record).value());
        }
        return found;
    }

    // A ledger entry that follows `previous` (none: the first), signed by `exporter`.
    struct EntryFields {
        std::string from = "2025Q1";
        std::string to = "2025Q4";
        std::uint32_t k = 5;
        std::uint32_t epsilon_millis = 1000;
    };
    Bytes ledger_entry(const Person& exporter, std::uint64_t sequence, const Bytes& previous_hash,
                       const EntryFields& fields, const crypto::SigningKeyPair* signer = nullptr) {
        crypto::PrivacyLedgerEntryBody body;
        body.sequence = sequence;
        body.previous_hash = previous_hash;
        body.exporter = exporter.user;
        body.time = unix_seconds();
        body.from_period = fields.from;
        body.to_period = fields.to;
        body.k = fields.k;
        body.epsilon_millis = fields.epsilon_millis;
        body.manifest_hash = Bytes(32, 0xab);
        auto signed_entry =
            crypto::PrivacyLedgerEntry::sign(body, signer ? *signer : exporter.identity.signing);
        REQUIRE(signed_entry.ok());
        return signed_entry.value().encode();
    }

    // The next entry after what the server holds now.
    Bytes next_entry(const Person& exporter, const EntryFields& fields) {
        const auto ledger = get_ledger(coordinator);
        if (ledger.entries().empty()) {
            return ledger_entry(exporter, 1, Bytes(32, 0), fields);
        }
        auto last = crypto::PrivacyLedgerEntry::decode(
            crypto::as_bytes(ledger.entries(ledger.entries_size() - 1)));
        REQUIRE(last.ok());
        return ledger_entry(exporter, last.value().body().sequence + 1, last.value().hash(),
                            fields);
    }

    grpc::Status append_entry(const Person& caller, const Bytes& entry,
                              std::uint64_t* sequence = nullptr) {
        v1::AppendPrivacyLedgerRequest request;
        request.set_entry(as_string(entry));
        v1::AppendPrivacyLedgerResponse response;
        grpc::ClientContext context;
        authorise(context, caller);
        const auto status = research->AppendPrivacyLedger(&context, request, &response);
        if (sequence != nullptr) {
            *sequence = response.sequence();
        }
        return status;
    }

    grpc::Status read_ledger(const Person& caller, v1::GetPrivacyLedgerResponse& response) {
        grpc::ClientContext context;
        authorise(context, caller);
        return research->GetPrivacyLedger(&context, {}, &response);
    }

    v1::GetPrivacyLedgerResponse get_ledger(const Person& caller) {
        v1::GetPrivacyLedgerResponse response;
        const auto status = read_ledger(caller, response);
        INFO(status.error_message());
        REQUIRE(status.ok());
        return response;
    }

    // The audit entries of `event`, as the coordinator reads them.
    Person coordinator2{"coordinator2", crypto::Identity::generate(), {}, {}};
    const crypto::EncryptionKeyPair key = crypto::EncryptionKeyPair::generate();
    const crypto::CaseKey case_key = crypto::CaseKey::generate();
};

std::vector<std::string> holders_of(const v1::GetResearchKeyResponse& response) {
    return {response.holders().begin(), response.holders().end()};
}

}  // namespace

TEST_CASE("the founding coordinator makes the research key, members read it",
          "[services][research]") {
    ResearchFixture server;
    // Before: empty for everyone.
    auto before = server.get_key(server.peer);
    CHECK(before.certificate().empty());
    CHECK(before.wrap().empty());
    CHECK(before.holders().empty());

    const Bytes certificate = server.certificate(1, server.key);
    const Bytes own =
        ResearchFixture::research_wrap(1, server.coordinator, server.key, server.coordinator);
    const Bytes other =
        ResearchFixture::research_wrap(1, server.coordinator2, server.key, server.coordinator);
    REQUIRE(server.put_key(server.coordinator, certificate, {own, other}).ok());

    const auto mine = server.get_key(server.coordinator);
    CHECK(mine.certificate() == as_string(certificate));
    CHECK(mine.wrap() == as_string(own));
    CHECK(holders_of(mine) == std::vector<std::string>{"coordinator", "coordinator2"});
    // The wrap opens to the certified key.
    auto wrap = crypto::ResearchKeyWrap::decode(crypto::as_bytes(mine.wrap()));
    REQUIRE(wrap.ok());
    auto opened =
        wrap.value().open(server.coordinator.identity.encryption, server.key.public_key());
    REQUIRE(opened.ok());

    CHECK(server.get_key(server.coordinator2).wrap() == as_string(other));
    const auto peer = server.get_key(server.peer);
    CHECK(peer.certificate() == as_string(certificate));
    CHECK(peer.wrap().empty());
    CHECK(server.get_key(server.researcher).wrap().empty());

    const auto issued = server.audit_entries(crypto::AuditEvent::research_key_issued);
    REQUIRE(issued.size() == 1);
    CHECK(issued[0].actor == "coordinator");
    CHECK(issued[0].case_id.empty());

    // The next generation is 2, never 1 again or 3.
    const auto next = crypto::EncryptionKeyPair::generate();
    CHECK(server
              .put_key(
                  server.coordinator, server.certificate(1, next),
                  {ResearchFixture::research_wrap(1, server.coordinator, next, server.coordinator)})
              .error_code() == Code::FAILED_PRECONDITION);
    CHECK(server
              .put_key(
                  server.coordinator, server.certificate(3, next),
                  {ResearchFixture::research_wrap(3, server.coordinator, next, server.coordinator)})
              .error_code() == Code::FAILED_PRECONDITION);
    const Bytes second = server.certificate(2, next);
    REQUIRE(server
                .put_key(server.coordinator, second,
                         {ResearchFixture::research_wrap(2, server.coordinator, next,
                                                         server.coordinator)})
                .ok());
    const auto rotated = server.get_key(server.coordinator);
    CHECK(rotated.certificate() == as_string(second));
    CHECK(holders_of(rotated) == std::vector<std::string>{"coordinator"});
    CHECK(server.get_key(server.coordinator2).wrap().empty());
}

TEST_CASE("a research key the server cannot trust is refused and nothing is stored",
          "[services][research]") {
    ResearchFixture server;
    const auto& key = server.key;
    const Bytes certificate = server.certificate(1, key);
    const Bytes own =
        ResearchFixture::research_wrap(1, server.coordinator, key, server.coordinator);

    SECTION("not a coordinator") {
        const Bytes confidants =
            ResearchFixture::research_wrap(1, server.confidant, key, server.confidant);
        CHECK(server.put_key(server.confidant, certificate, {confidants}).error_code() ==
              Code::PERMISSION_DENIED);
    }
    SECTION("a certificate that does not decode") {
        CHECK(server.put_key(server.coordinator, Bytes(40, 1), {own}).error_code() ==
              Code::INVALID_ARGUMENT);
    }
    SECTION("a certificate not signed by the organisation's root key") {
        const auto forger = crypto::SigningKeyPair::generate();
        CHECK(server.put_key(server.coordinator, server.certificate(1, key, &forger), {own})
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("no wraps") {
        CHECK(server.put_key(server.coordinator, certificate, {}).error_code() ==
              Code::INVALID_ARGUMENT);
    }
    SECTION("no wrap to the caller") {
        CHECK(server
                  .put_key(server.coordinator, certificate,
                           {ResearchFixture::research_wrap(1, server.coordinator2, key,
                                                           server.coordinator)})
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("a wrap of another generation") {
        CHECK(server
                  .put_key(server.coordinator, certificate,
                           {own, ResearchFixture::research_wrap(2, server.coordinator2, key,
                                                                server.coordinator)})
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("a wrap granted by someone else") {
        CHECK(server
                  .put_key(server.coordinator, certificate,
                           {own, ResearchFixture::research_wrap(1, server.coordinator2, key,
                                                                server.coordinator2)})
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("two wraps to one coordinator") {
        CHECK(server.put_key(server.coordinator, certificate, {own, own}).error_code() ==
              Code::INVALID_ARGUMENT);
    }
    SECTION("a wrap to a member who is not a coordinator") {
        CHECK(server
                  .put_key(server.coordinator, certificate,
                           {own, ResearchFixture::research_wrap(1, server.confidant, key,
                                                                server.coordinator)})
                  .error_code() == Code::PERMISSION_DENIED);
    }
    SECTION("a wrap sealed to a key the recipient's certificate does not name") {
        const Bytes stranger = crypto::EncryptionKeyPair::generate().public_key();
        CHECK(server
                  .put_key(server.coordinator, certificate,
                           {own, ResearchFixture::research_wrap(1, server.coordinator2, key,
                                                                server.coordinator, &stranger)})
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("a wrap to a revoked coordinator") {
        REQUIRE(server
                    .revoke(server.coordinator,
                            ResearchFixture::revocation(server.coordinator2, server.coordinator,
                                                        server.coordinator.identity.signing))
                    .ok());
        CHECK(server
                  .put_key(server.coordinator, certificate,
                           {own, ResearchFixture::research_wrap(1, server.coordinator2, key,
                                                                server.coordinator)})
                  .error_code() == Code::FAILED_PRECONDITION);
    }
    const auto after = server.get_key(server.coordinator);
    CHECK(after.certificate().empty());
    CHECK(after.wrap().empty());
    CHECK(server.audited(crypto::AuditEvent::research_key_issued) == 0);
}

TEST_CASE("a coordinator holding the research key grants it to another coordinator",
          "[services][research]") {
    ResearchFixture server;
    const Bytes to_second =
        ResearchFixture::research_wrap(1, server.coordinator2, server.key, server.coordinator);
    // Nothing to grant before the first key.
    CHECK(server.grant(server.coordinator, to_second).error_code() == Code::FAILED_PRECONDITION);
    server.make_first_key();

    SECTION("granted") {
        REQUIRE(server.grant(server.coordinator, to_second).ok());
        const auto second = server.get_key(server.coordinator2);
        CHECK(second.wrap() == as_string(to_second));
        CHECK(holders_of(second) == std::vector<std::string>{"coordinator", "coordinator2"});
        const auto granted = server.audit_entries(crypto::AuditEvent::research_key_granted);
        REQUIRE(granted.size() == 1);
        CHECK(granted[0].actor == "coordinator");
        CHECK(granted[0].subject == "coordinator2");
        // Holding it now, the second coordinator may pass it on (here: anew to itself is
        // refused, to the first is allowed and replaces that wrap).
        const Bytes back =
            ResearchFixture::research_wrap(1, server.coordinator, server.key, server.coordinator2);
        CHECK(server.grant(server.coordinator2, back).ok());
        CHECK(server.get_key(server.coordinator).wrap() == as_string(back));
        return;
    }
    SECTION("by a coordinator who does not hold it") {
        const Bytes to_first =
            ResearchFixture::research_wrap(1, server.coordinator, server.key, server.coordinator2);
        CHECK(server.grant(server.coordinator2, to_first).error_code() == Code::PERMISSION_DENIED);
    }
    SECTION("by a member who is not a coordinator") {
        CHECK(
            server
                .grant(server.confidant, ResearchFixture::research_wrap(
                                             1, server.coordinator2, server.key, server.confidant))
                .error_code() == Code::PERMISSION_DENIED);
    }
    SECTION("of another generation") {
        CHECK(server
                  .grant(server.coordinator,
                         ResearchFixture::research_wrap(2, server.coordinator2, server.key,
                                                        server.coordinator))
                  .error_code() == Code::FAILED_PRECONDITION);
    }
    SECTION("granted by someone else than the caller") {
        CHECK(server
                  .grant(server.coordinator,
                         ResearchFixture::research_wrap(1, server.coordinator2, server.key,
                                                        server.coordinator2))
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("that does not decode") {
        CHECK(server.grant(server.coordinator, Bytes(30, 7)).error_code() ==
              Code::INVALID_ARGUMENT);
    }
    SECTION("to the caller") {
        CHECK(server
                  .grant(server.coordinator,
                         ResearchFixture::research_wrap(1, server.coordinator, server.key,
                                                        server.coordinator))
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("to a member who is not a coordinator") {
        CHECK(server
                  .grant(server.coordinator,
                         ResearchFixture::research_wrap(1, server.researcher, server.key,
                                                        server.coordinator))
                  .error_code() == Code::PERMISSION_DENIED);
    }
    SECTION("sealed to a key the recipient's certificate does not name") {
        const Bytes stranger = crypto::EncryptionKeyPair::generate().public_key();
        CHECK(server
                  .grant(server.coordinator,
                         ResearchFixture::research_wrap(1, server.coordinator2, server.key,
                                                        server.coordinator, &stranger))
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    CHECK(server.get_key(server.coordinator2).wrap().empty());
    CHECK(server.audited(crypto::AuditEvent::research_key_granted) == 0);
}

TEST_CASE("a case member stores the case's research record, the latest replaces the earlier",
          "[services][research]") {
    ResearchFixture server;
    const Bytes id = server.case_shared_with_peer(server.case_key);
    // No research key yet: nothing to seal to.
    CHECK(server.put_record(server.confidant, id, server.research_record(server.confidant, id, 1))
              .error_code() == Code::FAILED_PRECONDITION);
    server.make_first_key();

    REQUIRE(server
                .put_record(server.confidant, id,
                            server.research_record(server.confidant, id, 1, "first"))
                .ok());
    REQUIRE(server.put_record(server.peer, id, server.research_record(server.peer, id, 1, "second"))
                .ok());
    const auto records = server.all_records();
    REQUIRE(records.size() == 1);
    const auto& stored = records.at(id);
    CHECK(stored.body().author == "peer");
    auto opened = stored.open(server.peer.identity.signing.public_key(), server.key);
    REQUIRE(opened.ok());
    const auto plaintext = opened.value().expose_secret();
    CHECK(std::string(plaintext.begin(), plaintext.end()) == "second");
}

TEST_CASE("a research record the server cannot trust is refused and nothing is stored",
          "[services][research]") {
    ResearchFixture server;
    const Bytes id = server.case_shared_with_peer(server.case_key);
    const Bytes other = server.case_shared_with_peer(server.case_key);
    server.make_first_key();
    const auto& confidant = server.confidant;

    SECTION("from a researcher") {
        CHECK(
            server
                .put_record(server.researcher, id, server.research_record(server.researcher, id, 1))
                .error_code() == Code::PERMISSION_DENIED);
    }
    SECTION("from a member who is not in the case") {
        CHECK(server
                  .put_record(server.coordinator, id,
                              server.research_record(server.coordinator, id, 1))
                  .error_code() == Code::PERMISSION_DENIED);
    }
    SECTION("from a member removed from the case") {
        const auto next = crypto::CaseKey::generate();
        REQUIRE(
            server
                .unshare(confidant, id, "peer", 2, {server.wrap(id, 2, confidant, next, confidant)})
                .ok());
        CHECK(server.put_record(server.peer, id, server.research_record(server.peer, id, 1))
                  .error_code() == Code::PERMISSION_DENIED);
    }
    SECTION("for an unknown case, answered as for a case the caller is not in") {
        const Bytes unknown = crypto::random_bytes(crypto::kCaseIdSize);
        CHECK(server.put_record(confidant, unknown, server.research_record(confidant, unknown, 1))
                  .error_code() == Code::PERMISSION_DENIED);
    }
    SECTION("naming another case than the request") {
        CHECK(server.put_record(confidant, id, server.research_record(confidant, other, 1))
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("a case id that is not 16 bytes") {
        CHECK(server.put_record(confidant, Bytes(5, 1), server.research_record(confidant, id, 1))
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("by another author than the caller") {
        CHECK(server.put_record(confidant, id, server.research_record(server.peer, id, 1))
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("signed with a key the caller's certificate does not name") {
        const auto forger = crypto::SigningKeyPair::generate();
        CHECK(server
                  .put_record(
                      confidant, id,
                      server.research_record(confidant, id, 1, "codes", unix_seconds(), &forger))
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("of another generation") {
        CHECK(server.put_record(confidant, id, server.research_record(confidant, id, 2))
                  .error_code() == Code::FAILED_PRECONDITION);
    }
    SECTION("dated more than ten minutes from the server clock") {
        CHECK(server
                  .put_record(
                      confidant, id,
                      server.research_record(confidant, id, 1, "codes", unix_seconds() - 11 * 60))
                  .error_code() == Code::INVALID_ARGUMENT);
        CHECK(server
                  .put_record(
                      confidant, id,
                      server.research_record(confidant, id, 1, "codes", unix_seconds() + 11 * 60))
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("that does not decode") {
        CHECK(server.put_record(confidant, id, Bytes(200, 3)).error_code() ==
              Code::INVALID_ARGUMENT);
    }
    SECTION("over the size limit") {
        CHECK(
            server.put_record(confidant, id, Bytes(kMaxResearchRecordBytes + 1, 3)).error_code() ==
            Code::RESOURCE_EXHAUSTED);
    }
    CHECK(server.all_records().empty());
}

TEST_CASE("the largest research record is stored", "[services][research]") {
    ResearchFixture server;
    const Bytes id = server.case_shared_with_peer(server.case_key);
    server.make_first_key();
    const Bytes largest = server.research_record(server.confidant, id, 1,
                                                 std::string(crypto::kMaxResearchPlaintext, 'c'));
    CHECK(largest.size() <= kMaxResearchRecordBytes);
    CHECK(server.put_record(server.confidant, id, largest).ok());
}

TEST_CASE("only coordinators holding the research key list research records, in pages",
          "[services][research]") {
    ResearchFixture server;
    v1::ListResearchRecordsResponse page;
    CHECK(server.list_records(server.coordinator, {}, 0, page).error_code() ==
          Code::FAILED_PRECONDITION);
    server.make_first_key();
    std::vector<Bytes> ids;
    for (int i = 0; i < 3; ++i) {
        ids.push_back(server.case_shared_with_peer(server.case_key));
        REQUIRE(server
                    .put_record(server.confidant, ids.back(),
                                server.research_record(server.confidant, ids.back(), 1))
                    .ok());
    }
    std::sort(ids.begin(), ids.end());

    std::vector<Bytes> listed;
    Bytes after;
    for (int pages = 0;; ++pages) {
        REQUIRE(pages < 3);
        v1::ListResearchRecordsResponse one;
        REQUIRE(server.list_records(server.coordinator, after, 1, one).ok());
        REQUIRE(one.records_size() == 1);
        auto record = crypto::ResearchRecord::decode(crypto::as_bytes(one.records(0)));
        REQUIRE(record.ok());
        after = record.value().body().case_id;
        listed.push_back(after);
        if (!one.more()) {
            break;
        }
    }
    CHECK(listed == ids);

    CHECK(server.list_records(server.coordinator2, {}, 0, page).error_code() ==
          Code::PERMISSION_DENIED);
    CHECK(server.list_records(server.confidant, {}, 0, page).error_code() ==
          Code::PERMISSION_DENIED);
    CHECK(server.list_records(server.researcher, {}, 0, page).error_code() ==
          Code::PERMISSION_DENIED);
    CHECK(server.list_records(server.coordinator, {}, kMaxResearchRecordsPerPage + 1, page)
              .error_code() == Code::INVALID_ARGUMENT);
    CHECK(server.list_records(server.coordinator, Bytes(5, 0), 0, page).error_code() ==
          Code::INVALID_ARGUMENT);
}

TEST_CASE("a case deleted for retention takes its research record with it",
          "[services][research][retention]") {
    ResearchFixture server;
    server.make_first_key();
    const Bytes closed = server.case_shared_with_peer(server.case_key);
    const Bytes open = server.case_shared_with_peer(server.case_key);
    for (const auto& id : {closed, open}) {
        REQUIRE(
            server.put_record(server.confidant, id, server.research_record(server.confidant, id, 1))
                .ok());
    }
    v1::AppendRecordRequest request;
    request.set_case_id(as_string(closed));
    request.set_record(
        as_string(server.seal(server.confidant, closed, server.case_key, 1, "closed")));
    request.set_retention(v1::RETENTION_START);
    v1::AppendRecordResponse appended;
    grpc::ClientContext context;
    ResearchFixture::authorise(context, server.confidant);
    REQUIRE(server.cases->AppendRecord(&context, request, &appended).ok());

    auto swept = server.instance().sweep(appended.retention_until_unix());
    REQUIRE(swept.ok());
    REQUIRE(swept.value().cases_purged == 1);
    const auto records = server.all_records();
    CHECK(records.size() == 1);
    CHECK(records.count(open) == 1);
}

TEST_CASE("an export is recorded in the privacy ledger with its audit entry",
          "[services][research][ledger]") {
    ResearchFixture server;
    server.make_first_key();
    std::uint64_t sequence = 0;
    const Bytes entry = server.next_entry(server.coordinator, {});
    REQUIRE(server.append_entry(server.coordinator, entry, &sequence).ok());
    CHECK(sequence == 1);

    const auto ledger = server.get_ledger(server.researcher);
    REQUIRE(ledger.entries_size() == 1);
    CHECK(ledger.entries(0) == as_string(entry));
    CHECK(ledger.budget_millis_per_quarter() == kDefaultPrivacyBudgetMillis);
    CHECK(server.get_ledger(server.coordinator2).entries_size() == 1);
    v1::GetPrivacyLedgerResponse refused;
    CHECK(server.read_ledger(server.confidant, refused).error_code() == Code::PERMISSION_DENIED);
    CHECK(server.read_ledger(server.peer, refused).error_code() == Code::PERMISSION_DENIED);

    const auto exports = server.audit_entries(crypto::AuditEvent::export_recorded);
    REQUIRE(exports.size() == 1);
    CHECK(exports[0].actor == "coordinator");
    std::string manifest_hex;
    for (int i = 0; i < 32; ++i) {
        manifest_hex += "ab";
    }
    CHECK(exports[0].detail ==
          "manifest=" + manifest_hex + " period=2025Q1-2025Q4 k=5 epsilon=1.000 ledger=1");
}

TEST_CASE("a ledger entry the server cannot trust is refused and nothing is recorded",
          "[services][research][ledger]") {
    ResearchFixture server;
    const Bytes first = server.ledger_entry(server.coordinator, 1, Bytes(32, 0), {});
    // No research key yet: nobody can have exported.
    CHECK(server.append_entry(server.coordinator, first).error_code() == Code::FAILED_PRECONDITION);
    server.make_first_key();

    SECTION("by a member who is not a coordinator") {
        CHECK(server
                  .append_entry(server.researcher,
                                server.ledger_entry(server.researcher, 1, Bytes(32, 0), {}))
                  .error_code() == Code::PERMISSION_DENIED);
    }
    SECTION("by a coordinator who does not hold the research key") {
        CHECK(server
                  .append_entry(server.coordinator2,
                                server.ledger_entry(server.coordinator2, 1, Bytes(32, 0), {}))
                  .error_code() == Code::PERMISSION_DENIED);
    }
    SECTION("naming another exporter than the caller") {
        CHECK(server
                  .append_entry(server.coordinator,
                                server.ledger_entry(server.coordinator2, 1, Bytes(32, 0), {}))
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("signed with a key the caller's certificate does not name") {
        const auto forger = crypto::SigningKeyPair::generate();
        CHECK(server
                  .append_entry(server.coordinator, server.ledger_entry(server.coordinator, 1,
                                                                        Bytes(32, 0), {}, &forger))
                  .error_code() == Code::INVALID_ARGUMENT);
    }
    SECTION("altered after signing (k lowered to 1)") {
        Bytes altered = first;
        // k is the u32 before epsilon, the manifest hash and the signature.
        const std::size_t k_at = altered.size() - 64 - 32 - 4 - 4;
        REQUIRE(altered[k_at + 3] == 5);
        altered[k_at + 3] = 1;
        CHECK(server.append_entry(server.coordinator, altered).error_code() ==
              Code::INVALID_ARGUMENT);
    }
    SECTION("that does not decode") {
        CHECK(server.append_entry(server.coordinator, Bytes(100, 9)).error_code() ==
              Code::INVALID_ARGUMENT);
    }
    SECTION("over the size limit") {
        CHECK(server.append_entry(server.coordinator, Bytes(kMaxPrivacyLedgerEntryBytes + 1, 9))
                  .error_code() == Code::RESOURCE_EXHAUSTED);
    }
    SECTION("not the next sequence") {
        CHECK(server
                  .append_entry(server.coordinator,
                                server.ledger_entry(server.coordinator, 2, Bytes(32, 0), {}))
                  .error_code() == Code::FAILED_PRECONDITION);
    }
    SECTION("not naming the hash of the last entry") {
        CHECK(server
                  .append_entry(server.coordinator,
                                server.ledger_entry(server.coordinator, 1, Bytes(32, 1), {}))
                  .error_code() == Code::FAILED_PRECONDITION);
    }
    SECTION("a second entry that names the first wrongly") {
        REQUIRE(server.append_entry(server.coordinator, first).ok());
        CHECK(server
                  .append_entry(server.coordinator,
                                server.ledger_entry(server.coordinator, 2, Bytes(32, 0), {}))
                  .error_code() == Code::FAILED_PRECONDITION);
        CHECK(server.append_entry(server.coordinator, first).error_code() ==
              Code::FAILED_PRECONDITION);
        CHECK(server.get_ledger(server.coordinator).entries_size() == 1);
        CHECK(server.audited(crypto::AuditEvent::export_recorded) == 1);
        return;
    }
    CHECK(server.get_ledger(server.coordinator).entries().empty());
    CHECK(server.audited(crypto::AuditEvent::export_recorded) == 0);
}

TEST_CASE(
    "releases spend the budget per quarter, a release beyond it is refused, and the "
    "ledger survives a restart",
    "[services][research][ledger]") {
    ResearchFixture server;
    server.make_first_key();
    const auto& exporter = server.coordinator;
    // Default budget 3.0 per quarter. A second release of the same period spends again.
    REQUIRE(
        server.append_entry(exporter, server.next_entry(exporter, {"2025Q1", "2025Q4", 5, 1000}))
            .ok());
    REQUIRE(
        server.append_entry(exporter, server.next_entry(exporter, {"2025Q1", "2025Q4", 5, 1000}))
            .ok());
    CHECK(server.get_ledger(exporter).entries_size() == 2);

    // 2025Q3 has 2.0 spent: 1.5 more is refused, naming that quarter and what is left.
    const Bytes too_much = server.next_entry(exporter, {"2025Q3", "2026Q1", 5, 1500});
    const auto refused = server.append_entry(exporter, too_much);
    CHECK(refused.error_code() == Code::RESOURCE_EXHAUSTED);
    CHECK_THAT(refused.error_message(), Catch::Contains("2025Q3"));
    CHECK_THAT(refused.error_message(), Catch::Contains("2.000 of 3.000 is spent"));
    CHECK_THAT(refused.error_message(), Catch::Contains("1.000 is left"));
    // A period that starts inside an earlier one: refused at that quarter.
    const auto later =
        server.append_entry(exporter, server.next_entry(exporter, {"2024Q3", "2025Q2", 5, 1500}));
    CHECK(later.error_code() == Code::RESOURCE_EXHAUSTED);
    CHECK_THAT(later.error_message(), Catch::Contains("2025Q1"));
    CHECK(server.get_ledger(exporter).entries_size() == 2);
    CHECK(server.audited(crypto::AuditEvent::export_recorded) == 2);

    // Exactly the rest fits.
    REQUIRE(
        server.append_entry(exporter, server.next_entry(exporter, {"2025Q4", "2026Q2", 5, 1000}))
            .ok());

    server.restart();
    server.login(server.coordinator);
    const auto ledger = server.get_ledger(exporter);
    REQUIRE(ledger.entries_size() == 3);
    std::vector<crypto::PrivacyLedgerEntry> entries;
    for (const auto& one : ledger.entries()) {
        auto entry = crypto::PrivacyLedgerEntry::decode(crypto::as_bytes(one));
        REQUIRE(entry.ok());
        entries.push_back(std::move(entry).value());
    }
    CHECK(crypto::verify_privacy_ledger_chain(entries).ok());
    // What was spent before the restart still counts.
    CHECK(server.append_entry(exporter, server.next_entry(exporter, {"2025Q4", "2025Q4", 5, 1}))
              .error_code() == Code::RESOURCE_EXHAUSTED);
    std::uint64_t sequence = 0;
    CHECK(server
              .append_entry(exporter, server.next_entry(exporter, {"2026Q1", "2026Q1", 5, 1000}),
                            &sequence)
              .ok());
    CHECK(sequence == 4);
}

TEST_CASE("of two exports racing for the same ledger position, one is recorded",
          "[services][research][ledger]") {
    ResearchFixture server;
    server.make_first_key();
    REQUIRE(
        server
            .grant(server.coordinator, ResearchFixture::research_wrap(
                                           1, server.coordinator2, server.key, server.coordinator))
            .ok());
    const Bytes mine = server.ledger_entry(server.coordinator, 1, Bytes(32, 0), {});
    const Bytes theirs = server.ledger_entry(server.coordinator2, 1, Bytes(32, 0), {});
    auto first = std::async(std::launch::async,
                            [&] { return server.append_entry(server.coordinator, mine); });
    auto second = std::async(std::launch::async,
                             [&] { return server.append_entry(server.coordinator2, theirs); });
    const grpc::Status a = first.get();
    const grpc::Status b = second.get();
    CHECK(a.ok() != b.ok());
    CHECK((a.ok() ? b : a).error_code() == Code::FAILED_PRECONDITION);
    CHECK(server.get_ledger(server.coordinator).entries_size() == 1);
    CHECK(server.audited(crypto::AuditEvent::export_recorded) == 1);
}

TEST_CASE("a revoked coordinator no longer counts as holding the research key",
          "[services][research]") {
    ResearchFixture server;
    REQUIRE(server
                .put_key(server.coordinator, server.certificate(1, server.key),
                         {ResearchFixture::research_wrap(1, server.coordinator, server.key,
                                                         server.coordinator),
                          ResearchFixture::research_wrap(1, server.coordinator2, server.key,
                                                         server.coordinator)})
                .ok());
    REQUIRE(server
                .revoke(server.coordinator,
                        ResearchFixture::revocation(server.coordinator2, server.coordinator,
                                                    server.coordinator.identity.signing))
                .ok());
    CHECK(holders_of(server.get_key(server.peer)) == std::vector<std::string>{"coordinator"});
    // Their session went with the revocation.
    v1::GetPrivacyLedgerResponse refused;
    CHECK_FALSE(server.read_ledger(server.coordinator2, refused).ok());
}

TEST_CASE("the server enforces the budget it was started with", "[services][research][ledger]") {
    ResearchFixture server;
    server.privacy_budget_millis = 500;
    server.restart();
    server.login(server.coordinator);
    server.make_first_key();
    CHECK(server.get_ledger(server.coordinator).budget_millis_per_quarter() == 500);
    CHECK(server
              .append_entry(server.coordinator,
                            server.next_entry(server.coordinator, {"2025Q1", "2025Q1", 5, 600}))
              .error_code() == Code::RESOURCE_EXHAUSTED);
    CHECK(server
              .append_entry(server.coordinator,
                            server.next_entry(server.coordinator, {"2025Q1", "2025Q1", 5, 500}))
              .ok());
}

TEST_CASE(
    "the privacy budget flag (--privacy-budget) takes a decimal with at most three digits after "
    "the point",
    "[research][ledger]") {
    CHECK(parse_privacy_budget("3").value() == 3000);
    CHECK(parse_privacy_budget("3.0").value() == 3000);
    CHECK(parse_privacy_budget("0.5").value() == 500);
    CHECK(parse_privacy_budget("2.125").value() == 2125);
    CHECK(parse_privacy_budget("0.001").value() == 1);
    CHECK(parse_privacy_budget("1000").value() == kMaxPrivacyBudgetMillis);
    for (const char* bad : {"", "0", "0.000", "1000.001", "-1", "+1", "1.2345", "3.", ".5", "1e3",
                            "1,5", " 1", "1 ", "abc", "99999999"}) {
        INFO(bad);
        CHECK(parse_privacy_budget(bad).error().code() == ErrorCode::invalid_argument);
    }
    CHECK(format_epsilon_millis(1000) == "1.000");
    CHECK(format_epsilon_millis(25) == "0.025");
    CHECK(format_epsilon_millis(123456) == "123.456");
}

}  // namespace weerbaar::server::test
