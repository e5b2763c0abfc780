#include "weerbaar/crypto/attachment_stream.h"

#include <sodium.h>

#include <algorithm>

#include "chunked_secretstream.h"
#include "weerbaar/crypto/case_key.h"
#include "wire_format.h"

namespace weerbaar::crypto {
namespace {

static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == kAttachmentKeySize);
static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES == kAttachmentHeaderSize);
static_assert(crypto_secretstream_xchacha20poly1305_ABYTES == kAttachmentChunkOverhead);
static_assert(crypto_generichash_BYTES == kAttachmentHashSize);
Status validate(const SecretBuffer& key, ByteView case_id, ByteView attachment_id) {
    if (key.size() != kAttachmentKeySize) {
        return Error(ErrorCode::invalid_argument, "attachment key must be 32 bytes");
    }
    if (case_id.size() != kCaseIdSize) {
        return Error(ErrorCode::invalid_argument, "case id must be 16 bytes");
    }
    if (attachment_id.size() != kAttachmentIdSize) {
        return Error(ErrorCode::invalid_argument, "attachment id must be 16 bytes");
    }
    return ok_status();
}

// The same for every chunk: secretstream's own counter already orders the chunks,
// and this ties each of them to one attachment of one case, so the server cannot
// serve one attachment's blob (or a chunk of it) in place of another's.
Bytes associated_data(ByteView case_id, ByteView attachment_id) {
    Bytes ids(case_id.begin(), case_id.end());
    ids.insert(ids.end(), attachment_id.begin(), attachment_id.end());
    return wire::domain_separated(wire::kDomainAttachment, ids);
}

}  // namespace

std::uint64_t attachment_ciphertext_size(std::uint64_t plaintext_size) {
    const std::uint64_t chunks = plaintext_size / kAttachmentChunkSize + 1;
    return kAttachmentHeaderSize + plaintext_size + chunks * kAttachmentChunkOverhead;
}

SecretBuffer generate_attachment_key() {
    SecretBuffer key(kAttachmentKeySize);
    crypto_secretstream_xchacha20poly1305_keygen(key.expose_secret().data());
    return key;
}

// ---- AttachmentHasher ----

struct AttachmentHasher::State {
    crypto_generichash_state hash;
};

AttachmentHasher::AttachmentHasher() : state_(std::make_unique<State>()) {
    crypto_generichash_init(&state_->hash, nullptr, 0, kAttachmentHashSize);
}
AttachmentHasher::~AttachmentHasher() = default;
AttachmentHasher::AttachmentHasher(AttachmentHasher&& other) noexcept = default;
AttachmentHasher& AttachmentHasher::operator=(AttachmentHasher&& other) noexcept = default;

void AttachmentHasher::update(ByteView bytes) {
    crypto_generichash_update(&state_->hash, bytes.data(), bytes.size());
}

Bytes AttachmentHasher::finish() {
    Bytes digest(kAttachmentHashSize);
    crypto_generichash_final(&state_->hash, digest.data(), digest.size());
    return digest;
}

// ---- AttachmentSealer ----

struct AttachmentSealer::State {
    explicit State(chunked_secretstream::Sealer sealer) : stream(std::move(sealer)) {}
    chunked_secretstream::Sealer stream;
    AttachmentHasher hasher;
    std::uint64_t plaintext_size = 0;
    std::uint64_t ciphertext_size = 0;

    // The sink, behind the hash of every ciphertext byte: what the server reports
    // for the stored blob.
    chunked_secretstream::Sink hashing(const AttachmentSink& sink) {
        return [this, &sink](ByteView bytes) {
            hasher.update(bytes);
            ciphertext_size += bytes.size();
            return sink(bytes);
        };
    }
};

AttachmentSealer::AttachmentSealer(std::unique_ptr<State> state) : state_(std::move(state)) {}
AttachmentSealer::~AttachmentSealer() = default;
AttachmentSealer::AttachmentSealer(AttachmentSealer&& other) noexcept = default;
AttachmentSealer& AttachmentSealer::operator=(AttachmentSealer&& other) noexcept = default;

Result<AttachmentSealer> AttachmentSealer::create(const SecretBuffer& key, ByteView case_id,
                                                  ByteView attachment_id) {
    WEERBAAR_TRY(validate(key, case_id, attachment_id));
    return AttachmentSealer(std::make_unique<State>(chunked_secretstream::Sealer(
        key, associated_data(case_id, attachment_id), kAttachmentChunkSize)));
}

Status AttachmentSealer::update(ByteView plaintext, const AttachmentSink& sink) {
    WEERBAAR_TRY(state_->stream.update(plaintext, state_->hashing(sink)));
    state_->plaintext_size += plaintext.size();
    return ok_status();
}

Result<Bytes> AttachmentSealer::finish(const AttachmentSink& sink) {
    WEERBAAR_TRY(state_->stream.finish(state_->hashing(sink)));
    return state_->hasher.finish();
}

std::uint64_t AttachmentSealer::plaintext_size() const { return state_->plaintext_size; }
std::uint64_t AttachmentSealer::ciphertext_size() const { return state_->ciphertext_size; }

// ---- AttachmentOpener ----

struct AttachmentOpener::State {
    State(chunked_secretstream::Opener opener, Bytes hash)
        : stream(std::move(opener)), expected_hash(std::move(hash)) {}
    chunked_secretstream::Opener stream;
    Bytes expected_hash;
    AttachmentHasher hasher;
    std::uint64_t plaintext_size = 0;

    chunked_secretstream::Sink counting(const AttachmentSink& sink) {
        return [this, &sink](ByteView plaintext) {
            plaintext_size += plaintext.size();
            return sink(plaintext);
        };
    }
};

AttachmentOpener::AttachmentOpener(std::unique_ptr<State> state) : state_(std::move(state)) {}
AttachmentOpener::~AttachmentOpener() = default;
AttachmentOpener::AttachmentOpener(AttachmentOpener&& other) noexcept = default;
AttachmentOpener& AttachmentOpener::operator=(AttachmentOpener&& other) noexcept = default;

Result<AttachmentOpener> AttachmentOpener::create(const SecretBuffer& key, ByteView case_id,
                                                  ByteView attachment_id, ByteView expected_hash) {
    WEERBAAR_TRY(validate(key, case_id, attachment_id));
    if (expected_hash.size() != kAttachmentHashSize) {
        return Error(ErrorCode::invalid_argument, "attachment hash must be 32 bytes");
    }
    return AttachmentOpener(std::make_unique<State>(
        chunked_secretstream::Opener(key, associated_data(case_id, attachment_id),
                                     kAttachmentChunkSize),
        Bytes(expected_hash.begin(), expected_hash.end())));
}

Status AttachmentOpener::update(ByteView ciphertext, const AttachmentSink& sink) {
    if (!state_->stream.failed()) {
        state_->hasher.update(ciphertext);
    }
    return state_->stream.update(ciphertext, state_->counting(sink));
}

Status AttachmentOpener::finish(const AttachmentSink& sink) {
    State& s = *state_;
    if (!s.stream.failed() && !equal_constant_time(s.hasher.finish(), s.expected_hash)) {
        return s.stream.fail();
    }
    return s.stream.finish(s.counting(sink));
}

std::uint64_t AttachmentOpener::plaintext_size() const { return state_->plaintext_size; }

}  // namespace weerbaar::crypto
