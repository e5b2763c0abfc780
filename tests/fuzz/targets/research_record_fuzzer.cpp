// A case's research record (docs/crypto.md, "Research records"): decoded, re-encoded,
// verified and opened with the vector's author and research keys.
#include "fuzz_support.h"
#include "weerbaar/crypto/research_record.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const fuzz::Bytes author_sign_pk =
        fuzz::vector_bytes("research_record.json", "/author_sign_pk");
    static const crypto::EncryptionKeyPair research_key =
        fuzz::vector_encryption_key("research_record.json", "/research_enc_sk");
    const auto input = fuzz::view_of(data, size);
    if (!fuzz::decodes_canonically<crypto::ResearchRecord>(input)) {
        return 0;
    }
    const auto record = crypto::ResearchRecord::decode(input).value();
    (void)record.verify_signature(author_sign_pk);
    (void)record.open(author_sign_pk, research_key);
    return 0;
}
