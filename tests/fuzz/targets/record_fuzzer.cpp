// A case record from the server (docs/crypto.md, "Records"): decoded, re-encoded,
// hashed, its signature checked and its ciphertext opened under the vector's case key.
#include "fuzz_support.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/record.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const fuzz::Bytes author_sign_pk = fuzz::vector_bytes("record.json", "/author_sign_pk");
    static const crypto::CaseKey case_key = [] {
        auto key = crypto::CaseKey::from_secret(fuzz::vector_secret("record.json", "/case_key"));
        fuzz::require(key.ok(), "the vector's case key is not a case key");
        return std::move(key).value();
    }();
    const auto input = fuzz::view_of(data, size);
    if (!fuzz::decodes_canonically<crypto::SealedRecord>(input)) {
        return 0;
    }
    const auto record = crypto::SealedRecord::decode(input).value();
    fuzz::require(record.hash().size() == 32, "a record hash is not 32 bytes");
    const auto opened = record.open(case_key, author_sign_pk);
    const auto decrypted = record.decrypt(case_key);
    // open() is verify_signature() then decrypt(): it can succeed only if both do.
    fuzz::require(!opened.ok() || (record.verify_signature(author_sign_pk).ok() && decrypted.ok()),
                  "a record opened whose signature or ciphertext does not hold");
    return 0;
}
