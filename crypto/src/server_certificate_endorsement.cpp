#include "weerbaar/crypto/server_certificate_endorsement.h"

#include <sodium.h>

#include "wire_format.h"

namespace weerbaar::crypto {
namespace {

Bytes encode_body(ByteView certificate_sha256, std::uint64_t endorsed_at) {
    wire::Writer writer;
    writer.header(wire::FormatTag::server_certificate_endorsement);
    writer.fixed(certificate_sha256);
    writer.u64(endorsed_at);
    return std::move(writer).take();
}

}  // namespace

Bytes server_certificate_sha256(ByteView certificate_der) {
    Bytes digest(kSha256Size);
    static_assert(crypto_hash_sha256_BYTES == kSha256Size);
    crypto_hash_sha256(digest.data(), certificate_der.data(), certificate_der.size());
    return digest;
}

Bytes endorse_server_certificate(ByteView certificate_der, std::uint64_t endorsed_at,
                                 const SigningKeyPair& audit_key) {
    Bytes encoded = encode_body(server_certificate_sha256(certificate_der), endorsed_at);
    const Bytes signature = audit_key.sign(wire::kDomainServerCertificateEndorsement, encoded);
    encoded.insert(encoded.end(), signature.begin(), signature.end());
    return encoded;
}

Result<ServerCertificateEndorsement> verify_server_certificate_endorsement(ByteView encoded,
                                                                           ByteView certificate_der,
                                                                           ByteView audit_sign_pk) {
    wire::Reader reader(encoded);
    if (!reader.header(wire::FormatTag::server_certificate_endorsement, "endorsement").ok()) {
        return wire::opaque_failure();
    }
    const ByteView digest = reader.fixed(kSha256Size);
    const std::uint64_t endorsed_at = reader.u64();
    const ByteView signature = reader.fixed(kSignatureSize);
    if (!reader.finish("endorsement").ok() || audit_sign_pk.size() != kSignPublicKeySize) {
        return wire::opaque_failure();
    }
    WEERBAAR_TRY(wire::verify_opaque(audit_sign_pk, wire::kDomainServerCertificateEndorsement,
                                     encoded.first(encoded.size() - kSignatureSize), signature));
    // Compared after the signature, so that only the audit key's own statements
    // are ever compared with the connection's certificate.
    if (!equal_constant_time(digest, server_certificate_sha256(certificate_der))) {
        return wire::opaque_failure();
    }
    return ServerCertificateEndorsement{Bytes(digest.begin(), digest.end()), endorsed_at};
}

}  // namespace weerbaar::crypto
