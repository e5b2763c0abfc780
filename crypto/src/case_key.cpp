#include "weerbaar/crypto/case_key.h"

#include <cstdlib>

#include "sealed_grant.h"
#include "wire_format.h"

namespace weerbaar::crypto {

static_assert(sealed_grant::kSecretSize == kCaseKeySize);

Bytes derive_case_id(ByteView creator_sign_pk, ByteView nonce) {
    if (creator_sign_pk.size() != kSignPublicKeySize || nonce.size() != kCaseIdNonceSize) {
        std::abort();  // fixed sizes: anything else is a bug in the caller
    }
    Bytes input(creator_sign_pk.begin(), creator_sign_pk.end());
    input.insert(input.end(), nonce.begin(), nonce.end());
    return hash("weerbaar/v1/case-id", input, kCaseIdSize);
}

namespace {

Status validate_body(const KeyWrapBody& body) {
    if (body.case_id.size() != kCaseIdSize) {
        return Error(ErrorCode::invalid_argument, "case id must be 16 bytes");
    }
    return sealed_grant::validate(body, "key wrap");
}

Bytes encode_body(const KeyWrapBody& body) {
    wire::Writer writer;
    writer.header(wire::FormatTag::key_wrap);
    writer.fixed(body.case_id);
    writer.u32(body.epoch);
    sealed_grant::write(writer, body);
    return std::move(writer).take();
}

}  // namespace

CaseKey CaseKey::generate() { return CaseKey(SecretBuffer::random(kCaseKeySize)); }

Result<CaseKey> CaseKey::from_secret(SecretBuffer key) {
    if (key.size() != kCaseKeySize) {
        return Error(ErrorCode::invalid_argument, "case key must be 32 bytes");
    }
    return CaseKey(std::move(key));
}

Result<KeyWrap> KeyWrap::create(ByteView case_id, std::uint32_t epoch, std::string recipient,
                                ByteView recipient_enc_pk, const CaseKey& key, std::string granter,
                                const SigningKeyPair& granter_key) {
    KeyWrapBody body;
    body.case_id.assign(case_id.begin(), case_id.end());
    body.epoch = epoch;
    body.recipient = std::move(recipient);
    body.recipient_enc_pk.assign(recipient_enc_pk.begin(), recipient_enc_pk.end());
    body.sealed_key.resize(sealed_grant::kSealedSize);
    body.granter = std::move(granter);
    body.granter_sign_pk = granter_key.public_key();
    WEERBAAR_TRY(validate_body(body));
    WEERBAAR_TRY(sealed_grant::seal(body, key.secret()));
    Bytes signature = granter_key.sign(wire::kDomainKeyWrap, encode_body(body));
    return KeyWrap(std::move(body), std::move(signature));
}

Result<KeyWrap> KeyWrap::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "key wrap";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::key_wrap, kWhat));
    KeyWrapBody body;
    const ByteView case_id = reader.fixed(kCaseIdSize);
    body.epoch = reader.u32();
    const ByteView signature = sealed_grant::read(reader, body);
    WEERBAAR_TRY(reader.finish(kWhat));

    body.case_id.assign(case_id.begin(), case_id.end());
    WEERBAAR_TRY(validate_body(body));
    return KeyWrap(std::move(body), Bytes(signature.begin(), signature.end()));
}

Bytes KeyWrap::encode() const {
    Bytes out = encode_body(body_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Status KeyWrap::verify_signature() const {
    return crypto::verify_signature(body_.granter_sign_pk, wire::kDomainKeyWrap, encode_body(body_),
                                    signature_);
}

Result<CaseKey> KeyWrap::open(const EncryptionKeyPair& recipient_key) const {
    if (!verify_signature().ok()) {
        return wire::opaque_failure();
    }
    WEERBAAR_ASSIGN_OR_RETURN(SecretBuffer key, sealed_grant::open(body_, recipient_key));
    return CaseKey::from_secret(std::move(key));
}

}  // namespace weerbaar::crypto
