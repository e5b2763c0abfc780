#include "weerbaar/crypto/attachment_stream.h"

#include <sodium.h>

#include <catch2/catch.hpp>

#include "tamper.h"
#include "weerbaar/crypto/case_key.h"

namespace weerbaar::crypto {
namespace {

constexpr std::size_t kChunk = kAttachmentChunkSize;
constexpr std::size_t kSealedChunk = kAttachmentChunkSize + kAttachmentChunkOverhead;

struct Setup {
    SecretBuffer key = generate_attachment_key();
    Bytes case_id = random_bytes(kCaseIdSize);
    Bytes attachment_id = random_bytes(kAttachmentIdSize);
};

Setup make_setup() {
    REQUIRE(initialise().ok());
    return Setup{};
}

struct Sealed {
    Bytes ciphertext;
    Bytes hash;
};

// Feeds `input` to `consume` in pieces of the given sizes, cycling through them.
template <typename Consume>
Status in_pieces(ByteView input, const std::vector<std::size_t>& sizes, Consume consume) {
    std::size_t at = 0;
    for (std::size_t i = 0; at < input.size(); ++i) {
        const std::size_t size = std::min(sizes[i % sizes.size()], input.size() - at);
        WEERBAAR_TRY(consume(input.subspan(at, size)));
        at += size;
    }
    return ok_status();
}

Sealed seal(const Setup& setup, const Bytes& plaintext, const std::vector<std::size_t>& pieces) {
    auto sealer = AttachmentSealer::create(setup.key, setup.case_id, setup.attachment_id);
    REQUIRE(sealer.ok());
    Sealed sealed;
    const AttachmentSink collect = [&](ByteView bytes) {
        sealed.ciphertext.insert(sealed.ciphertext.end(), bytes.begin(), bytes.end());
        return ok_status();
    };
    REQUIRE(in_pieces(plaintext, pieces, [&](ByteView piece) {
                return sealer.value().update(piece, collect);
            }).ok());
    auto hash = sealer.value().finish(collect);
    REQUIRE(hash.ok());
    sealed.hash = std::move(hash).value();
    REQUIRE(sealer.value().plaintext_size() == plaintext.size());
    REQUIRE(sealer.value().ciphertext_size() == sealed.ciphertext.size());
    return sealed;
}

Sealed seal(const Setup& setup, const Bytes& plaintext) {
    return seal(setup, plaintext, {plaintext.size() + 1});
}

struct Opened {
    Status status;
    Bytes plaintext;
    std::size_t sink_calls = 0;
};

Opened open(const SecretBuffer& key, ByteView case_id, ByteView attachment_id, const Sealed& sealed,
            const std::vector<std::size_t>& pieces = {1000003}) {
    auto opener = AttachmentOpener::create(key, case_id, attachment_id, sealed.hash);
    REQUIRE(opener.ok());
    Opened opened;
    const AttachmentSink collect = [&](ByteView bytes) {
        REQUIRE(bytes.size() <= kChunk);
        opened.plaintext.insert(opened.plaintext.end(), bytes.begin(), bytes.end());
        ++opened.sink_calls;
        return ok_status();
    };
    opened.status = in_pieces(sealed.ciphertext, pieces, [&](ByteView piece) {
        return opener.value().update(piece, collect);
    });
    if (opened.status.ok()) {
        opened.status = opener.value().finish(collect);
    }
    if (opened.status.ok()) {
        REQUIRE(opener.value().plaintext_size() == opened.plaintext.size());
    }
    return opened;
}

Opened open(const Setup& setup, const Sealed& sealed) {
    return open(setup.key, setup.case_id, setup.attachment_id, sealed);
}

void require_opaque_failure(const Status& status) {
    REQUIRE_FALSE(status.ok());
    REQUIRE(status.error().code() == ErrorCode::integrity_failure);
    REQUIRE(status.error().message() == "decryption or verification failed");
}

Bytes plain_blake2b(ByteView bytes) {
    Bytes digest(32);
    crypto_generichash(digest.data(), digest.size(), bytes.data(), bytes.size(), nullptr, 0);
    return digest;
}

// Offset of chunk `index` (from 0) in the ciphertext.
std::size_t chunk_offset(std::size_t index) { return kAttachmentHeaderSize + index * kSealedChunk; }

Bytes with_chunks_swapped(const Bytes& ciphertext, std::size_t a, std::size_t b) {
    Bytes out = ciphertext;
    std::swap_ranges(out.begin() + static_cast<std::ptrdiff_t>(chunk_offset(a)),
                     out.begin() + static_cast<std::ptrdiff_t>(chunk_offset(a) + kSealedChunk),
                     out.begin() + static_cast<std::ptrdiff_t>(chunk_offset(b)));
    return out;
}

// A stream altered in some way, its hash recomputed: the hash alone would catch the
// change, and these tests are about the stream catching it on its own.
Sealed rehashed(Bytes ciphertext) {
    Bytes hash = plain_blake2b(ciphertext);
    return Sealed{std::move(ciphertext), std::move(hash)};
}

}  // namespace

TEST_CASE("an attachment opens to its plaintext at every size around the chunk boundary",
          "[attachment]") {
    const Setup setup = make_setup();
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, kChunk - 1, kChunk, kChunk + 1,
                                   3 * kChunk + kChunk / 2}) {
        INFO("plaintext size " << size);
        const Bytes plaintext = random_bytes(size);
        const Sealed sealed = seal(setup, plaintext);
        REQUIRE(sealed.ciphertext.size() == attachment_ciphertext_size(size));
        REQUIRE(sealed.hash == plain_blake2b(sealed.ciphertext));
        const Opened opened = open(setup, sealed);
        REQUIRE(opened.status.ok());
        REQUIRE(opened.plaintext == plaintext);
        // One call per full chunk and one for the final chunk, empty or not.
        REQUIRE(opened.sink_calls == size / kChunk + 1);
    }
}

