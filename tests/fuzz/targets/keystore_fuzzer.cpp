// The keystore file and its opened contents (docs/crypto.md, "Keystore"). The sealed
// file's layout and Argon2id bounds are parsed as open_keystore parses them; the key
// derivation itself (hundreds of milliseconds by design) is left out, so the fuzzer
// spends its time on the parsing. The contents (what the unlock agent hands back)
// must decode canonically.
#include "fuzz_support.h"
#include "weerbaar/crypto/keystore.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    const auto input = fuzz::view_of(data, size);
    const auto layout = crypto::parse_sealed_keystore(input);
    if (layout.ok()) {
        fuzz::require(layout.value().header.size() + 2 + layout.value().ciphertext.size() == size,
                      "a sealed keystore's parts do not add up to the file");
    }
    const auto contents = crypto::decode_keystore_contents(input);
    if (contents.ok()) {
        const auto encoded = crypto::encode_keystore_contents(contents.value());
        const auto bytes = encoded.expose_secret();
        fuzz::require(bytes.size() == size && std::equal(bytes.begin(), bytes.end(), input.begin()),
                      "keystore contents did not encode back to the same bytes");
    }
    return 0;
}
