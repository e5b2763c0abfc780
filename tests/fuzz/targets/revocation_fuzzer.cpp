// A revocation from the server (docs/crypto.md, "Revocations"): decoded, re-encoded,
// and checked against the vector's revoked and revoker certificates and root.
#include "fuzz_support.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/revocation.h"

using namespace weerbaar;

namespace {
crypto::Certificate vector_certificate(const char* pointer) {
    auto certificate = crypto::Certificate::decode(fuzz::vector_bytes("revocation.json", pointer));
    fuzz::require(certificate.ok(), "a vector certificate does not decode");
    return std::move(certificate).value();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const fuzz::Bytes root_sign_pk = fuzz::vector_bytes("revocation.json", "/root_sign_pk");
    static const crypto::Certificate revoked = vector_certificate("/revoked_certificate");
    static const crypto::Certificate revoker = vector_certificate("/revoker_certificate");
    const auto input = fuzz::view_of(data, size);
    if (!fuzz::decodes_canonically<crypto::Revocation>(input)) {
        return 0;
    }
    const auto revocation = crypto::Revocation::decode(input).value();
    (void)revocation.verify_signature();
    (void)crypto::verify_revocation(revocation, revoked, revoker, root_sign_pk);
    return 0;
}
