// A member certificate from the directory (docs/crypto.md, "Certificates"): decoded,
// re-encoded, its signature and its chain to the vector's root checked.
#include "fuzz_support.h"
#include "weerbaar/crypto/certificate.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const fuzz::Bytes root_sign_pk = fuzz::vector_bytes("certificate.json", "/root_sign_pk");
    const auto input = fuzz::view_of(data, size);
    if (!fuzz::decodes_canonically<crypto::Certificate>(input)) {
        return 0;
    }
    const auto certificate = crypto::Certificate::decode(input).value();
    (void)certificate.verify_signature();
    (void)crypto::verify_chain(certificate, nullptr, root_sign_pk);
    (void)crypto::verify_chain(certificate, &certificate, root_sign_pk);
    return 0;
}
