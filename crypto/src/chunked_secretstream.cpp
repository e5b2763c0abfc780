#include "chunked_secretstream.h"

#include <algorithm>

#include "wire_format.h"

namespace weerbaar::crypto::chunked_secretstream {
namespace {

using StreamState = crypto_secretstream_xchacha20poly1305_state;

constexpr unsigned char kTagMessage = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
constexpr unsigned char kTagFinal = crypto_secretstream_xchacha20poly1305_TAG_FINAL;

// The stream state holds a subkey, so it lives in a SecretBuffer; sodium_malloc gives
// no alignment guarantee, which is fine only because the state is plain bytes.
static_assert(alignof(StreamState) == 1);

StreamState* stream_state(SecretBuffer& buffer) {
    return reinterpret_cast<StreamState*>(buffer.expose_secret().data());
}

Error used_after_end() {
    return Error(ErrorCode::failed_precondition, "the encrypted stream has already ended");
}

}  // namespace

// ---- Sealer ----

Sealer::Sealer(const SecretBuffer& key, Bytes associated_data, std::size_t chunk_size)
    : chunk_size_(chunk_size),
      stream_(sizeof(StreamState)),
      pending_(chunk_size),
      header_(kHeaderSize),
      associated_data_(std::move(associated_data)),
      sealed_(chunk_size + kChunkOverhead) {
    // init_push draws the header at random: a fresh stream nonce even if a key
    // were ever reused.
    crypto_secretstream_xchacha20poly1305_init_push(stream_state(stream_), header_.data(),
                                                    key.expose_secret().data());
}

Status Sealer::emit(ByteView bytes, const Sink& sink) {
    Status status = sink(bytes);
    if (!status.ok()) {
        ended_ = true;
    }
    return status;
}

Status Sealer::emit_header(const Sink& sink) {
    if (header_emitted_) {
        return ok_status();
    }
    header_emitted_ = true;
    return emit(header_, sink);
}

Status Sealer::seal_pending(unsigned char tag, const Sink& sink) {
    unsigned long long sealed_size = 0;
    crypto_secretstream_xchacha20poly1305_push(
        stream_state(stream_), sealed_.data(), &sealed_size, pending_.expose_secret().data(),
        pending_size_, associated_data_.data(), associated_data_.size(), tag);
    sodium_memzero(pending_.expose_secret().data(), pending_size_);
    pending_size_ = 0;
    return emit(ByteView(sealed_).first(static_cast<std::size_t>(sealed_size)), sink);
}

Status Sealer::update(ByteView plaintext, const Sink& sink) {
    if (ended_) {
        return used_after_end();
    }
    WEERBAAR_TRY(emit_header(sink));
    while (!plaintext.empty()) {
        const std::size_t take = std::min(plaintext.size(), chunk_size_ - pending_size_);
        std::copy_n(plaintext.begin(), take,
                    pending_.expose_secret().subspan(pending_size_).begin());
        pending_size_ += take;
        plaintext = plaintext.subspan(take);
        // A full chunk is never the last one (the last is shorter, maybe empty), so
        // it can go out now without waiting to see whether more plaintext follows.
        if (pending_size_ == chunk_size_) {
            WEERBAAR_TRY(seal_pending(kTagMessage, sink));
        }
    }
    return ok_status();
}

Status Sealer::finish(const Sink& sink) {
    if (ended_) {
        return used_after_end();
    }
    WEERBAAR_TRY(emit_header(sink));
    WEERBAAR_TRY(seal_pending(kTagFinal, sink));
    ended_ = true;
    return ok_status();
}

// ---- Opener ----

Opener::Opener(const SecretBuffer& key, Bytes associated_data, std::size_t chunk_size)
    : chunk_size_(chunk_size),
      key_(key.clone()),
      stream_(sizeof(StreamState)),
      opened_(chunk_size),
      associated_data_(std::move(associated_data)) {
    header_.reserve(kHeaderSize);
    sealed_.reserve(chunk_size + kChunkOverhead);
}

Error Opener::fail() {
    failed_ = true;
    return wire::opaque_failure();
}

Status Opener::open_sealed(unsigned char expected_tag, const Sink& sink) {
    unsigned long long opened_size = 0;
    unsigned char tag = 0;
    const int result = crypto_secretstream_xchacha20poly1305_pull(
        stream_state(stream_), opened_.expose_secret().data(), &opened_size, &tag, sealed_.data(),
        sealed_.size(), associated_data_.data(), associated_data_.size());
    sealed_.clear();
    if (result != 0 || tag != expected_tag) {
        return fail();
    }
    const auto plaintext = opened_.expose_secret().first(static_cast<std::size_t>(opened_size));
    Status status = sink(plaintext);
    sodium_memzero(plaintext.data(), plaintext.size());
    if (!status.ok()) {
        failed_ = true;
    }
    return status;
}

Status Opener::update(ByteView ciphertext, const Sink& sink) {
    if (failed_) {
        return wire::opaque_failure();
    }
    if (finished_) {
        return used_after_end();
    }
    const std::size_t sealed_chunk_size = chunk_size_ + kChunkOverhead;
    while (!ciphertext.empty()) {
        if (header_.size() < kHeaderSize) {
            const std::size_t take = std::min(ciphertext.size(), kHeaderSize - header_.size());
            const ByteView piece = ciphertext.first(take);
            header_.insert(header_.end(), piece.begin(), piece.end());
            ciphertext = ciphertext.subspan(take);
            if (header_.size() == kHeaderSize) {
                if (crypto_secretstream_xchacha20poly1305_init_pull(
                        stream_state(stream_), header_.data(), key_.expose_secret().data()) != 0) {
                    return fail();
                }
                key_ = SecretBuffer();
            }
            continue;
        }
        const std::size_t take = std::min(ciphertext.size(), sealed_chunk_size - sealed_.size());
        const ByteView piece = ciphertext.first(take);
        sealed_.insert(sealed_.end(), piece.begin(), piece.end());
        ciphertext = ciphertext.subspan(take);
        // Only a full chunk can be full-size, and a full chunk is never the last.
        if (sealed_.size() == sealed_chunk_size) {
            WEERBAAR_TRY(open_sealed(kTagMessage, sink));
        }
    }
    return ok_status();
}

Status Opener::finish(const Sink& sink) {
    if (failed_) {
        return wire::opaque_failure();
    }
    if (finished_) {
        return used_after_end();
    }
    // What is left must be exactly one last chunk: a stream cut at a chunk boundary
    // leaves nothing here, and one cut or extended inside a chunk fails its MAC.
    if (header_.size() < kHeaderSize || sealed_.size() < kChunkOverhead) {
        return fail();
    }
    WEERBAAR_TRY(open_sealed(kTagFinal, sink));
    finished_ = true;
    return ok_status();
}

}  // namespace weerbaar::crypto::chunked_secretstream
