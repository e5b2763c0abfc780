#include "weerbaar/crypto/server_certificate_endorsement.h"

#include <catch2/catch.hpp>

#include "refusals.h"
#include "tamper.h"

using namespace weerbaar::crypto;

namespace {

const Bytes kCertificate = {0x30, 0x03, 0x02, 0x01, 0x07};
const Bytes kOtherCertificate = {0x30, 0x03, 0x02, 0x01, 0x08};

}  // namespace

TEST_CASE("an endorsement verifies for its certificate under the audit key", "[endorsement]") {
    REQUIRE(initialise().ok());
    const SigningKeyPair audit_key = SigningKeyPair::generate();
    const Bytes encoded = endorse_server_certificate(kCertificate, 1767225600, audit_key);
    REQUIRE(encoded.size() == 1 + 1 + 32 + 8 + 64);
    const auto endorsement =
        verify_server_certificate_endorsement(encoded, kCertificate, audit_key.public_key());
    REQUIRE(endorsement.ok());
    REQUIRE(endorsement.value().endorsed_at == 1767225600);
    REQUIRE(endorsement.value().certificate_sha256 == server_certificate_sha256(kCertificate));
}

TEST_CASE("an endorsement is refused for another certificate, key or damaged bytes",
          "[endorsement]") {
    REQUIRE(initialise().ok());
    const SigningKeyPair audit_key = SigningKeyPair::generate();
    const SigningKeyPair stranger = SigningKeyPair::generate();
    const Bytes encoded = endorse_server_certificate(kCertificate, 1767225600, audit_key);
    // A stranger's certificate, even with the audit key's endorsement of ours.
    test::require_opaque_failure(
        verify_server_certificate_endorsement(encoded, kOtherCertificate, audit_key.public_key()));
    // The stranger endorsing its own certificate with its own key.
    test::require_opaque_failure(verify_server_certificate_endorsement(
        endorse_server_certificate(kOtherCertificate, 1767225600, stranger), kOtherCertificate,
        audit_key.public_key()));
    test::require_opaque_failure(
        verify_server_certificate_endorsement(encoded, kCertificate, Bytes(31, 1)));
    test::require_opaque_failure(
        verify_server_certificate_endorsement(Bytes{}, kCertificate, audit_key.public_key()));
    test::require_opaque_failure(verify_server_certificate_endorsement(
        test::flipped(encoded, 40), kCertificate, audit_key.public_key()));
}
