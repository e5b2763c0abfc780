#pragma once
// What every fuzz target shares: the test vectors (tests/vectors/) as the source of
// the keys a target needs, and the checks that turn a broken property into a crash
// libFuzzer reports (docs/testing.md, "Fuzzing").
//
// A target is a file in targets/ defining LLVMFuzzerTestOneInput. It is built twice:
// with clang's libFuzzer, ASan and UBSan for `make fuzz`, and into fuzz_replay (any
// compiler, no libFuzzer) that runs the seeds and every saved crash under ctest.
//
// Threading: each target runs on one thread; vector_file caches what it read and is
// not safe to call from several threads at once.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::fuzz {

using crypto::Bytes;
using crypto::ByteView;

// libsodium initialised once per process; aborts if it cannot be.
void initialise_crypto();

// A test vector file of tests/vectors/, parsed once; aborts when it is missing or
// not JSON (the build passes the directory as WEERBAAR_VECTORS_DIR).
const nlohmann::json& vector_file(std::string_view name);
// The hex string at `pointer` (a JSON pointer, "/streams/0/key") of that file as bytes;
// aborts when absent or not hex.
Bytes vector_bytes(std::string_view file, std::string_view pointer);
crypto::SecretBuffer vector_secret(std::string_view file, std::string_view pointer);
// The X25519 pair whose secret key is the hex string at `pointer`.
crypto::EncryptionKeyPair vector_encryption_key(std::string_view file, std::string_view pointer);

// A property the code under test must keep. When it does not, prints `what` and
// aborts, which libFuzzer (and fuzz_replay) report as a crash with the input saved.
void require(bool holds, const char* what);

inline ByteView view_of(const std::uint8_t* data, std::size_t size) { return {data, size}; }

// Splits the input at a point chosen by its first two bytes: how targets that take
// two parts (an entry and a checkpoint; a stream and where it is cut) get both from
// one input that libFuzzer can mutate.
struct SplitInput {
    ByteView first;
    ByteView second;
};
SplitInput split_input(ByteView input);

// For a wire format with decode() and encode(): whatever decodes must encode back
// to exactly the same bytes. A format that accepted two encodings of one value
// would let the same signed content travel under two hashes (docs/crypto.md,
// "Encoding rules"). Returns whether the input decoded.
template <typename Format>
bool decodes_canonically(ByteView input) {
    auto decoded = Format::decode(input);
    if (!decoded.ok()) {
        return false;
    }
    const Bytes encoded = decoded.value().encode();
    require(
        encoded.size() == input.size() && std::equal(encoded.begin(), encoded.end(), input.begin()),
        "decode then encode did not give back the same bytes");
    return true;
}

}  // namespace weerbaar::fuzz
