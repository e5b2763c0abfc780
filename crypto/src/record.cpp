#include "weerbaar/crypto/record.h"

#include <sodium.h>

#include "weerbaar/crypto/certificate.h"
#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kNonceSize == 24 && kTagSize == 16);

Status validate_header(const RecordHeader& header) {
    if (header.case_id.size() != kCaseIdSize) {
        return Error(ErrorCode::invalid_argument, "case id must be 16 bytes");
    }
    if (header.record_id.size() != kRecordIdSize) {
        return Error(ErrorCode::invalid_argument, "record id must be 16 bytes");
    }
    WEERBAAR_TRY(validate_user_name(header.author));
    if (header.seen_hashes.size() > kMaxSeenHashes) {
        return Error(ErrorCode::resource_exhausted, "record names more than 64 seen hashes");
    }
    for (const Bytes& seen : header.seen_hashes) {
        if (seen.size() != kRecordHashSize) {
            return Error(ErrorCode::invalid_argument, "seen hash must be 32 bytes");
        }
    }
    return ok_status();
}

// The canonical header: the AEAD's associated data and the first part of the record.
Bytes encode_header(const RecordHeader& header) {
    wire::Writer writer;
    writer.header(wire::FormatTag::record);
    writer.fixed(header.case_id);
    writer.fixed(header.record_id);
    writer.u32(header.epoch);
    writer.string16(header.author);
    writer.u64(header.created);
    writer.u16(static_cast<std::uint16_t>(header.seen_hashes.size()));
    for (const Bytes& seen : header.seen_hashes) {
        writer.fixed(seen);
    }
    return std::move(writer).take();
}

// Everything the author's signature covers: header, nonce, length-prefixed ciphertext.
Bytes encode_signed_part(const Bytes& header, ByteView nonce, ByteView ciphertext) {
    wire::Writer writer;
    writer.fixed(header);
    writer.fixed(nonce);
    writer.bytes32(ciphertext);
    return std::move(writer).take();
}

}  // namespace

Result<SealedRecord> SealedRecord::seal(RecordHeader header, ByteView plaintext, const CaseKey& key,
                                        const SigningKeyPair& author_key) {
    WEERBAAR_TRY(validate_header(header));
    if (plaintext.size() > kMaxRecordPlaintextSize) {
        return Error(ErrorCode::resource_exhausted, "record plaintext is over 1 MiB");
    }
    const Bytes associated_data = encode_header(header);
    // A random 192-bit nonce: collisions are negligible even for many records per key.
    Bytes nonce = random_bytes(kNonceSize);
    Bytes ciphertext(plaintext.size() + kTagSize);
    unsigned long long ciphertext_size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        ciphertext.data(), &ciphertext_size, plaintext.data(), plaintext.size(),
        associated_data.data(), associated_data.size(), nullptr, nonce.data(),
        key.secret().expose_secret().data());
    ciphertext.resize(ciphertext_size);
    Bytes signature = author_key.sign(wire::kDomainRecord,
                                      encode_signed_part(associated_data, nonce, ciphertext));
    return SealedRecord(std::move(header), std::move(nonce), std::move(ciphertext),
                        std::move(signature));
}

Result<SealedRecord> SealedRecord::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "record";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::record, kWhat));
    RecordHeader header;
    const ByteView case_id = reader.fixed(kCaseIdSize);
    const ByteView record_id = reader.fixed(kRecordIdSize);
    header.epoch = reader.u32();
    header.author = reader.string16();
    header.created = reader.u64();
    const std::uint16_t seen_count = reader.u16();
    if (seen_count > kMaxSeenHashes) {
        return Error(ErrorCode::resource_exhausted, "record names more than 64 seen hashes");
    }
    for (std::uint16_t i = 0; i < seen_count; ++i) {
        const ByteView seen = reader.fixed(kRecordHashSize);
        header.seen_hashes.emplace_back(seen.begin(), seen.end());
    }
    const ByteView nonce = reader.fixed(kNonceSize);
    const std::uint32_t ciphertext_size = reader.u32();
    if (ciphertext_size > kMaxRecordPlaintextSize + kTagSize) {
        return Error(ErrorCode::resource_exhausted, "record ciphertext is over 1 MiB");
    }
    if (!reader.failed() && ciphertext_size < kTagSize) {
        return Error(ErrorCode::invalid_argument, "record: ciphertext shorter than its tag");
    }
    const ByteView ciphertext = reader.fixed(ciphertext_size);
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));

    header.case_id.assign(case_id.begin(), case_id.end());
    header.record_id.assign(record_id.begin(), record_id.end());
    WEERBAAR_TRY(validate_header(header));
    return SealedRecord(std::move(header), Bytes(nonce.begin(), nonce.end()),
                        Bytes(ciphertext.begin(), ciphertext.end()),
                        Bytes(signature.begin(), signature.end()));
}

Bytes SealedRecord::encode() const {
    Bytes out = encode_signed_part(encode_header(header_), nonce_, ciphertext_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Bytes record_hash(ByteView encoded) { return crypto::hash(wire::kDomainRecordHash, encoded); }

Bytes SealedRecord::hash() const { return record_hash(encode()); }

Status SealedRecord::verify_signature(ByteView author_sign_pk) const {
    return wire::verify_opaque(author_sign_pk, wire::kDomainRecord,
                               encode_signed_part(encode_header(header_), nonce_, ciphertext_),
                               signature_);
}

Result<SecretBuffer> SealedRecord::decrypt(const CaseKey& key) const {
    const Bytes associated_data = encode_header(header_);
    SecretBuffer plaintext(ciphertext_.size() - kTagSize);
    unsigned long long plaintext_size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            plaintext.expose_secret().data(), &plaintext_size, nullptr, ciphertext_.data(),
            ciphertext_.size(), associated_data.data(), associated_data.size(), nonce_.data(),
            key.secret().expose_secret().data()) != 0) {
        return wire::opaque_failure();
    }
    return plaintext;
}

Result<SecretBuffer> SealedRecord::open(const CaseKey& key, ByteView author_sign_pk) const {
    WEERBAAR_TRY(verify_signature(author_sign_pk));
    return decrypt(key);
}

}  // namespace weerbaar::crypto
