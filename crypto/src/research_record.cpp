#include "weerbaar/crypto/research_record.h"

#include <sodium.h>

#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/certificate.h"
#include "wire_format.h"

namespace weerbaar::crypto {

static_assert(kResearchSealOverhead == crypto_box_SEALBYTES);

namespace {

constexpr std::size_t kMaxSealedSize = kMaxResearchPlaintext + kResearchSealOverhead;

Status validate_body(const ResearchRecordBody& body) {
    if (body.case_id.size() != kCaseIdSize) {
        return Error(ErrorCode::invalid_argument, "case id must be 16 bytes");
    }
    if (body.generation == 0) {
        return Error(ErrorCode::invalid_argument, "research key generation starts at 1");
    }
    WEERBAAR_TRY(validate_user_name(body.author));
    if (body.sealed.size() > kMaxSealedSize) {
        return Error(ErrorCode::resource_exhausted, "research record is over 16 KiB");
    }
    if (body.sealed.size() < kResearchSealOverhead) {
        return Error(ErrorCode::invalid_argument, "research record: sealed part too short");
    }
    return ok_status();
}

// Every byte the author's signature covers: all of the record but the signature.
Bytes encode_body(const ResearchRecordBody& body) {
    wire::Writer writer;
    writer.header(wire::FormatTag::research_record);
    writer.fixed(body.case_id);
    writer.u32(body.generation);
    writer.string16(body.author);
    writer.u64(body.created);
    writer.bytes32(body.sealed);
    return std::move(writer).take();
}

}  // namespace

Result<ResearchRecord> ResearchRecord::seal(ByteView case_id, std::uint32_t generation,
                                            std::string author, std::uint64_t created,
                                            ByteView plaintext, ByteView research_enc_pk,
                                            const SigningKeyPair& author_key) {
    if (plaintext.size() > kMaxResearchPlaintext) {
        return Error(ErrorCode::resource_exhausted, "research record plaintext is over 16 KiB");
    }
    if (research_enc_pk.size() != kEncPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "research key has the wrong size");
    }
    ResearchRecordBody body{Bytes(case_id.begin(), case_id.end()), generation, std::move(author),
                            created, Bytes(plaintext.size() + kResearchSealOverhead)};
    WEERBAAR_TRY(validate_body(body));
    // crypto_box_seal takes no associated data; the author's signature over the header
    // and the sealed bytes is what binds them to this case and generation.
    if (crypto_box_seal(body.sealed.data(), plaintext.data(), plaintext.size(),
                        research_enc_pk.data()) != 0) {
        return Error(ErrorCode::invalid_argument, "research key is not a usable X25519 key");
    }
    Bytes signature = author_key.sign(wire::kDomainResearchRecord, encode_body(body));
    return ResearchRecord(std::move(body), std::move(signature));
}

Result<ResearchRecord> ResearchRecord::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "research record";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::research_record, kWhat));
    ResearchRecordBody body;
    const ByteView case_id = reader.fixed(kCaseIdSize);
    body.generation = reader.u32();
    body.author = reader.string16();
    body.created = reader.u64();
    const std::uint32_t sealed_size = reader.u32();
    if (sealed_size > kMaxSealedSize) {
        return Error(ErrorCode::resource_exhausted, "research record is over 16 KiB");
    }
    const ByteView sealed = reader.fixed(sealed_size);
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));

    body.case_id.assign(case_id.begin(), case_id.end());
    body.sealed.assign(sealed.begin(), sealed.end());
    WEERBAAR_TRY(validate_body(body));
    return ResearchRecord(std::move(body), Bytes(signature.begin(), signature.end()));
}

Bytes ResearchRecord::encode() const {
    Bytes out = encode_body(body_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Status ResearchRecord::verify_signature(ByteView author_sign_pk) const {
    return wire::verify_opaque(author_sign_pk, wire::kDomainResearchRecord, encode_body(body_),
                               signature_);
}

Result<SecretBuffer> ResearchRecord::open(ByteView author_sign_pk,
                                          const EncryptionKeyPair& research_key) const {
    WEERBAAR_TRY(verify_signature(author_sign_pk));
    SecretBuffer plaintext(body_.sealed.size() - kResearchSealOverhead);
    if (crypto_box_seal_open(plaintext.expose_secret().data(), body_.sealed.data(),
                             body_.sealed.size(), research_key.public_key().data(),
                             research_key.secret_key().expose_secret().data()) != 0) {
        return wire::opaque_failure();
    }
    return plaintext;
}

}  // namespace weerbaar::crypto
