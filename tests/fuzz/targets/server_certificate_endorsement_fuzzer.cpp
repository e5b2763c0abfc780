// A server certificate endorsement as a client follows a certificate rotation
// (docs/crypto.md, ADR 0010): checked against the vector's certificate and audit key.
// Whatever the bytes, an endorsement that verifies names exactly that certificate.
#include "fuzz_support.h"
#include "weerbaar/crypto/server_certificate_endorsement.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const fuzz::Bytes audit_sign_pk =
        fuzz::vector_bytes("server_certificate_endorsement.json", "/server_sign_pk");
    static const fuzz::Bytes certificate_der =
        fuzz::vector_bytes("server_certificate_endorsement.json", "/certificate_der");
    const auto input = fuzz::view_of(data, size);
    (void)crypto::verify_server_certificate_endorsement(input, certificate_der, audit_sign_pk);
    // And the input read as a certificate, with the vector's endorsement: a short or odd
    // DER must not upset the hashing.
    static const fuzz::Bytes endorsement =
        fuzz::vector_bytes("server_certificate_endorsement.json", "/encoded");
    (void)crypto::verify_server_certificate_endorsement(endorsement, input, audit_sign_pk);
    return 0;
}
