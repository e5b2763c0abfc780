#include "weerbaar/crypto/attachment_stream.h"

#include <sodium.h>

#include <algorithm>

#include "weerbaar/crypto/case_key.h"
#include "wire_format.h"

namespace weerbaar::crypto {
namespace {

using StreamState = crypto_secretstream_xchacha20poly1305_state;

constexpr std::size_t kSealedChunkSize = kAttachmentChunkSize + kAttachmentChunkOverhead;
constexpr unsigned char kTagMessage = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
constexpr unsigned char kTagFinal = crypto_secretstream_xchacha20poly1305_TAG_FINAL;

static_assert(crypto_secretstream_xchacha20poly1305_KEYBYTES == kAttachmentKeySize);
static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES == kAttachmentHeaderSize);
static_assert(crypto_secretstream_xchacha20poly1305_ABYTES == kAttachmentChunkOverhead);
static_assert(crypto_generichash_BYTES == kAttachmentHashSize);
// The stream state holds a subkey, so it lives in a SecretBuffer; sodium_malloc gives
// no alignment guarantee, which is fine only because the state is plain bytes.
static_assert(alignof(StreamState) == 1);

Error used_after_end() {
    return Error(ErrorCode::failed_precondition, "the attachment stream has already ended");
}

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

StreamState* stream_state(SecretBuffer& buffer) {
    return reinterpret_cast<StreamState*>(buffer.expose_secret().data());
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
    SecretBuffer stream{sizeof(StreamState)};
    SecretBuffer pending{kAttachmentChunkSize};  // plaintext waiting for a full chunk
    std::size_t pending_size = 0;
    Bytes header = Bytes(kAttachmentHeaderSize);
    bool header_emitted = false;
    bool ended = false;  // finished, or a sink failed
    Bytes associated_data;
    Bytes sealed = Bytes(kSealedChunkSize);
    AttachmentHasher hasher;
    std::uint64_t plaintext_size = 0;
    std::uint64_t ciphertext_size = 0;

    Status emit(ByteView bytes, const AttachmentSink& sink) {
        hasher.update(bytes);
        ciphertext_size += bytes.size();
        Status status = sink(bytes);
        if (!status.ok()) {
            ended = true;
        }
        return status;
    }

    Status emit_header(const AttachmentSink& sink) {
        if (header_emitted) {
            return ok_status();
        }
        header_emitted = true;
        return emit(header, sink);
    }

    Status seal_pending(unsigned char tag, const AttachmentSink& sink) {
        unsigned long long sealed_size = 0;
        crypto_secretstream_xchacha20poly1305_push(
            stream_state(stream), sealed.data(), &sealed_size, pending.expose_secret().data(),
            pending_size, associated_data.data(), associated_data.size(), tag);
        sodium_memzero(pending.expose_secret().data(), pending_size);
        pending_size = 0;
        return emit(ByteView(sealed).first(static_cast<std::size_t>(sealed_size)), sink);
    }
};

AttachmentSealer::AttachmentSealer(std::unique_ptr<State> state) : state_(std::move(state)) {}
AttachmentSealer::~AttachmentSealer() = default;
AttachmentSealer::AttachmentSealer(AttachmentSealer&& other) noexcept = default;
AttachmentSealer& AttachmentSealer::operator=(AttachmentSealer&& other) noexcept = default;

Result<AttachmentSealer> AttachmentSealer::create(const SecretBuffer& key, ByteView case_id,
                                                  ByteView attachment_id) {
    WEERBAAR_TRY(validate(key, case_id, attachment_id));
    auto state = std::make_unique<State>();
    state->associated_data = associated_data(case_id, attachment_id);
    // init_push draws the header at random: a fresh stream nonce even if a key
    // were ever reused.
    crypto_secretstream_xchacha20poly1305_init_push(
        stream_state(state->stream), state->header.data(), key.expose_secret().data());
    return AttachmentSealer(std::move(state));
}

Status AttachmentSealer::update(ByteView plaintext, const AttachmentSink& sink) {
    State& s = *state_;
    if (s.ended) {
        return used_after_end();
    }
    WEERBAAR_TRY(s.emit_header(sink));
    while (!plaintext.empty()) {
        const std::size_t take = std::min(plaintext.size(), kAttachmentChunkSize - s.pending_size);
        std::copy_n(plaintext.begin(), take,
                    s.pending.expose_secret().subspan(s.pending_size).begin());
        s.pending_size += take;
        s.plaintext_size += take;
        plaintext = plaintext.subspan(take);
        // A full chunk is never the last one (the last is shorter, maybe empty), so
        // it can go out now without waiting to see whether more plaintext follows.
        if (s.pending_size == kAttachmentChunkSize) {
            WEERBAAR_TRY(s.seal_pending(kTagMessage, sink));
        }
    }
    return ok_status();
}

Result<Bytes> AttachmentSealer::finish(const AttachmentSink& sink) {
    State& s = *state_;
    if (s.ended) {
        return used_after_end();
    }
    WEERBAAR_TRY(s.emit_header(sink));
    WEERBAAR_TRY(s.seal_pending(kTagFinal, sink));
    s.ended = true;
    return s.hasher.finish();
}

std::uint64_t AttachmentSealer::plaintext_size() const { return state_->plaintext_size; }
std::uint64_t AttachmentSealer::ciphertext_size() const { return state_->ciphertext_size; }

// ---- AttachmentOpener ----

struct AttachmentOpener::State {
    SecretBuffer key;  // only until the header has arrived
    SecretBuffer stream{sizeof(StreamState)};
    Bytes header;
    Bytes sealed;  // ciphertext of the chunk being received
    SecretBuffer opened{kAttachmentChunkSize};
    Bytes associated_data;
    Bytes expected_hash;
    AttachmentHasher hasher;
    bool failed = false;
    bool finished = false;
    std::uint64_t plaintext_size = 0;

