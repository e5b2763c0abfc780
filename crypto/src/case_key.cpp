#include "weerbaar/crypto/case_key.h"

#include <sodium.h>

#include "weerbaar/crypto/certificate.h"
#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

constexpr std::size_t kSealedKeySize = crypto_box_SEALBYTES + kCaseKeySize;
static_assert(kSealedKeySize == 80);

Error opaque_error() {
    return Error(ErrorCode::integrity_failure, "decryption or verification failed");
}

Status validate_body(const KeyWrapBody& body) {
    if (body.case_id.size() != kCaseIdSize) {
        return Error(ErrorCode::invalid_argument, "case id must be 16 bytes");
    }
    WEERBAAR_TRY(validate_user_name(body.recipient));
    WEERBAAR_TRY(validate_user_name(body.granter));
    if (body.recipient_enc_pk.size() != kEncPublicKeySize ||
        body.sealed_key.size() != kSealedKeySize ||
        body.granter_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "key wrap field has the wrong size");
    }
    return ok_status();
}

Bytes encode_body(const KeyWrapBody& body) {
    wire::Writer writer;
    writer.header(wire::FormatTag::key_wrap);
    writer.fixed(body.case_id);
    writer.u32(body.epoch);
    writer.string16(body.recipient);
    writer.fixed(body.recipient_enc_pk);
    writer.fixed(body.sealed_key);
    writer.string16(body.granter);
    writer.fixed(body.granter_sign_pk);
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
    body.sealed_key.resize(kSealedKeySize);
    body.granter = std::move(granter);
    body.granter_sign_pk = granter_key.public_key();
    WEERBAAR_TRY(validate_body(body));

    const auto secret = key.secret().expose_secret();
    if (crypto_box_seal(body.sealed_key.data(), secret.data(), secret.size(),
                        body.recipient_enc_pk.data()) != 0) {
        return Error(ErrorCode::invalid_argument, "recipient key is not a usable X25519 key");
    }
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
    body.recipient = reader.string16();
    const ByteView recipient_enc_pk = reader.fixed(kEncPublicKeySize);
    const ByteView sealed_key = reader.fixed(kSealedKeySize);
    body.granter = reader.string16();
    const ByteView granter_sign_pk = reader.fixed(kSignPublicKeySize);
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));

    body.case_id.assign(case_id.begin(), case_id.end());
    body.recipient_enc_pk.assign(recipient_enc_pk.begin(), recipient_enc_pk.end());
    body.sealed_key.assign(sealed_key.begin(), sealed_key.end());
    body.granter_sign_pk.assign(granter_sign_pk.begin(), granter_sign_pk.end());
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
        return opaque_error();
    }
    if (!equal_constant_time(body_.recipient_enc_pk, recipient_key.public_key())) {
        return opaque_error();
    }
    SecretBuffer key(kCaseKeySize);
    if (crypto_box_seal_open(key.expose_secret().data(), body_.sealed_key.data(),
                             body_.sealed_key.size(), recipient_key.public_key().data(),
                             recipient_key.secret_key().expose_secret().data()) != 0) {
        return opaque_error();
    }
    return CaseKey::from_secret(std::move(key));
}

}  // namespace weerbaar::crypto
