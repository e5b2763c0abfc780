// A research package as a researcher receives it (docs/crypto.md, "Research
// packages"): decoded, re-encoded, verified, decrypted with the vector researcher's
// key and its archive parsed, file names checked.
#include "fuzz_support.h"
#include "weerbaar/crypto/research_package.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const crypto::EncryptionKeyPair researcher =
        fuzz::vector_encryption_key("research_package.json", "/cases/1/recipient_enc_sk");
    const auto input = fuzz::view_of(data, size);
    if (!fuzz::decodes_canonically<crypto::ResearchPackage>(input)) {
        return 0;
    }
    const auto package = crypto::ResearchPackage::decode(input).value();
    (void)package.verify_signature();
    const auto files = package.open(&researcher);
    if (files.ok()) {
        for (const auto& file : files.value()) {
            fuzz::require(crypto::validate_package_file_name(file.name).ok(),
                          "an opened package holds a file name the check refuses");
        }
    }
    (void)package.open(nullptr);
    return 0;
}