TEST_CASE("the ciphertext size follows from the plaintext size", "[attachment]") {
    REQUIRE(attachment_ciphertext_size(0) == 24 + 17);
    REQUIRE(attachment_ciphertext_size(kChunk - 1) == 24 + kChunk - 1 + 17);
    REQUIRE(attachment_ciphertext_size(kChunk) == 24 + kChunk + 2 * 17);
    REQUIRE(attachment_ciphertext_size(std::uint64_t{256} << 20) == 24 + (256u << 20) + 257 * 17);
}

TEST_CASE("input cut into pieces of any size seals and opens to the same plaintext",
          "[attachment]") {
    const Setup setup = make_setup();
    const Bytes plaintext = random_bytes(2 * kChunk + 12345);
    const Sealed reference = seal(setup, plaintext);
    for (const auto& pieces :
         std::vector<std::vector<std::size_t>>{{1, 7, 23, 24, 25},
                                               {0, 4096},
                                               {kChunk - 1, 2},
                                               {kSealedChunk},
                                               {kSealedChunk + kAttachmentHeaderSize},
                                               {3 * kChunk}}) {
        INFO("first piece size " << pieces.front());
        const Sealed sealed = seal(setup, plaintext, pieces);
        REQUIRE(sealed.ciphertext.size() == reference.ciphertext.size());
        const Opened opened = open(setup.key, setup.case_id, setup.attachment_id, sealed, pieces);
        REQUIRE(opened.status.ok());
        REQUIRE(opened.plaintext == plaintext);
    }
}

TEST_CASE("the opener hands out each chunk as soon as it is complete", "[attachment]") {
    const Setup setup = make_setup();
    const Sealed sealed = seal(setup, random_bytes(2 * kChunk + 5));
    auto opener =
        AttachmentOpener::create(setup.key, setup.case_id, setup.attachment_id, sealed.hash);
    REQUIRE(opener.ok());
    std::size_t received = 0;
    const AttachmentSink count = [&](ByteView bytes) {
        received += bytes.size();
        return ok_status();
    };
    const ByteView all(sealed.ciphertext);
    REQUIRE(opener.value().update(all.first(chunk_offset(1) - 1), count).ok());
    REQUIRE(received == 0);
    REQUIRE(opener.value().update(all.subspan(chunk_offset(1) - 1, 1), count).ok());
    REQUIRE(received == kChunk);
    REQUIRE(opener.value().update(all.subspan(chunk_offset(1)), count).ok());
    REQUIRE(received == 2 * kChunk);
    REQUIRE(opener.value().finish(count).ok());
    REQUIRE(received == 2 * kChunk + 5);
}

