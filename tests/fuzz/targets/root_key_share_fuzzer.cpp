// A root key share and a share's release (docs/crypto.md, "Root key shares"): each
// decoded, re-encoded, verified, and opened with the vector's holder key.
#include "fuzz_support.h"
#include "weerbaar/crypto/root_key_share.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const crypto::EncryptionKeyPair holder =
        fuzz::vector_encryption_key("root_key_share.json", "/recipient_enc_sk");
    static const crypto::RootKeyShare vector_share = [] {
        auto share = crypto::RootKeyShare::decode(
            fuzz::vector_bytes("root_key_share.json", "/shares/0/encoded"));
        fuzz::require(share.ok(), "the vector's first share does not decode");
        return std::move(share).value();
    }();
    const auto input = fuzz::view_of(data, size);
    if (fuzz::decodes_canonically<crypto::RootKeyShare>(input)) {
        const auto share = crypto::RootKeyShare::decode(input).value();
        (void)share.verify_signature();
        (void)share.open(holder);
    }
    if (fuzz::decodes_canonically<crypto::RootKeyShareRelease>(input)) {
        const auto release = crypto::RootKeyShareRelease::decode(input).value();
        (void)release.verify_signature();
        (void)release.open(holder, vector_share);
    }
    return 0;
}
