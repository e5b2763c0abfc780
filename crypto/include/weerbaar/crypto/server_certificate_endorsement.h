#pragma once
// The server certificate endorsement (ADR 0010): the server's audit key vouching
// for the TLS certificate the server presents. Clients pin both the certificate and
// the audit key; when the certificate changes (rotated, or made anew on a moved
// server) a client accepts the new one only if the pinned audit key endorses the
// SHA-256 of exactly the certificate its own TLS connection was shown. A stranger on
// the network holds no audit key, so cannot make a client follow it.
//
// Layout (docs/crypto.md, "Server certificate endorsement"):
//   u8 version = 1 | u8 tag = 0x12 | 32 certificate_sha256 | u64 endorsed_at |
//   64 Ed25519 signature by the audit key, domain
//   "weerbaar/v1/server-certificate-endorsement", over every byte before it.
//
// Pure functions; thread-safe.

#include <cstdint>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/result.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kSha256Size = 32;

struct ServerCertificateEndorsement {
    Bytes certificate_sha256;       // kSha256Size: SHA-256 of the certificate's DER
    std::uint64_t endorsed_at = 0;  // unix seconds, the server's clock when it signed
};

// SHA-256 (FIPS 180-4, libsodium's crypto_hash_sha256) of a certificate's DER bytes;
// the same digest as the fingerprint `openssl x509 -fingerprint -sha256` shows.
[[nodiscard]] Bytes server_certificate_sha256(ByteView certificate_der);

// The encoded endorsement of `certificate_der`, signed by `audit_key` at
// `endorsed_at` (unix seconds).
[[nodiscard]] Bytes endorse_server_certificate(ByteView certificate_der, std::uint64_t endorsed_at,
                                               const SigningKeyPair& audit_key);

// Checks that `encoded` is an endorsement, signed under `audit_sign_pk`, of exactly
// `certificate_der`. Any failure (malformed, another certificate, another key, a bad
// signature) is the one opaque integrity_failure.
[[nodiscard]] Result<ServerCertificateEndorsement> verify_server_certificate_endorsement(
    ByteView encoded, ByteView certificate_der, ByteView audit_sign_pk);

}  // namespace weerbaar::crypto