TEST_CASE("opening fails when the stream is cut, extended or reordered", "[attachment]") {
    const Setup setup = make_setup();
    const Sealed sealed = seal(setup, random_bytes(2 * kChunk + kChunk / 2));
    const Bytes& c = sealed.ciphertext;

    SECTION("cut before the final chunk") {
        require_opaque_failure(open(setup, rehashed(test::truncated(c, chunk_offset(2)))).status);
    }
    SECTION("cut before the second full chunk") {
        require_opaque_failure(open(setup, rehashed(test::truncated(c, chunk_offset(1)))).status);
    }
    SECTION("cut inside the final chunk") {
        require_opaque_failure(open(setup, rehashed(test::truncated(c, c.size() - 1))).status);
    }
    SECTION("only the header") {
        require_opaque_failure(
            open(setup, rehashed(test::truncated(c, kAttachmentHeaderSize))).status);
    }
    SECTION("part of the header") {
        require_opaque_failure(open(setup, rehashed(test::truncated(c, 10))).status);
    }
    SECTION("nothing at all") { require_opaque_failure(open(setup, rehashed(Bytes{})).status); }
    SECTION("a byte after the final chunk") {
        require_opaque_failure(open(setup, rehashed(test::with_trailing_byte(c))).status);
    }
    SECTION("the final chunk repeated") {
        Bytes extended = c;
        extended.insert(extended.end(), c.begin() + static_cast<std::ptrdiff_t>(chunk_offset(2)),
                        c.end());
        require_opaque_failure(open(setup, rehashed(extended)).status);
    }
    SECTION("a full chunk repeated") {
        Bytes extended(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(chunk_offset(2)));
        extended.insert(extended.end(), c.begin() + static_cast<std::ptrdiff_t>(chunk_offset(1)),
                        c.end());
        require_opaque_failure(open(setup, rehashed(extended)).status);
    }
    SECTION("two chunks swapped") {
        require_opaque_failure(open(setup, rehashed(with_chunks_swapped(c, 0, 1))).status);
    }
    SECTION("the header of another stream under the same key") {
        const Sealed other = seal(setup, random_bytes(10));
        require_opaque_failure(
            open(setup, rehashed(test::spliced(c, 0, ByteView(other.ciphertext).first(24))))
                .status);
    }
}

TEST_CASE("opening fails under the wrong key, case or attachment id", "[attachment]") {
    const Setup setup = make_setup();
    const Sealed sealed = seal(setup, random_bytes(kChunk + 100));
    const SecretBuffer other_key = generate_attachment_key();
    require_opaque_failure(open(other_key, setup.case_id, setup.attachment_id, sealed).status);
    require_opaque_failure(
        open(setup.key, test::flipped(setup.case_id, 15), setup.attachment_id, sealed).status);
    require_opaque_failure(
        open(setup.key, setup.case_id, test::flipped(setup.attachment_id, 0), sealed).status);
    // The ids swapped: the associated data is not just the set of both ids.
    require_opaque_failure(open(setup.key, setup.attachment_id, setup.case_id, sealed).status);
}

TEST_CASE("opening fails when any byte is flipped", "[attachment]") {
    const Setup setup = make_setup();
    const Sealed sealed = seal(setup, random_bytes(kChunk + 100));
    const Bytes& c = sealed.ciphertext;
    for (const std::size_t at :
         {std::size_t{0}, kAttachmentHeaderSize - 1, kAttachmentHeaderSize, chunk_offset(0) + 500,
          chunk_offset(1) - 1, chunk_offset(1), c.size() - 1}) {
        INFO("byte " << at);
        require_opaque_failure(open(setup, rehashed(test::flipped(c, at))).status);
        // And with the hash the record named: the hash check alone catches it too.
        require_opaque_failure(open(setup, Sealed{test::flipped(c, at), sealed.hash}).status);
    }
}

