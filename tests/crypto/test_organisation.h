#pragma once
// The small organisation the certificate and revocation tests start from:
// root -> bob (coordinator) -> anna (confidant), with fixed issue times.

#include <catch2/catch.hpp>

#include "weerbaar/crypto/certificate.h"

namespace weerbaar::crypto::test {

inline constexpr std::uint64_t kIssued = 1767225600;

inline CertificateBody body_for(std::string user, Role role, const Identity& identity,
                                std::string issuer, const SigningKeyPair& issuer_key) {
    return CertificateBody{std::move(user),
                           role,
                           identity.signing.public_key(),
                           identity.encryption.public_key(),
                           kIssued,
                           std::move(issuer),
                           issuer_key.public_key()};
}

inline Certificate issued(std::string user, Role role, const Identity& identity, std::string issuer,
                          const SigningKeyPair& issuer_key) {
    auto cert = Certificate::issue(
        body_for(std::move(user), role, identity, std::move(issuer), issuer_key), issuer_key);
    REQUIRE(cert.ok());
    return std::move(cert).value();
}

struct Organisation {
    SigningKeyPair root = SigningKeyPair::generate();
    Identity bob = Identity::generate();
    Identity anna = Identity::generate();
    Certificate bob_cert = issued("bob", Role::coordinator, bob, "root", root);
    Certificate anna_cert = issued("anna", Role::confidant, anna, "bob", bob.signing);
};

// libsodium first: the members' keys live in secure memory.
inline Organisation make_organisation() {
    REQUIRE(initialise().ok());
    return Organisation{};
}

}  // namespace weerbaar::crypto::test
