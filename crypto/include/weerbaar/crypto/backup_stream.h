#pragma once
// The operator's backup file (docs/crypto.md, "Backups"; ADR 0009): whatever the
// server puts in it, encrypted so that only the holder of the operator's backup
// secret key (X25519, kept off the server) can open it. A fresh random file key
// encrypts the contents as a crypto_secretstream_xchacha20poly1305 in 1 MiB chunks;
// the file key is sealed to the backup public key with crypto_box_seal. The machine
// that makes a backup therefore never holds a secret that opens one.
//
// Layout: "WBBACKUP" | version 0x01 | tag 0x11 | recipient public key (32) | sealed
// file key (80) | the stream (24-byte header, then the chunks). Every chunk's
// associated data covers the bytes before the stream, so the header cannot be
// altered or swapped either.
//
// Streaming, as attachment_stream.h: input in pieces of any size, output to a sink as
// it is ready. Any failure to open is the one opaque integrity_failure (a wrong key
// included); only a file that is no backup of this version at all is told apart.

#include <functional>
#include <memory>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::crypto {

inline constexpr std::size_t kBackupFileHeaderSize = 8 + 1 + 1 + 32 + 80 + 24;
inline constexpr std::size_t kBackupChunkSize = std::size_t{1} << 20;  // plaintext, 1 MiB

using BackupSink = std::function<Status(ByteView bytes)>;

class BackupSealer {
  public:
    // invalid_argument when `recipient_public_key` is not a usable X25519 key.
    static Result<BackupSealer> create(ByteView recipient_public_key);
    ~BackupSealer();
    BackupSealer(BackupSealer&& other) noexcept;
    BackupSealer& operator=(BackupSealer&& other) noexcept;
    BackupSealer(const BackupSealer&) = delete;
    BackupSealer& operator=(const BackupSealer&) = delete;

    [[nodiscard]] Status update(ByteView plaintext, const BackupSink& sink);
    // Seals the last chunk (tagged final); no further calls are allowed.
    [[nodiscard]] Status finish(const BackupSink& sink);

  private:
    struct State;
    explicit BackupSealer(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

class BackupOpener {
  public:
    // The operator's backup key pair (an X25519 pair, as a member's encryption pair).
    static BackupOpener create(const EncryptionKeyPair& recipient);
    ~BackupOpener();
    BackupOpener(BackupOpener&& other) noexcept;
    BackupOpener& operator=(BackupOpener&& other) noexcept;
    BackupOpener(const BackupOpener&) = delete;
    BackupOpener& operator=(const BackupOpener&) = delete;

    // Takes the next bytes of the file. Plaintext that authenticates goes to `sink`,
    // but belongs to a whole file only once finish() succeeds: a caller keeps it
    // where no one takes it for a good backup until then. invalid_argument when the
    // file does not start as a backup of this version; otherwise any failure is the
    // opaque integrity_failure, and every later call fails too.
    [[nodiscard]] Status update(ByteView ciphertext, const BackupSink& sink);
    // Succeeds only if the last chunk is tagged final and ends the file.
    [[nodiscard]] Status finish(const BackupSink& sink);

  private:
    struct State;
    explicit BackupOpener(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace weerbaar::crypto
