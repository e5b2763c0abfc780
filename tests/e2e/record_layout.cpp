#include "record_layout.h"

#include <stdexcept>

#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/record.h"

namespace weerbaar::e2e {
namespace {

// version, tag, case id, record id, epoch: everything before the author.
constexpr std::size_t kAuthorOffset = 2 + crypto::kCaseIdSize + crypto::kRecordIdSize + 4;
constexpr std::size_t kNonceSize = 24;

}  // namespace

RecordLayout record_layout(crypto::ByteView encoded) {
    auto decoded = crypto::SealedRecord::decode(encoded);
    if (!decoded.ok()) throw std::runtime_error("not a record: " + decoded.error().message());
    const crypto::RecordHeader& header = decoded.value().header();
    RecordLayout layout{};
    layout.author = kAuthorOffset;
    layout.created = kAuthorOffset + 2 + header.author.size();
    const std::size_t header_end =
        layout.created + 8 + 2 + header.seen_hashes.size() * crypto::kRecordHashSize;
    layout.nonce = header_end;
    layout.ciphertext = header_end + kNonceSize + 4;
    layout.signature = encoded.size() - crypto::kSignatureSize;
    return layout;
}

crypto::Bytes with_author(crypto::ByteView encoded, const std::string& author) {
    const RecordLayout layout = record_layout(encoded);
    crypto::Bytes out(encoded.begin(),
                      encoded.begin() + static_cast<std::ptrdiff_t>(layout.author));
    out.push_back(static_cast<std::uint8_t>(author.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(author.size() & 0xff));
    out.insert(out.end(), author.begin(), author.end());
    out.insert(out.end(), encoded.begin() + static_cast<std::ptrdiff_t>(layout.created),
               encoded.end());
    return out;
}

crypto::Bytes with_flipped_byte(crypto::ByteView bytes, std::size_t offset) {
    if (offset >= bytes.size()) throw std::out_of_range("flip past the end");
    crypto::Bytes out(bytes.begin(), bytes.end());
    out[offset] ^= 0xff;
    return out;
}

crypto::Bytes note_plaintext(const std::string& text) {
    if (text.size() >= 120) throw std::runtime_error("note_plaintext: text too long");
    crypto::Bytes note{0x0a, static_cast<std::uint8_t>(text.size())};
    note.insert(note.end(), text.begin(), text.end());
    crypto::Bytes content{0x12, static_cast<std::uint8_t>(note.size())};
    content.insert(content.end(), note.begin(), note.end());
    return content;
}

}  // namespace weerbaar::e2e
