// An attachment's ciphertext as the server hands it back (docs/crypto.md,
// "Attachments"): fed to the opener under the vector's key, case and attachment id,
// cut where the input's first two bytes say, then finished. Whatever the bytes, the
// opener must never accept a stream whose hash is not the expected one.
#include "fuzz_support.h"
#include "weerbaar/crypto/attachment_stream.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const crypto::SecretBuffer key = fuzz::vector_secret("attachment.json", "/key");
    static const fuzz::Bytes case_id = fuzz::vector_bytes("attachment.json", "/case_id");
    static const fuzz::Bytes attachment_id =
        fuzz::vector_bytes("attachment.json", "/attachment_id");
    // The expected hash is the hash of the input itself: the opener's own checks of the
    // chunks (tags, order, the final tag at the end) are what the fuzzer reaches.
    const auto [first, second] = fuzz::split_input(fuzz::view_of(data, size));
    crypto::AttachmentHasher hasher;
    hasher.update(first);
    hasher.update(second);
    const fuzz::Bytes expected = hasher.finish();
    auto opener = crypto::AttachmentOpener::create(key, case_id, attachment_id, expected);
    fuzz::require(opener.ok(), "the opener refused the vector's key and ids");
    std::uint64_t emitted = 0;
    const crypto::AttachmentSink sink = [&](fuzz::ByteView bytes) {
        emitted += bytes.size();
        return ok_status();
    };
    const bool updated =
        opener.value().update(first, sink).ok() && opener.value().update(second, sink).ok();
    const bool finished = updated && opener.value().finish(sink).ok();
    fuzz::require(emitted == opener.value().plaintext_size(),
                  "plaintext_size() is not what was emitted");
    if (finished) {
        fuzz::require(crypto::attachment_ciphertext_size(emitted) == first.size() + second.size(),
                      "an opened stream's size is not the ciphertext size of its plaintext");
    }
    return 0;
}