TEST_CASE("opening fails when the hash differs from the one the record names", "[attachment]") {
    const Setup setup = make_setup();
    const Sealed sealed = seal(setup, random_bytes(300));
    require_opaque_failure(
        open(setup, Sealed{sealed.ciphertext, test::flipped(sealed.hash, 31)}).status);
}

TEST_CASE("after a failure the opener refuses every further call", "[attachment]") {
    const Setup setup = make_setup();
    const Sealed sealed = seal(setup, random_bytes(kChunk + 1));
    auto opener =
        AttachmentOpener::create(setup.key, setup.case_id, setup.attachment_id, sealed.hash);
    REQUIRE(opener.ok());
    const AttachmentSink ignore = [](ByteView) { return ok_status(); };
    const Bytes damaged = test::flipped(sealed.ciphertext, 100);
    require_opaque_failure(opener.value().update(damaged, ignore));
    require_opaque_failure(opener.value().update({}, ignore));
    require_opaque_failure(opener.value().finish(ignore));
}

TEST_CASE("an error from the sink stops the stream and comes back as is", "[attachment]") {
    const Setup setup = make_setup();
    const AttachmentSink refuse = [](ByteView) {
        return Status(Error(ErrorCode::internal, "disk full"));
    };
    auto sealer = AttachmentSealer::create(setup.key, setup.case_id, setup.attachment_id);
    REQUIRE(sealer.ok());
    const Status sealing = sealer.value().update(random_bytes(10), refuse);
    REQUIRE(sealing.error().message() == "disk full");
    REQUIRE_FALSE(sealer.value().finish(refuse).ok());

    const Sealed sealed = seal(setup, random_bytes(10));
    auto opener =
        AttachmentOpener::create(setup.key, setup.case_id, setup.attachment_id, sealed.hash);
    REQUIRE(opener.ok());
    REQUIRE(opener.value().update(sealed.ciphertext, refuse).ok());  // nothing emitted yet
    const Status opening = opener.value().finish(refuse);
    REQUIRE(opening.error().message() == "disk full");
}

TEST_CASE("a key, id or hash of the wrong size is refused", "[attachment]") {
    const Setup setup = make_setup();
    const SecretBuffer short_key(31);
    const Bytes hash(32);
    auto sealer = AttachmentSealer::create(short_key, setup.case_id, setup.attachment_id);
    REQUIRE(sealer.error().code() == ErrorCode::invalid_argument);
    sealer = AttachmentSealer::create(setup.key, random_bytes(15), setup.attachment_id);
    REQUIRE(sealer.error().code() == ErrorCode::invalid_argument);
    sealer = AttachmentSealer::create(setup.key, setup.case_id, random_bytes(17));
    REQUIRE(sealer.error().code() == ErrorCode::invalid_argument);
    auto opener =
        AttachmentOpener::create(setup.key, setup.case_id, setup.attachment_id, random_bytes(31));
    REQUIRE(opener.error().code() == ErrorCode::invalid_argument);
    opener = AttachmentOpener::create(short_key, setup.case_id, setup.attachment_id, hash);
    REQUIRE(opener.error().code() == ErrorCode::invalid_argument);
}

TEST_CASE("the hasher gives plain BLAKE2b-256 of the bytes in any pieces", "[attachment]") {
    REQUIRE(initialise().ok());
    const Bytes blob = random_bytes(100000);
    AttachmentHasher hasher;
    REQUIRE(in_pieces(blob, {1, 999, 4096}, [&](ByteView piece) {
                hasher.update(piece);
                return ok_status();
            }).ok());
    REQUIRE(hasher.finish() == plain_blake2b(blob));
}

}  // namespace weerbaar::crypto
