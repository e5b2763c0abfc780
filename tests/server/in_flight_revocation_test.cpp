// A member revoked while their call is in flight: Authenticator admitted the call
// before the revocation committed, so the write itself must re-check that the
// caller is still an active member. The Caller here is the one Authenticator
// produced before the revocation; the registry and directory are driven directly.

#include <catch2/catch.hpp>
#include <future>
#include <map>

#include "case_registry.h"
#include "directory.h"
#include "server_fixture.h"
#include "test_database.h"

namespace weerbaar::server {
namespace {

using crypto::Bytes;
using test::Person;

// The registry and directory on their own database, with a root key, a
// coordinator and a confidant, both active.
class InFlightFixture : test::CryptoInitialised {
  public:
    InFlightFixture() : root_(crypto::SigningKeyPair::generate()) {
        audit_ = std::make_unique<AuditTrail>(database_.reader(), database_.writer(),
                                              crypto::SigningKeyPair::generate());
        registry = std::make_unique<CaseRegistry>(database_.reader(), database_.writer(), *audit_);
        directory =
            std::make_unique<Directory>(database_.reader(), database_.writer(), *audit_, nullptr);

        coordinator.certificate = issue(coordinator, crypto::Role::coordinator);
        confidant.certificate = issue(confidant, crypto::Role::confidant);
        REQUIRE(write([this](Storage& storage) -> Result<std::uint64_t> {
                    WEERBAAR_TRY(storage.insert_organisation(root_.public_key(), 1));
                    for (const Person* person : {&coordinator, &confidant}) {
                        auto decoded = crypto::Certificate::decode(person->certificate);
                        WEERBAAR_TRY(storage.insert_member(
                            MemberRow{person->user,
                                      std::string(crypto::role_name(decoded.value().body().role)),
                                      person->certificate,
                                      true,
                                      1,
                                      {},
                                      {}}));
                    }
                    return std::uint64_t{0};
                }).ok());
    }

    Bytes issue(const Person& person, crypto::Role role) {
        crypto::CertificateBody body;
        body.user = person.user;
        body.role = role;
        body.sign_pk = person.identity.signing.public_key();
        body.enc_pk = person.identity.encryption.public_key();
        body.issued = test::unix_seconds();
        body.issuer = std::string(crypto::kRootIssuer);
        body.issuer_sign_pk = root_.public_key();
        auto certificate = crypto::Certificate::issue(body, root_);
        REQUIRE(certificate.ok());
        return certificate.value().encode();
    }

    // What Authenticator hands the services for `person` while they are active.
    static Caller caller_of(const Person& person) {
        auto certificate = crypto::Certificate::decode(person.certificate);
        REQUIRE(certificate.ok());
        auto caller =
            caller_from(MemberRow{person.user,
                                  std::string(crypto::role_name(certificate.value().body().role)),
                                  person.certificate,
                                  true,
                                  1,
                                  {},
                                  {}});
        REQUIRE(caller.ok());
        return caller.value();
    }

    Result<std::uint64_t> write(GroupCommitWriter::Write one) {
        return database_.write(std::move(one));
    }

    // Revokes `person` as far as storage is concerned, as RevokeMember does.
    void revoke(const Person& person) {
        REQUIRE(write([user = person.user](Storage& storage) -> Result<std::uint64_t> {
                    WEERBAAR_TRY(storage.deactivate_member(user));
                    WEERBAAR_TRY(storage.delete_sessions_of(user));
                    return std::uint64_t{0};
                }).ok());
    }

    Bytes wrap(const Bytes& id, std::uint32_t epoch, const Person& recipient,
               const crypto::CaseKey& key, const Person& granter) {
        auto wrapped = crypto::KeyWrap::create(id, epoch, recipient.user,
                                               recipient.identity.encryption.public_key(), key,
                                               granter.user, granter.identity.signing);
        REQUIRE(wrapped.ok());
        return wrapped.value().encode();
    }

    Bytes seal(const Person& author, const Bytes& id, const crypto::CaseKey& key,
               std::uint32_t epoch) {
        crypto::RecordHeader header;
        header.case_id = id;
        header.record_id = crypto::random_bytes(crypto::kRecordIdSize);
        header.epoch = epoch;
        header.author = author.user;
        header.created = test::unix_seconds();
        auto record = crypto::SealedRecord::seal(header, crypto::as_bytes(std::string("note")), key,
                                                 author.identity.signing);
        REQUIRE(record.ok());
        return record.value().encode();
    }

    // A fresh case id for `creator` (crypto::derive_case_id); create_case() sends its nonce.
    Bytes case_id_for(const Person& creator) {
        const Bytes nonce = crypto::random_bytes(crypto::kCaseIdNonceSize);
        Bytes id = crypto::derive_case_id(creator.identity.signing.public_key(), nonce);
        nonces_[id] = nonce;
        return id;
    }

    Result<std::uint64_t> create_case(const Caller& caller, const Person& person, const Bytes& id,
                                      const crypto::CaseKey& key) {
        std::promise<Result<std::uint64_t>> created;
        registry->create_case(
            caller, id, nonces_[id], wrap(id, 1, person, key, person), seal(person, id, key, 1),
            false,
            [&created](Result<std::uint64_t> result) { created.set_value(std::move(result)); });
        return created.get_future().get();
    }

    Result<std::uint64_t> append(const Caller& caller, const Person& person, const Bytes& id,
                                 const crypto::CaseKey& key) {
        std::promise<Result<std::uint64_t>> appended;
        registry->append_record(caller, id, seal(person, id, key, 1), {},
                                [&appended](const Result<AppendedRecord>& result) {
                                    if (!result.ok()) {
                                        return appended.set_value(result.error());
                                    }
                                    appended.set_value(result.value().sequence);
                                });
        return appended.get_future().get();
    }

