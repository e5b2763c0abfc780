#include "weerbaar/crypto/revocation.h"

#include <catch2/catch.hpp>

#include "tamper.h"
#include "test_organisation.h"

namespace weerbaar::crypto {
namespace {

constexpr std::uint64_t kRevokedAt = 1767484800;

using test::issued;
using test::make_organisation;
using test::Organisation;

RevocationBody body_for(const Certificate& revoked, std::string revoker,
                        const SigningKeyPair& revoker_key) {
    return RevocationBody{revoked.body().user, revoked.hash(), kRevokedAt, std::move(revoker),
                          revoker_key.public_key()};
}

Revocation revoked_by(const Certificate& revoked, std::string revoker,
                      const SigningKeyPair& revoker_key) {
    auto revocation =
        Revocation::issue(body_for(revoked, std::move(revoker), revoker_key), revoker_key);
    REQUIRE(revocation.ok());
    return std::move(revocation).value();
}

void require_revocation_failure(const Status& status, const std::string& fragment) {
    REQUIRE_FALSE(status.ok());
    INFO(status.error().message());
    REQUIRE(status.error().code() == ErrorCode::integrity_failure);
    REQUIRE(status.error().message().find(fragment) != std::string::npos);
}

TEST_CASE("a certificate hash is BLAKE2b-256 of its encoding under its own domain",
          "[revocation]") {
    const Organisation org = make_organisation();
    REQUIRE(org.anna_cert.hash() ==
            hash("weerbaar/v1/certificate-hash", org.anna_cert.encode(), 32));
    REQUIRE(org.anna_cert.hash() != org.bob_cert.hash());
}

TEST_CASE("a revocation survives encode and decode unchanged", "[revocation]") {
    const Organisation org = make_organisation();
    const Revocation revocation = revoked_by(org.anna_cert, "bob", org.bob.signing);
    const Bytes encoded = revocation.encode();
    const auto decoded = Revocation::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    const RevocationBody& body = decoded.value().body();
    REQUIRE(body.user == "anna");
    REQUIRE(body.certificate_hash == org.anna_cert.hash());
    REQUIRE(body.revoked_at == kRevokedAt);
    REQUIRE(body.revoker == "bob");
    REQUIRE(body.revoker_sign_pk == org.bob.signing.public_key());
    REQUIRE(decoded.value().verify_signature().ok());
    REQUIRE(decoded.value().hash() == revocation.hash());
    REQUIRE(revocation.hash() == hash("weerbaar/v1/revocation-hash", encoded, 32));
    REQUIRE(encoded[0] == 1);
    REQUIRE(encoded[1] == 0x06);
    REQUIRE(encoded.size() == 2 + 2 + 4 + 32 + 8 + 2 + 3 + 32 + 64);
}

TEST_CASE("verify_revocation accepts a revocation by a root-certified coordinator",
          "[revocation]") {
    const Organisation org = make_organisation();
    const Revocation revocation = revoked_by(org.anna_cert, "bob", org.bob.signing);
    REQUIRE(verify_revocation(revocation, org.anna_cert, org.bob_cert, org.root.public_key()).ok());
}

TEST_CASE("a revocation fails to verify or decode when any byte is flipped", "[revocation]") {
    const Organisation org = make_organisation();
    const Bytes encoded = revoked_by(org.anna_cert, "bob", org.bob.signing).encode();
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        INFO("byte " << i);
        const auto decoded = Revocation::decode(test::flipped(encoded, i));
        if (decoded.ok()) {
            REQUIRE_FALSE(decoded.value().verify_signature().ok());
            REQUIRE_FALSE(verify_revocation(decoded.value(), org.anna_cert, org.bob_cert,
                                            org.root.public_key())
                              .ok());
        }
    }
}

TEST_CASE("revocation decode fails on truncated input and trailing bytes", "[revocation]") {
    const Organisation org = make_organisation();
    const Bytes encoded = revoked_by(org.anna_cert, "bob", org.bob.signing).encode();
    for (std::size_t size = 0; size < encoded.size(); ++size) {
        INFO("size " << size);
        const auto decoded = Revocation::decode(test::truncated(encoded, size));
        REQUIRE(decoded.error().code() == ErrorCode::invalid_argument);
    }
    REQUIRE(Revocation::decode(test::with_trailing_byte(encoded)).error().code() ==
            ErrorCode::invalid_argument);
}

TEST_CASE("revocation decode fails on a wrong version, a wrong tag or a bad name", "[revocation]") {
    const Organisation org = make_organisation();
    const Bytes encoded = revoked_by(org.anna_cert, "bob", org.bob.signing).encode();
    REQUIRE(Revocation::decode(test::spliced(encoded, 0, Bytes{2})).error().code() ==
            ErrorCode::invalid_argument);
    // A certificate's tag: a revocation cannot be read as another format or back.
    REQUIRE(Revocation::decode(test::spliced(encoded, 1, Bytes{0x01})).error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(Certificate::decode(encoded).error().code() == ErrorCode::invalid_argument);
    REQUIRE(Revocation::decode(test::spliced(encoded, 4, as_bytes("Anna"))).error().code() ==
            ErrorCode::invalid_argument);
}

TEST_CASE("revocation issue fails on bad fields or a key that is not the revoker's",
          "[revocation]") {
    const Organisation org = make_organisation();
    const RevocationBody body = body_for(org.anna_cert, "bob", org.bob.signing);
    REQUIRE(Revocation::issue(body, org.anna.signing).error().code() ==
            ErrorCode::invalid_argument);

    const auto fails = [&](RevocationBody bad) {
        const auto revocation = Revocation::issue(std::move(bad), org.bob.signing);
        return !revocation.ok() && revocation.error().code() == ErrorCode::invalid_argument;
    };
    RevocationBody bad = body;
    bad.user = "";
    REQUIRE(fails(bad));
    bad = body;
    bad.user = "root";
    REQUIRE(fails(bad));
    bad = body;
    bad.revoker = "Bob";
    REQUIRE(fails(bad));
    bad = body;
    bad.revoker = "root";
    REQUIRE(fails(bad));
    bad = body;
    bad.certificate_hash.pop_back();
    REQUIRE(fails(bad));
    bad = body;
    bad.revoker_sign_pk.push_back(0);
    REQUIRE(fails(bad));
}

TEST_CASE("verify_revocation fails for another member's certificate", "[revocation]") {
    const Organisation org = make_organisation();
    const Identity carol = Identity::generate();
    const Certificate carol_cert = issued("carol", Role::peer, carol, "bob", org.bob.signing);
    const Revocation revocation = revoked_by(org.anna_cert, "bob", org.bob.signing);
    require_revocation_failure(
        verify_revocation(revocation, carol_cert, org.bob_cert, org.root.public_key()),
        "revocation of 'anna': given certificate is of 'carol'");
}

TEST_CASE("verify_revocation fails when the certificate hash names another certificate",
          "[revocation]") {
    const Organisation org = make_organisation();
    // anna re-enrolled with new keys: the old revocation does not revoke the new certificate.
    const Identity anna_again = Identity::generate();
    const Certificate anna_new =
        issued("anna", Role::confidant, anna_again, "bob", org.bob.signing);
    const Revocation revocation = revoked_by(org.anna_cert, "bob", org.bob.signing);
    require_revocation_failure(
        verify_revocation(revocation, anna_new, org.bob_cert, org.root.public_key()),
        "revocation of 'anna': names another certificate of this member");
}

TEST_CASE("verify_revocation fails when the revoker certificate is of someone else",
          "[revocation]") {
    const Organisation org = make_organisation();
    const Identity dave = Identity::generate();
    const Certificate dave_cert = issued("dave", Role::coordinator, dave, "root", org.root);
    const Revocation revocation = revoked_by(org.anna_cert, "bob", org.bob.signing);
    require_revocation_failure(
        verify_revocation(revocation, org.anna_cert, dave_cert, org.root.public_key()),
        "revocation of 'anna': revoker 'bob': given certificate is of 'dave'");
}

TEST_CASE("verify_revocation fails when the revoker is not a coordinator", "[revocation]") {
    const Organisation org = make_organisation();
    const Identity carol = Identity::generate();
    const Certificate carol_cert = issued("carol", Role::peer, carol, "bob", org.bob.signing);
    const Revocation revocation = revoked_by(org.anna_cert, "carol", carol.signing);
    REQUIRE(revocation.verify_signature().ok());
    require_revocation_failure(
        verify_revocation(revocation, org.anna_cert, carol_cert, org.root.public_key()),
        "revocation of 'anna': revoker 'carol' is not a coordinator");
}

TEST_CASE("verify_revocation fails when the revoker is not issued by the pinned root",
          "[revocation]") {
    const Organisation org = make_organisation();
    const Revocation revocation = revoked_by(org.anna_cert, "bob", org.bob.signing);

    const SigningKeyPair other_root = SigningKeyPair::generate();
    const Certificate bob_elsewhere = issued("bob", Role::coordinator, org.bob, "root", other_root);
    require_revocation_failure(
        verify_revocation(revocation, org.anna_cert, bob_elsewhere, org.root.public_key()),
        "revocation of 'anna': revoker 'bob' is not certified by the pinned root key");

    // A coordinator certificate signed by another coordinator never counts.
    const Identity eve = Identity::generate();
    const Certificate bob_by_eve = issued("bob", Role::coordinator, org.bob, "eve", eve.signing);
    require_revocation_failure(
        verify_revocation(revocation, org.anna_cert, bob_by_eve, org.root.public_key()),
        "revoker 'bob' is not certified by the pinned root key");

    // Nor does a root-issued certificate whose root signature was altered.
    const Bytes bob_encoded = org.bob_cert.encode();
    const auto bob_forged = Certificate::decode(test::flipped(bob_encoded, bob_encoded.size() - 1));
    REQUIRE(bob_forged.ok());
    require_revocation_failure(
        verify_revocation(revocation, org.anna_cert, bob_forged.value(), org.root.public_key()),
        "revoker 'bob' is not certified by the pinned root key");
}

TEST_CASE("verify_revocation fails when signed by a key other than the revoker's certificate",
          "[revocation]") {
    const Organisation org = make_organisation();
    const SigningKeyPair impostor = SigningKeyPair::generate();
    const Revocation revocation = revoked_by(org.anna_cert, "bob", impostor);
    REQUIRE(revocation.verify_signature().ok());
    require_revocation_failure(
        verify_revocation(revocation, org.anna_cert, org.bob_cert, org.root.public_key()),
        "revocation of 'anna': revoker 'bob': key does not match the revoker's certificate");
}

TEST_CASE("verify_revocation fails when the signature is altered", "[revocation]") {
    const Organisation org = make_organisation();
    const Bytes encoded = revoked_by(org.anna_cert, "bob", org.bob.signing).encode();
    const auto forged = Revocation::decode(test::flipped(encoded, encoded.size() - 1));
    REQUIRE(forged.ok());
    require_revocation_failure(
        verify_revocation(forged.value(), org.anna_cert, org.bob_cert, org.root.public_key()),
        "revocation of 'anna': signature by revoker 'bob' does not verify");

    // The date is signed too: a revocation cannot be moved in time.
    const std::size_t revoked_at_offset = 2 + 2 + 4 + 32;
    const auto backdated = Revocation::decode(test::flipped(encoded, revoked_at_offset + 7));
    REQUIRE(backdated.ok());
    REQUIRE(backdated.value().body().revoked_at == (kRevokedAt ^ 1U));
    require_revocation_failure(
        verify_revocation(backdated.value(), org.anna_cert, org.bob_cert, org.root.public_key()),
        "signature by revoker 'bob' does not verify");
}

TEST_CASE("verify_revocation refuses a root key of the wrong size", "[revocation]") {
    const Organisation org = make_organisation();
    const Revocation revocation = revoked_by(org.anna_cert, "bob", org.bob.signing);
    REQUIRE(
        verify_revocation(revocation, org.anna_cert, org.bob_cert, Bytes(31, 0)).error().code() ==
        ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace weerbaar::crypto
