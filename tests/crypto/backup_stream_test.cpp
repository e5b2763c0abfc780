#include "weerbaar/crypto/backup_stream.h"

#include <catch2/catch.hpp>

#include "refusals.h"
#include "tamper.h"

namespace weerbaar::crypto {
namespace {

using test::flipped;
using test::require_opaque_failure;
using test::truncated;

constexpr std::size_t kChunk = kBackupChunkSize;

EncryptionKeyPair make_operator_key() {
    REQUIRE(initialise().ok());
    return EncryptionKeyPair::generate();
}

Bytes seal(ByteView recipient, const Bytes& plaintext, std::size_t piece) {
    auto sealer = BackupSealer::create(recipient);
    REQUIRE(sealer.ok());
    Bytes file;
    const BackupSink collect = [&](ByteView bytes) {
        file.insert(file.end(), bytes.begin(), bytes.end());
        return ok_status();
    };
    for (std::size_t at = 0; at < plaintext.size(); at += piece) {
        const std::size_t size = std::min(piece, plaintext.size() - at);
        REQUIRE(sealer.value().update(ByteView(plaintext).subspan(at, size), collect).ok());
    }
    REQUIRE(sealer.value().finish(collect).ok());
    return file;
}

// Opens `file` fed in pieces of `piece` bytes; the plaintext, or the first error.
Result<Bytes> open(const EncryptionKeyPair& key, const Bytes& file, std::size_t piece = 4096) {
    BackupOpener opener = BackupOpener::create(key);
    Bytes plaintext;
    const BackupSink collect = [&](ByteView bytes) {
        plaintext.insert(plaintext.end(), bytes.begin(), bytes.end());
        return ok_status();
    };
    for (std::size_t at = 0; at < file.size(); at += piece) {
        const std::size_t size = std::min(piece, file.size() - at);
        WEERBAAR_TRY(opener.update(ByteView(file).subspan(at, size), collect));
    }
    WEERBAAR_TRY(opener.finish(collect));
    return plaintext;
}

}  // namespace

TEST_CASE("backup stream: what is sealed opens whole with the operator's key", "[backup]") {
    const EncryptionKeyPair key = make_operator_key();
    for (const std::size_t size :
         {std::size_t{0}, std::size_t{1}, kChunk - 1, kChunk, kChunk + 1, 2 * kChunk + 17}) {
        const Bytes plaintext = random_bytes(size);
        for (const std::size_t piece : {std::size_t{1000}, std::size_t{65536}, kChunk + 3}) {
            const Bytes file = seal(key.public_key(), plaintext, piece);
            REQUIRE(file.size() == kBackupFileHeaderSize + size + (size / kChunk + 1) * 17);
            const auto opened = open(key, file, 7777);
            REQUIRE(opened.ok());
            REQUIRE(opened.value() == plaintext);
        }
    }
}

TEST_CASE("backup stream: the file starts with its magic and names its recipient", "[backup]") {
    const EncryptionKeyPair key = make_operator_key();
    const Bytes file = seal(key.public_key(), random_bytes(10), 10);
    REQUIRE(std::string(file.begin(), file.begin() + 8) == "WBBACKUP");
    REQUIRE(file[8] == 0x01);
    REQUIRE(file[9] == 0x11);
    REQUIRE(Bytes(file.begin() + 10, file.begin() + 42) == key.public_key());
}

TEST_CASE("backup stream: any flipped byte is the one opaque error", "[backup]") {
    const EncryptionKeyPair key = make_operator_key();
    const Bytes file = seal(key.public_key(), random_bytes(kChunk + 500), 4096);
    // In the recipient, the sealed key, the stream header, the
    // first chunk, its MAC, the last chunk and its final byte.
    for (const std::size_t at :
         {std::size_t{10}, std::size_t{41}, std::size_t{42}, std::size_t{121}, std::size_t{122},
          kBackupFileHeaderSize, kBackupFileHeaderSize + kChunk + 16,
          kBackupFileHeaderSize + kChunk + 17 + 3, file.size() - 1}) {
        CAPTURE(at);
        require_opaque_failure(open(key, flipped(file, at)));
    }
}

TEST_CASE("backup stream: another operator's key is the one opaque error", "[backup]") {
    const EncryptionKeyPair key = make_operator_key();
    const Bytes file = seal(key.public_key(), random_bytes(1000), 1000);
    require_opaque_failure(open(EncryptionKeyPair::generate(), file));
}

TEST_CASE("backup stream: a truncated or extended file is the one opaque error", "[backup]") {
    const EncryptionKeyPair key = make_operator_key();
    const Bytes file = seal(key.public_key(), random_bytes(2 * kChunk + 10), 65536);
    // Nothing at all, inside the header, right after it, at a chunk boundary, inside
    // the last chunk.
    for (const std::size_t size : {std::size_t{0}, std::size_t{50}, kBackupFileHeaderSize,
                                   kBackupFileHeaderSize + kChunk + 17,
                                   kBackupFileHeaderSize + 2 * (kChunk + 17), file.size() - 1}) {
        CAPTURE(size);
        require_opaque_failure(open(key, truncated(file, size)));
    }
    require_opaque_failure(open(key, test::with_trailing_byte(file)));
}

TEST_CASE("backup stream: a file that is no backup is told apart", "[backup]") {
    const EncryptionKeyPair key = make_operator_key();
    const Bytes file = seal(key.public_key(), random_bytes(100), 100);
    const auto not_backup = open(key, flipped(file, 0));
    REQUIRE_FALSE(not_backup.ok());
    REQUIRE(not_backup.error().code() == ErrorCode::invalid_argument);
    const auto newer = open(key, flipped(file, 8, 0x03));
    REQUIRE_FALSE(newer.ok());
    REQUIRE(newer.error().code() == ErrorCode::invalid_argument);
}

TEST_CASE("backup stream: a key that is not 32 bytes is refused", "[backup]") {
    REQUIRE(initialise().ok());
    REQUIRE_FALSE(BackupSealer::create(random_bytes(31)).ok());
}

}  // namespace weerbaar::crypto