    Status rotate(const Caller& caller, const Bytes& id, std::uint32_t new_epoch,
                  const std::vector<Bytes>& wraps) {
        std::promise<Status> rotated;
        registry->rotate_case_key(caller, id, new_epoch, wraps,
                                  [&rotated](Status status) { rotated.set_value(status); });
        return rotated.get_future().get();
    }

    CaseRow stored_case(const Bytes& id) {
        auto found =
            database_.reader().read([&](Storage& storage) { return storage.find_case(id); });
        REQUIRE(found.ok());
        REQUIRE(found.value().has_value());
        return *found.value();
    }

    std::optional<MemberRow> stored_member(const std::string& user) {
        auto found =
            database_.reader().read([&](Storage& storage) { return storage.member(user); });
        REQUIRE(found.ok());
        return found.value();
    }

    Person coordinator{"coordinator", crypto::Identity::generate(), {}, {}};
    Person confidant{"confidant", crypto::Identity::generate(), {}, {}};
    std::unique_ptr<CaseRegistry> registry;
    std::unique_ptr<Directory> directory;

  private:
    test::TestDatabase database_;
    crypto::SigningKeyPair root_;
    std::unique_ptr<AuditTrail> audit_;

    std::map<Bytes, Bytes> nonces_;
};

}  // namespace

TEST_CASE("case writes in flight when their caller is revoked are refused",
          "[revocation][in_flight]") {
    InFlightFixture fixture;
    const Caller admitted = InFlightFixture::caller_of(fixture.confidant);
    const Bytes id = fixture.case_id_for(fixture.confidant);
    const auto key = crypto::CaseKey::generate();
    const auto created = fixture.create_case(admitted, fixture.confidant, id, key);
    INFO((created.ok() ? std::string() : created.error().message()));
    REQUIRE(created.ok());
    REQUIRE(fixture.stored_case(id).epoch == 1);

    fixture.revoke(fixture.confidant);

    // The revoked creator was the case's only member: without the re-check, a
    // rotation with no wraps at all passes every other check.
    const Status rotated = fixture.rotate(admitted, id, 2, {});
    REQUIRE_FALSE(rotated.ok());
    CHECK(rotated.error().code() == ErrorCode::permission_denied);
    CHECK(fixture.stored_case(id).epoch == 1);

    const auto appended = fixture.append(admitted, fixture.confidant, id, key);
    REQUIRE_FALSE(appended.ok());
    CHECK(appended.error().code() == ErrorCode::permission_denied);
    CHECK(fixture.stored_case(id).record_count == 1);

    const Bytes other = fixture.case_id_for(fixture.confidant);
    const auto opened = fixture.create_case(admitted, fixture.confidant, other, key);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code() == ErrorCode::permission_denied);
}

TEST_CASE("a record checked against a certificate that was replaced in flight is refused",
          "[revocation][in_flight][record-admission]") {
    // The call was admitted, and its record's signature checked, under a
    // certificate of the same name with other keys (as if the member was revoked
    // and enrolled anew meanwhile): the write sees the stored certificate and
    // refuses a record that its current key did not sign.
    InFlightFixture fixture;
    Person earlier{fixture.confidant.user, crypto::Identity::generate(), {}, {}};
    earlier.certificate = fixture.issue(earlier, crypto::Role::confidant);
    const Caller admitted = InFlightFixture::caller_of(earlier);
    const auto key = crypto::CaseKey::generate();

    const Bytes refused_id = fixture.case_id_for(earlier);
    const auto opened = fixture.create_case(admitted, earlier, refused_id, key);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code() == ErrorCode::invalid_argument);
    CHECK_THAT(opened.error().message(), Catch::Contains("author's certificate"));

    const Bytes id = fixture.case_id_for(fixture.confidant);
    REQUIRE(
        fixture
            .create_case(InFlightFixture::caller_of(fixture.confidant), fixture.confidant, id, key)
            .ok());
    const auto appended = fixture.append(admitted, earlier, id, key);
    REQUIRE_FALSE(appended.ok());
    CHECK(appended.error().code() == ErrorCode::invalid_argument);
    CHECK(fixture.stored_case(id).record_count == 1);
}

TEST_CASE("an approval in flight when the coordinator is revoked is refused",
          "[revocation][in_flight]") {
    InFlightFixture fixture;
    const Caller admitted = InFlightFixture::caller_of(fixture.coordinator);
    Person newcomer{"newcomer", crypto::Identity::generate(), {}, {}};
    const auto signature = crypto::sign_enrolment(newcomer.identity, newcomer.user);
    std::promise<Status> requested;
    fixture.directory->request_enrolment(
        EnrolmentRow{newcomer.user, newcomer.identity.signing.public_key(),
                     newcomer.identity.encryption.public_key(), signature, 0},
        "192.0.2.1", [&requested](Status status) { requested.set_value(status); });
    REQUIRE(requested.get_future().get().ok());

    fixture.revoke(fixture.coordinator);

    std::promise<Status> approved;
    fixture.directory->approve_member(admitted, fixture.issue(newcomer, crypto::Role::peer),
                                      [&approved](Status status) { approved.set_value(status); });
    const Status status = approved.get_future().get();
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code() == ErrorCode::permission_denied);
    CHECK_FALSE(fixture.stored_member(newcomer.user).has_value());
}

}  // namespace weerbaar::server
