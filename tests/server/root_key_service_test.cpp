// The root key in shares through the real server: a split by the holder of the root key,
// releases by holders, the collection by the recovering coordinator. Only coordinators
// reach any of it, every check the server makes is tried both ways, a refused call
// leaves nothing behind, and each step that happened is an audit entry.

#include <catch2/catch.hpp>

#include "server_fixture.h"
#include "server_limits.h"
#include "weerbaar/crypto/root_key_share.h"

namespace weerbaar::server::test {
namespace {

using Code = grpc::StatusCode;

class RootKeyFixture : public ServerFixture {
  public:
    RootKeyFixture() {
        populate();
        enrol(coordinator2, crypto::Role::coordinator, coordinator);
        enrol(coordinator3, crypto::Role::coordinator, coordinator);
    }

    // A split of the organisation root key among `holders`, made by `splitter`, with
    // its authorisation signed by `root` (the organisation's unless a test forges one).
    crypto::RootKeySplit make_split(const std::vector<const Person*>& holders,
                                    unsigned threshold = 2, const Person* splitter = nullptr,
                                    const crypto::SigningKeyPair* root = nullptr) {
        std::vector<crypto::RootKeyShareRecipient> recipients;
        for (const Person* holder : holders) {
            recipients.push_back({holder->user, holder->identity.encryption.public_key()});
        }
        const Person& by = splitter ? *splitter : coordinator;
        auto split = crypto::split_root_key(root ? *root : root_key(), threshold, recipients,
                                            by.user, by.identity.signing, unix_seconds());
        REQUIRE(split.ok());
        return std::move(split).value();
    }

    [[nodiscard]] std::vector<const Person*> coordinators() const {
        return {&coordinator, &coordinator2, &coordinator3};
    }

    static v1::SplitRootKeyRequest request_of(const crypto::RootKeySplit& split) {
        v1::SplitRootKeyRequest request;
        request.set_split_id(as_string(split.split_id));
        request.set_threshold(split.threshold);
        request.set_created(split.created);
        request.set_root_signature(as_string(split.root_signature));
        for (const auto& share : split.shares) {
            request.add_shares(as_string(share.encode()));
        }
        return request;
    }

    grpc::Status put_split(const Person& caller, const v1::SplitRootKeyRequest& request) {
        v1::SplitRootKeyResponse response;
        grpc::ClientContext context;
        authorise(context, caller);
        return root_keys->SplitRootKey(&context, request, &response);
    }

    grpc::Status get_split(const Person& caller, v1::GetRootKeySplitResponse& response) {
        grpc::ClientContext context;
        authorise(context, caller);
        return root_keys->GetRootKeySplit(&context, {}, &response);
    }

    v1::GetRootKeySplitResponse current_split() {
        v1::GetRootKeySplitResponse response;
        REQUIRE(get_split(coordinator, response).ok());
        return response;
    }

    // `holder`'s share of `split`, opened and re-sealed to `recipient`.
    static Bytes release_of(const crypto::RootKeySplit& split, const Person& holder,
                            const Person& recipient) {
        for (const auto& share : split.shares) {
            if (share.body().holder != holder.user) {
                continue;
            }
            auto plaintext = share.open(holder.identity.encryption);
            REQUIRE(plaintext.ok());
            auto release =
                crypto::RootKeyShareRelease::create(share, plaintext.value(), recipient.user,
                                                    recipient.identity.encryption.public_key(),
                                                    unix_seconds(), holder.identity.signing);
            REQUIRE(release.ok());
            return release.value().encode();
        }
        FAIL("no share for " << holder.user);
        return {};
    }

    grpc::Status release(const Person& caller, const Bytes& encoded) {
        v1::ReleaseRootKeyShareRequest request;
        request.set_release(as_string(encoded));
        v1::ReleaseRootKeyShareResponse response;
        grpc::ClientContext context;
        authorise(context, caller);
        return root_keys->ReleaseRootKeyShare(&context, request, &response);
    }

