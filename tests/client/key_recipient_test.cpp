#include <catch2/catch.hpp>
#include <string>

#include "weerbaar/client/member_directory.h"
#include "weerbaar/crypto/fingerprint.h"

using weerbaar::ErrorCode;
using weerbaar::client::KeySighting;
using weerbaar::client::VerifiedMember;

namespace {

VerifiedMember daan(bool active) {
    REQUIRE(weerbaar::crypto::initialise().ok());
    const auto root = weerbaar::crypto::SigningKeyPair::generate();
    const auto identity = weerbaar::crypto::Identity::generate();
    weerbaar::crypto::CertificateBody body{"daan",
                                           weerbaar::crypto::Role::peer,
                                           identity.signing.public_key(),
                                           identity.encryption.public_key(),
                                           1'700'000'000,
                                           std::string(weerbaar::crypto::kRootIssuer),
                                           root.public_key()};
    auto certificate = weerbaar::crypto::Certificate::issue(std::move(body), root);
    REQUIRE(certificate.ok());
    return VerifiedMember(std::move(certificate).value(), active);
}

}  // namespace

TEST_CASE("an active member with a known key may receive a case key", "[key-recipient]") {
    CHECK(weerbaar::client::check_may_receive_key(daan(true)).ok());
}

TEST_CASE("a revocation the server forgot is a rollback, exit 4", "[key-recipient]") {
    VerifiedMember member = daan(true);
    member.revocation_remembered = true;
    const auto status = weerbaar::client::check_may_receive_key(member);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code() == ErrorCode::integrity_failure);
    CHECK(status.error().message() ==
          "daan was revoked, but the server lists daan as active: revocation rolled back?");
}

TEST_CASE("a revoked member the server also lists as revoked is refused, exit 3",
          "[key-recipient]") {
    VerifiedMember member = daan(false);
    member.revocation_remembered = true;
    const auto status = weerbaar::client::check_may_receive_key(member);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code() == ErrorCode::permission_denied);
    CHECK(status.error().message() == "daan is revoked");
}

TEST_CASE("an inactive member is refused", "[key-recipient]") {
    const auto status = weerbaar::client::check_may_receive_key(daan(false));
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code() == ErrorCode::permission_denied);
}

TEST_CASE("a changed key blocks until verified, naming the command to run", "[key-recipient]") {
    VerifiedMember member = daan(true);
    member.key = KeySighting::changed;
    const auto status = weerbaar::client::check_may_receive_key(member);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code() == ErrorCode::integrity_failure);
    CHECK_THAT(status.error().message(), Catch::Contains("the key of daan changed"));
    // The core names no command; the CLI's words are checked in tests/cli.
    CHECK(status.error().message().find("--") == std::string::npos);
    const auto changed = weerbaar::client::changed_key_of(status.error());
    REQUIRE(changed.has_value());
    CHECK(changed->user == "daan");
    CHECK(changed->fingerprint == member.certificate.fingerprint());
}
