// A case key wrap from the server (docs/crypto.md, "Key wraps"): decoded, re-encoded,
// its signature checked and opened with the vector recipient's key.
#include "fuzz_support.h"
#include "weerbaar/crypto/case_key.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const crypto::EncryptionKeyPair recipient =
        fuzz::vector_encryption_key("key_wrap.json", "/recipient_enc_sk");
    const auto input = fuzz::view_of(data, size);
    if (!fuzz::decodes_canonically<crypto::KeyWrap>(input)) {
        return 0;
    }
    const auto wrap = crypto::KeyWrap::decode(input).value();
    (void)wrap.verify_signature();
    (void)wrap.open(recipient);
    return 0;
}