    grpc::Status collect(const Person& caller, v1::CollectRootKeyReleasesResponse& response) {
        grpc::ClientContext context;
        authorise(context, caller);
        return root_keys->CollectRootKeyReleases(&context, {}, &response);
    }

    void split_among_coordinators(const crypto::RootKeySplit& split) {
        const auto status = put_split(coordinator, request_of(split));
        INFO(status.error_message());
        REQUIRE(status.ok());
    }

    Person coordinator2{"coordinator2", crypto::Identity::generate(), {}, {}};
    Person coordinator3{"coordinator3", crypto::Identity::generate(), {}, {}};
};

}  // namespace

TEST_CASE("the holder of the root key splits it among coordinators, the split is audited",
          "[root_key]") {
    RootKeyFixture server;
    CHECK(server.current_split().split_id().empty());
    const auto split = server.make_split(server.coordinators());
    server.split_among_coordinators(split);

    v1::GetRootKeySplitResponse seen;
    REQUIRE(server.get_split(server.coordinator2, seen).ok());
    CHECK(seen.split_id() == as_string(split.split_id));
    CHECK(seen.threshold() == 2);
    CHECK(seen.splitter() == "coordinator");
    CHECK(seen.created() == split.created);
    REQUIRE(seen.shares_size() == 3);
    for (int i = 0; i < 3; ++i) {
        CHECK(seen.shares(i) == as_string(split.shares[static_cast<std::size_t>(i)].encode()));
    }
    const auto audited = server.audit_entries(crypto::AuditEvent::root_key_split);
    REQUIRE(audited.size() == 1);
    CHECK(audited[0].actor == "coordinator");
    CHECK(audited[0].detail == "split=" + crypto::to_hex(split.split_id) + " threshold=2 shares=3");

    // A new split replaces the old one.
    const auto next = server.make_split({&server.coordinator, &server.coordinator3});
    server.split_among_coordinators(next);
    CHECK(server.current_split().split_id() == as_string(next.split_id));
    CHECK(server.current_split().shares_size() == 2);
    CHECK(server.audited(crypto::AuditEvent::root_key_split) == 2);
}

TEST_CASE("only coordinators reach the root key shares", "[root_key]") {
    RootKeyFixture server;
    const auto split = server.make_split(server.coordinators());
    server.split_among_coordinators(split);
    for (const Person* other : {&server.confidant, &server.peer, &server.researcher}) {
        INFO(other->user);
        CHECK(server.put_split(*other, RootKeyFixture::request_of(split)).error_code() ==
              Code::PERMISSION_DENIED);
        v1::GetRootKeySplitResponse seen;
        CHECK(server.get_split(*other, seen).error_code() == Code::PERMISSION_DENIED);
        CHECK(server
                  .release(*other, RootKeyFixture::release_of(split, server.coordinator2,
                                                              server.coordinator3))
                  .error_code() == Code::PERMISSION_DENIED);
        v1::CollectRootKeyReleasesResponse collected;
        CHECK(server.collect(*other, collected).error_code() == Code::PERMISSION_DENIED);
    }
    CHECK(server.audited(crypto::AuditEvent::root_key_share_released) == 0);
    CHECK(server.audited(crypto::AuditEvent::root_key_recovered) == 0);
}

TEST_CASE("a split the server cannot trust is refused and nothing is stored", "[root_key]") {
    RootKeyFixture server;
    const auto refused = [&](const v1::SplitRootKeyRequest& request, Code code,
                             const Person* caller = nullptr) {
        const auto status = server.put_split(caller ? *caller : server.coordinator, request);
        INFO(status.error_message());
        CHECK(status.error_code() == code);
    };
    const auto good = server.make_split(server.coordinators());

    SECTION("not signed by the root key: a coordinator without it cannot replace the shares") {
        const auto& own_key = server.coordinator2.identity.signing;
        const auto forged =
            server.make_split(server.coordinators(), 2, &server.coordinator2, &own_key);
        refused(RootKeyFixture::request_of(forged), Code::PERMISSION_DENIED, &server.coordinator2);
        // The root's signature names the splitter: another coordinator cannot reuse it.
        refused(RootKeyFixture::request_of(good), Code::PERMISSION_DENIED, &server.coordinator2);
    }
    SECTION("fields out of range") {
        auto request = RootKeyFixture::request_of(good);
        request.set_split_id("short");
        refused(request, Code::INVALID_ARGUMENT);
        request = RootKeyFixture::request_of(good);
        request.set_threshold(1);
        refused(request, Code::INVALID_ARGUMENT);
        request.set_threshold(4);
        refused(request, Code::INVALID_ARGUMENT);
        request = RootKeyFixture::request_of(good);
        request.set_root_signature("x");
        refused(request, Code::INVALID_ARGUMENT);
        request = RootKeyFixture::request_of(good);
        request.mutable_shares()->RemoveLast();
        request.mutable_shares()->RemoveLast();
        refused(request, Code::INVALID_ARGUMENT);
        request = RootKeyFixture::request_of(good);
        *request.mutable_shares(1) = std::string(kMaxRootKeyShareBytes + 1, 'x');
        refused(request, Code::INVALID_ARGUMENT);
        request = RootKeyFixture::request_of(good);
        *request.mutable_shares(1) = "not a share";
        refused(request, Code::INVALID_ARGUMENT);
    }
    SECTION("a share of another split, or signed by someone else") {
        const auto other = server.make_split(server.coordinators());
        auto request = RootKeyFixture::request_of(good);
        *request.mutable_shares(2) = as_string(other.shares[2].encode());
        refused(request, Code::INVALID_ARGUMENT);
        const auto by_other = server.make_split(server.coordinators(), 2, &server.coordinator2);
        request = RootKeyFixture::request_of(good);
        *request.mutable_shares(1) = as_string(by_other.shares[1].encode());
        refused(request, Code::INVALID_ARGUMENT);
    }
    SECTION("a share for someone who is not a coordinator, or not sealed to their key") {
        refused(
            RootKeyFixture::request_of(server.make_split({&server.coordinator, &server.confidant})),
            Code::PERMISSION_DENIED);
        Person impostor{"coordinator2", crypto::Identity::generate(), {}, {}};
        refused(RootKeyFixture::request_of(server.make_split({&server.coordinator, &impostor})),
                Code::INVALID_ARGUMENT);
    }
    SECTION("two shares with one holder") {
        const auto split = server.make_split(server.coordinators());
        auto request = RootKeyFixture::request_of(split);
        *request.mutable_shares(2) = request.shares(1);
        refused(request, Code::INVALID_ARGUMENT);
    }
    CHECK(server.current_split().split_id().empty());
    CHECK(server.audited(crypto::AuditEvent::root_key_split) == 0);
}

TEST_CASE("holders release to one coordinator, who collects once the threshold is there",
          "[root_key]") {
    RootKeyFixture server;
    const auto split = server.make_split(server.coordinators());
    server.split_among_coordinators(split);

    REQUIRE(server
                .release(server.coordinator2, RootKeyFixture::release_of(split, server.coordinator2,
                                                                         server.coordinator3))
                .ok());
    v1::CollectRootKeyReleasesResponse early;
    const auto too_few = server.collect(server.coordinator3, early);
    CHECK(too_few.error_code() == Code::FAILED_PRECONDITION);
    CHECK_THAT(too_few.error_message(), Catch::Contains("1 of the 2"));
    CHECK(server.audited(crypto::AuditEvent::root_key_recovered) == 0);

    // The recoverer may release their own share to themselves.
    REQUIRE(server
                .release(server.coordinator3, RootKeyFixture::release_of(split, server.coordinator3,
                                                                         server.coordinator3))
                .ok());
    v1::CollectRootKeyReleasesResponse collected;
    REQUIRE(server.collect(server.coordinator3, collected).ok());
    REQUIRE(collected.releases_size() == 2);
    std::vector<crypto::SecretBuffer> plaintexts;
    for (const auto& encoded : collected.releases()) {
        auto release = crypto::RootKeyShareRelease::decode(crypto::as_bytes(encoded));
        REQUIRE(release.ok());
        const auto number = release.value().body().number;
        auto plaintext = release.value().open(server.coordinator3.identity.encryption,
                                              split.shares.at(number - 1U));
        REQUIRE(plaintext.ok());
        plaintexts.push_back(std::move(plaintext).value());
    }
    auto root = crypto::combine_root_key_shares(plaintexts, split.split_id, 2,
                                                server.root_key().public_key());
    REQUIRE(root.ok());
    CHECK(root.value().public_key() == server.root_key().public_key());
    // Nothing was released to the others.
    v1::CollectRootKeyReleasesResponse none;
    CHECK(server.collect(server.coordinator2, none).error_code() == Code::FAILED_PRECONDITION);

    const auto released = server.audit_entries(crypto::AuditEvent::root_key_share_released);
    REQUIRE(released.size() == 2);
    CHECK(released[0].actor == "coordinator2");
    CHECK(released[0].subject == "coordinator3");
    CHECK(released[1].actor == "coordinator3");
    CHECK(released[0].detail == "split=" + crypto::to_hex(split.split_id));
    const auto recovered = server.audit_entries(crypto::AuditEvent::root_key_recovered);
    REQUIRE(recovered.size() == 1);
    CHECK(recovered[0].actor == "coordinator3");
    CHECK(recovered[0].detail == "split=" + crypto::to_hex(split.split_id) + " releases=2");
}

TEST_CASE("a release the server cannot trust is refused and nothing is stored", "[root_key]") {
    RootKeyFixture server;
    const auto split = server.make_split({&server.coordinator, &server.coordinator2});
    server.split_among_coordinators(split);
    const auto refused = [&](const Person& caller, const Bytes& encoded, Code code) {
        const auto status = server.release(caller, encoded);
        INFO(status.error_message());
        CHECK(status.error_code() == code);
    };
    // coordinator3 holds no share.
    refused(
        server.coordinator3,
        RootKeyFixture::release_of(server.make_split({&server.coordinator, &server.coordinator3}),
                                   server.coordinator3, server.coordinator),
        Code::PERMISSION_DENIED);
    // Sent by someone else than its holder.
    refused(server.coordinator,
            RootKeyFixture::release_of(split, server.coordinator2, server.coordinator3),
            Code::INVALID_ARGUMENT);
    // To someone who is not a coordinator.
    refused(server.coordinator2,
            RootKeyFixture::release_of(split, server.coordinator2, server.confidant),
            Code::PERMISSION_DENIED);
    // Of an old split once a new one replaced it.
    const auto old_release =
        RootKeyFixture::release_of(split, server.coordinator2, server.coordinator3);
    server.split_among_coordinators(server.make_split(server.coordinators()));
    refused(server.coordinator2, old_release, Code::FAILED_PRECONDITION);
    // Malformed.
    refused(server.coordinator2, Bytes(kMaxRootKeyShareBytes + 1, 1), Code::INVALID_ARGUMENT);
    refused(server.coordinator2, Bytes{'n', 'o', 'p', 'e'}, Code::INVALID_ARGUMENT);
    CHECK(server.audited(crypto::AuditEvent::root_key_share_released) == 0);
}

TEST_CASE("a new split drops the releases of the old one", "[root_key]") {
    RootKeyFixture server;
    const auto split = server.make_split(server.coordinators());
    server.split_among_coordinators(split);
    for (const Person* holder : {&server.coordinator, &server.coordinator2}) {
        REQUIRE(
            server.release(*holder, RootKeyFixture::release_of(split, *holder, server.coordinator3))
                .ok());
    }
    server.split_among_coordinators(server.make_split(server.coordinators()));
    v1::CollectRootKeyReleasesResponse collected;
    CHECK(server.collect(server.coordinator3, collected).error_code() == Code::FAILED_PRECONDITION);
}

}  // namespace weerbaar::server::test
