#include "weerbaar/crypto/backup_stream.h"

#include <sodium.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include "chunked_secretstream.h"
#include "wire_format.h"

namespace weerbaar::crypto {
namespace {

// Names the file for what it is before any key is tried: a file that is no backup
// (or one of a newer version) gets a clear error rather than the opaque one.
constexpr std::string_view kMagic = "WBBACKUP";
constexpr std::size_t kSealedKeySize = crypto_box_SEALBYTES + chunked_secretstream::kKeySize;
// The bytes before the stream: magic, version, tag, recipient public key, sealed key.
constexpr std::size_t kPrefixSize = kMagic.size() + 2 + kEncPublicKeySize + kSealedKeySize;
static_assert(kPrefixSize + chunked_secretstream::kHeaderSize == kBackupFileHeaderSize);

// The same for every chunk: the whole prefix, so that the recipient and the sealed
// key are bound to the contents (secretstream binds its own header itself).
Bytes associated_data(ByteView prefix) {
    return wire::domain_separated(wire::kDomainBackup, prefix);
}

}  // namespace

// ---- BackupSealer ----

struct BackupSealer::State {
    Bytes prefix;
    bool prefix_emitted = false;
    chunked_secretstream::Sealer stream;

    Status emit_prefix(const BackupSink& sink) {
        if (prefix_emitted) {
            return ok_status();
        }
        prefix_emitted = true;
        return sink(prefix);
    }
};

BackupSealer::BackupSealer(std::unique_ptr<State> state) : state_(std::move(state)) {}
BackupSealer::~BackupSealer() = default;
BackupSealer::BackupSealer(BackupSealer&& other) noexcept = default;
BackupSealer& BackupSealer::operator=(BackupSealer&& other) noexcept = default;

Result<BackupSealer> BackupSealer::create(ByteView recipient_public_key) {
    if (recipient_public_key.size() != kEncPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "backup public key must be 32 bytes");
    }
    const SecretBuffer file_key = SecretBuffer::random(chunked_secretstream::kKeySize);
    Bytes sealed_key(kSealedKeySize);
    if (crypto_box_seal(sealed_key.data(), file_key.expose_secret().data(),
                        file_key.expose_secret().size(), recipient_public_key.data()) != 0) {
        return Error(ErrorCode::invalid_argument, "backup public key is not a usable X25519 key");
    }
    Bytes prefix(kMagic.begin(), kMagic.end());
    wire::Writer writer;
    writer.header(wire::FormatTag::backup);
    writer.fixed(recipient_public_key);
    writer.fixed(sealed_key);
    const Bytes rest = std::move(writer).take();
    prefix.insert(prefix.end(), rest.begin(), rest.end());
    Bytes data = associated_data(prefix);
    return BackupSealer(std::make_unique<State>(
        State{std::move(prefix), false,
              chunked_secretstream::Sealer(file_key, std::move(data), kBackupChunkSize)}));
}

Status BackupSealer::update(ByteView plaintext, const BackupSink& sink) {
    WEERBAAR_TRY(state_->emit_prefix(sink));
    return state_->stream.update(plaintext, sink);
}

Status BackupSealer::finish(const BackupSink& sink) {
    WEERBAAR_TRY(state_->emit_prefix(sink));
    return state_->stream.finish(sink);
}

// ---- BackupOpener ----

struct BackupOpener::State {
    Bytes public_key;
    SecretBuffer secret_key;
    Bytes prefix;
    std::optional<chunked_secretstream::Opener> stream;  // once the prefix is in
    bool failed = false;

    Error fail() {
        failed = true;
        return wire::opaque_failure();
    }

    // The prefix is whole: check what it says and unseal the file key.
    Status open_prefix() {
        if (!std::equal(kMagic.begin(), kMagic.end(), prefix.begin())) {
            failed = true;
            return Error(ErrorCode::invalid_argument, "not a Weerbaar backup file");
        }
        wire::Reader reader(ByteView(prefix).subspan(kMagic.size()));
        if (!reader.header(wire::FormatTag::backup, "backup").ok()) {
            failed = true;
            return Error(ErrorCode::invalid_argument,
                         "a Weerbaar backup of a version this program does not know");
        }
        const ByteView recipient = reader.fixed(kEncPublicKeySize);
        const ByteView sealed_key = reader.fixed(kSealedKeySize);
        // Sealed to another key: the same opaque failure as a damaged file.
        if (!equal_constant_time(recipient, public_key)) {
            return fail();
        }
        SecretBuffer file_key(chunked_secretstream::kKeySize);
        if (crypto_box_seal_open(file_key.expose_secret().data(), sealed_key.data(),
                                 sealed_key.size(), public_key.data(),
                                 secret_key.expose_secret().data()) != 0) {
            return fail();
        }
        secret_key = SecretBuffer();
        stream.emplace(file_key, associated_data(prefix), kBackupChunkSize);
        return ok_status();
    }
};

BackupOpener::BackupOpener(std::unique_ptr<State> state) : state_(std::move(state)) {}
BackupOpener::~BackupOpener() = default;
BackupOpener::BackupOpener(BackupOpener&& other) noexcept = default;
BackupOpener& BackupOpener::operator=(BackupOpener&& other) noexcept = default;

BackupOpener BackupOpener::create(const EncryptionKeyPair& recipient) {
    auto state = std::make_unique<State>();
    state->public_key = recipient.public_key();
    state->secret_key = recipient.secret_key().clone();
    state->prefix.reserve(kPrefixSize);
    return BackupOpener(std::move(state));
}

Status BackupOpener::update(ByteView ciphertext, const BackupSink& sink) {
    State& s = *state_;
    if (s.failed) {
        return wire::opaque_failure();
    }
    if (!s.stream) {
        const std::size_t take = std::min(ciphertext.size(), kPrefixSize - s.prefix.size());
        s.prefix.insert(s.prefix.end(), ciphertext.begin(), ciphertext.begin() + take);
        ciphertext = ciphertext.subspan(take);
        if (s.prefix.size() < kPrefixSize) {
            return ok_status();
        }
        WEERBAAR_TRY(s.open_prefix());
    }
    const Status status = s.stream->update(ciphertext, sink);
    s.failed = s.stream->failed();
    return status;
}

Status BackupOpener::finish(const BackupSink& sink) {
    State& s = *state_;
    if (s.failed) {
        return wire::opaque_failure();
    }
    if (!s.stream) {
        // Shorter than the prefix: a truncated file (or no backup at all).
        return s.fail();
    }
    const Status status = s.stream->finish(sink);
    s.failed = s.stream->failed();
    return status;
}

}  // namespace weerbaar::crypto
