#pragma once
// Attachments: files too large for a record, encrypted as a stream so that neither
// the client nor the server ever holds a whole file. crypto_secretstream_xchacha20poly1305
// under a fresh random key per attachment, 1 MiB plaintext chunks, every chunk's
// associated data naming the case and the attachment (docs/crypto.md, "Attachments").
//
// The sealer and the opener take input in pieces of any size (disk reads and network
// messages do not follow chunk boundaries) and hand their output to a sink as it is
// ready. Both hash every ciphertext byte with BLAKE2b-256: what the server reports
// for the stored blob, and what the record that refers to the attachment names.

#include <cstdint>
#include <functional>
#include <memory>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kAttachmentIdSize = 16;
inline constexpr std::size_t kAttachmentKeySize = 32;
inline constexpr std::size_t kAttachmentHashSize = 32;
inline constexpr std::size_t kAttachmentChunkSize = std::size_t{1} << 20;  // plaintext, 1 MiB
inline constexpr std::size_t kAttachmentHeaderSize = 24;                   // secretstream header
inline constexpr std::size_t kAttachmentChunkOverhead = 17;                // tag byte + MAC

// Ciphertext bytes of an attachment of `plaintext_size` bytes: the header, then one
// chunk per full 1 MiB and a last, shorter chunk (possibly empty) tagged final.
[[nodiscard]] std::uint64_t attachment_ciphertext_size(std::uint64_t plaintext_size);

[[nodiscard]] SecretBuffer generate_attachment_key();

// Receives output as it is ready. Ciphertext is public; plaintext handed to a sink
// lies in sodium_malloc memory that is wiped right after the call, so a sink copies
// it nowhere it cannot wipe (a file it writes, another SecretBuffer). An error from
// the sink stops the stream and is returned as is.
using AttachmentSink = std::function<Status(ByteView bytes)>;

// Unkeyed BLAKE2b-256 of a blob given in pieces: the attachment's ciphertext hash.
// Not domain-separated, unlike our other hashes: it is a checksum of opaque bytes
// that the server computes too, and it is only ever compared with the hash named in
// a signed record for this one attachment.
class AttachmentHasher {
  public:
    AttachmentHasher();
    ~AttachmentHasher();
    AttachmentHasher(AttachmentHasher&& other) noexcept;
    AttachmentHasher& operator=(AttachmentHasher&& other) noexcept;
    AttachmentHasher(const AttachmentHasher&) = delete;
    AttachmentHasher& operator=(const AttachmentHasher&) = delete;

    void update(ByteView bytes);
    // kAttachmentHashSize bytes. The hasher cannot be used afterwards.
    [[nodiscard]] Bytes finish();

  private:
    struct State;
    std::unique_ptr<State> state_;
};

class AttachmentSealer {
  public:
    // `key` has kAttachmentKeySize bytes, the ids kCaseIdSize and kAttachmentIdSize.
    static Result<AttachmentSealer> create(const SecretBuffer& key, ByteView case_id,
                                           ByteView attachment_id);
    ~AttachmentSealer();
    AttachmentSealer(AttachmentSealer&& other) noexcept;
    AttachmentSealer& operator=(AttachmentSealer&& other) noexcept;
    AttachmentSealer(const AttachmentSealer&) = delete;
    AttachmentSealer& operator=(const AttachmentSealer&) = delete;

    // Encrypts the next plaintext bytes. The header and every full chunk go to `sink`
    // as soon as they exist; at most one chunk of plaintext waits in secure memory.
    [[nodiscard]] Status update(ByteView plaintext, const AttachmentSink& sink);
    // Seals the last chunk (tagged final) and returns the ciphertext hash. No further
    // calls are allowed after finish().
    [[nodiscard]] Result<Bytes> finish(const AttachmentSink& sink);

    [[nodiscard]] std::uint64_t plaintext_size() const;
    [[nodiscard]] std::uint64_t ciphertext_size() const;  // emitted so far

  private:
    struct State;
    explicit AttachmentSealer(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

class AttachmentOpener {
  public:
    // `expected_hash` is the ciphertext hash the record names (kAttachmentHashSize).
    static Result<AttachmentOpener> create(const SecretBuffer& key, ByteView case_id,
                                           ByteView attachment_id, ByteView expected_hash);
    ~AttachmentOpener();
    AttachmentOpener(AttachmentOpener&& other) noexcept;
    AttachmentOpener& operator=(AttachmentOpener&& other) noexcept;
    AttachmentOpener(const AttachmentOpener&) = delete;
    AttachmentOpener& operator=(const AttachmentOpener&) = delete;

    // Takes the next ciphertext bytes, cut anywhere. Each chunk that decrypts and
    // authenticates goes to `sink`. A chunk on its own proves only itself: until
    // finish() succeeds the plaintext may be a truncated or otherwise altered stream,
    // so a caller keeps it where no one takes it for the file (a temporary file).
    [[nodiscard]] Status update(ByteView ciphertext, const AttachmentSink& sink);
    // Opens the last chunk and succeeds only if it is tagged final, ends the input,
    // and the hash of all input equals the expected hash. Any failure, here or in
    // update(), is the one opaque integrity_failure, and every later call fails too.
    [[nodiscard]] Status finish(const AttachmentSink& sink);

    [[nodiscard]] std::uint64_t plaintext_size() const;  // emitted so far

  private:
    struct State;
    explicit AttachmentOpener(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace weerbaar::crypto