    Error fail() {
        failed = true;
        return wire::opaque_failure();
    }

    Status open_sealed(unsigned char expected_tag, const AttachmentSink& sink) {
        unsigned long long opened_size = 0;
        unsigned char tag = 0;
        const int result = crypto_secretstream_xchacha20poly1305_pull(
            stream_state(stream), opened.expose_secret().data(), &opened_size, &tag, sealed.data(),
            sealed.size(), associated_data.data(), associated_data.size());
        sealed.clear();
        if (result != 0 || tag != expected_tag) {
            return fail();
        }
        const auto plaintext = opened.expose_secret().first(static_cast<std::size_t>(opened_size));
        plaintext_size += plaintext.size();
        Status status = sink(plaintext);
        sodium_memzero(plaintext.data(), plaintext.size());
        if (!status.ok()) {
            failed = true;
        }
        return status;
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
    auto state = std::make_unique<State>();
    state->key = key.clone();
    state->header.reserve(kAttachmentHeaderSize);
    state->sealed.reserve(kSealedChunkSize);
    state->associated_data = associated_data(case_id, attachment_id);
    state->expected_hash.assign(expected_hash.begin(), expected_hash.end());
    return AttachmentOpener(std::move(state));
}

Status AttachmentOpener::update(ByteView ciphertext, const AttachmentSink& sink) {
    State& s = *state_;
    if (s.failed) {
        return wire::opaque_failure();
    }
    if (s.finished) {
        return used_after_end();
    }
    s.hasher.update(ciphertext);
    while (!ciphertext.empty()) {
        if (s.header.size() < kAttachmentHeaderSize) {
            const std::size_t take =
                std::min(ciphertext.size(), kAttachmentHeaderSize - s.header.size());
            const ByteView piece = ciphertext.first(take);
            s.header.insert(s.header.end(), piece.begin(), piece.end());
            ciphertext = ciphertext.subspan(take);
            if (s.header.size() == kAttachmentHeaderSize) {
                if (crypto_secretstream_xchacha20poly1305_init_pull(
                        stream_state(s.stream), s.header.data(), s.key.expose_secret().data()) !=
                    0) {
                    return s.fail();
                }
                s.key = SecretBuffer();
            }
            continue;
        }
        const std::size_t take = std::min(ciphertext.size(), kSealedChunkSize - s.sealed.size());
        const ByteView piece = ciphertext.first(take);
        s.sealed.insert(s.sealed.end(), piece.begin(), piece.end());
        ciphertext = ciphertext.subspan(take);
        // Only a full chunk can be full-size, and a full chunk is never the last.
        if (s.sealed.size() == kSealedChunkSize) {
            WEERBAAR_TRY(s.open_sealed(kTagMessage, sink));
        }
    }
    return ok_status();
}

Status AttachmentOpener::finish(const AttachmentSink& sink) {
    State& s = *state_;
    if (s.failed) {
        return wire::opaque_failure();
    }
    if (s.finished) {
        return used_after_end();
    }
    // What is left must be exactly one last chunk: a stream cut at a chunk boundary
    // leaves nothing here, and one cut or extended inside a chunk fails its MAC.
    if (s.header.size() < kAttachmentHeaderSize || s.sealed.size() < kAttachmentChunkOverhead) {
        return s.fail();
    }
    if (!equal_constant_time(s.hasher.finish(), s.expected_hash)) {
        return s.fail();
    }
    WEERBAAR_TRY(s.open_sealed(kTagFinal, sink));
    s.finished = true;
    return ok_status();
}

std::uint64_t AttachmentOpener::plaintext_size() const { return state_->plaintext_size; }

}  // namespace weerbaar::crypto
