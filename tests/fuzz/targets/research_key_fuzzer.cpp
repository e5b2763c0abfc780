// The research key's certificate and its wraps to coordinators (docs/crypto.md,
// "Research key"): each decoded, re-encoded, verified, and a wrap opened with the
// vector recipient's key.
#include "fuzz_support.h"
#include "weerbaar/crypto/research_key.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const fuzz::Bytes root_sign_pk =
        fuzz::vector_bytes("research_key_certificate.json", "/root_sign_pk");
    static const fuzz::Bytes research_enc_pk =
        fuzz::vector_bytes("research_key_wrap.json", "/research_enc_pk");
    static const crypto::EncryptionKeyPair recipient =
        fuzz::vector_encryption_key("research_key_wrap.json", "/recipient_enc_sk");
    const auto input = fuzz::view_of(data, size);
    if (fuzz::decodes_canonically<crypto::ResearchKeyCertificate>(input)) {
        (void)crypto::ResearchKeyCertificate::decode(input).value().verify(root_sign_pk);
    }
    if (fuzz::decodes_canonically<crypto::ResearchKeyWrap>(input)) {
        const auto wrap = crypto::ResearchKeyWrap::decode(input).value();
        (void)wrap.verify_signature();
        (void)wrap.open(recipient, research_enc_pk);
    }
    return 0;
}
