#pragma once
// crypto_secretstream_xchacha20poly1305 cut into chunks of a fixed plaintext size,
// with the same associated data on every chunk: the one chunking that attachments
// and backups share (docs/crypto.md, "Attachments" and "Backups"). The ciphertext is
// the 24-byte stream header, then one sealed chunk per full plaintext chunk (tagged
// message) and a last, shorter one, possibly empty (tagged final). A stream cut at a
// chunk boundary lacks the final tag; one cut or extended inside a chunk fails its
// MAC; chunks swapped or replayed fail secretstream's own counter.
//
// Input is taken in pieces of any size and output handed to a sink as it is ready.
// Plaintext handed to a sink lies in sodium_malloc memory that is wiped right after
// the call. After a failure (or a sink's error) every later call fails too.

#include <sodium.h>

#include <cstddef>
#include <functional>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::crypto::chunked_secretstream {

inline constexpr std::size_t kKeySize = crypto_secretstream_xchacha20poly1305_KEYBYTES;
inline constexpr std::size_t kHeaderSize = crypto_secretstream_xchacha20poly1305_HEADERBYTES;
inline constexpr std::size_t kChunkOverhead = crypto_secretstream_xchacha20poly1305_ABYTES;

using Sink = std::function<Status(ByteView bytes)>;

// `key` has kKeySize bytes (the callers check it and say which key it is).
class Sealer {
  public:
    Sealer(const SecretBuffer& key, Bytes associated_data, std::size_t chunk_size);
    // Encrypts the next plaintext bytes; the header and every full chunk go to `sink`
    // as soon as they exist. At most one chunk of plaintext waits in secure memory.
    [[nodiscard]] Status update(ByteView plaintext, const Sink& sink);
    // Seals the last chunk, tagged final. No further calls are allowed.
    [[nodiscard]] Status finish(const Sink& sink);

  private:
    [[nodiscard]] Status emit_header(const Sink& sink);
    [[nodiscard]] Status seal_pending(unsigned char tag, const Sink& sink);
    [[nodiscard]] Status emit(ByteView bytes, const Sink& sink);

    std::size_t chunk_size_;
    SecretBuffer stream_;
    SecretBuffer pending_;  // plaintext waiting for a full chunk
    std::size_t pending_size_ = 0;
    Bytes header_;
    bool header_emitted_ = false;
    bool ended_ = false;  // finished, or a sink failed
    Bytes associated_data_;
    Bytes sealed_;
};

class Opener {
  public:
    Opener(const SecretBuffer& key, Bytes associated_data, std::size_t chunk_size);
    // Takes the next ciphertext bytes, cut anywhere; each chunk that authenticates
    // goes to `sink`. Until finish() succeeds the plaintext may belong to a truncated
    // or altered stream. Any failure is the one opaque integrity_failure.
    [[nodiscard]] Status update(ByteView ciphertext, const Sink& sink);
    // Opens the last chunk; succeeds only if it is tagged final and ends the input.
    [[nodiscard]] Status finish(const Sink& sink);
    // The stream fails from now on (a caller's own check failed).
    [[nodiscard]] Error fail();
    [[nodiscard]] bool failed() const { return failed_; }

  private:
    [[nodiscard]] Status open_sealed(unsigned char expected_tag, const Sink& sink);

    std::size_t chunk_size_;
    SecretBuffer key_;  // only until the header has arrived
    SecretBuffer stream_;
    Bytes header_;
    Bytes sealed_;  // ciphertext of the chunk being received
    SecretBuffer opened_;
    Bytes associated_data_;
    bool failed_ = false;
    bool finished_ = false;
};

}  // namespace weerbaar::crypto::chunked_secretstream
