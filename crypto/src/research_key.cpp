#include "weerbaar/crypto/research_key.h"

#include "sealed_grant.h"
#include "wire_format.h"

namespace weerbaar::crypto {

static_assert(sealed_grant::kSecretSize == kResearchSecretKeySize);

namespace {

Status validate_generation(std::uint32_t generation) {
    if (generation == 0) {
        return Error(ErrorCode::invalid_argument, "research key generation starts at 1");
    }
    return ok_status();
}

Status validate_certificate_body(const ResearchKeyCertificateBody& body) {
    WEERBAAR_TRY(validate_generation(body.generation));
    if (body.enc_pk.size() != kEncPublicKeySize || body.root_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument,
                     "research key certificate key has the wrong size");
    }
    return ok_status();
}

Bytes encode_certificate_body(const ResearchKeyCertificateBody& body) {
    wire::Writer writer;
    writer.header(wire::FormatTag::research_key_certificate);
    writer.u32(body.generation);
    writer.fixed(body.enc_pk);
    writer.u64(body.issued);
    writer.fixed(body.root_sign_pk);
    return std::move(writer).take();
}

Status validate_wrap_body(const ResearchKeyWrapBody& body) {
    WEERBAAR_TRY(validate_generation(body.generation));
    return sealed_grant::validate(body, "research key wrap");
}

Bytes encode_wrap_body(const ResearchKeyWrapBody& body) {
    wire::Writer writer;
    writer.header(wire::FormatTag::research_key_wrap);
    writer.u32(body.generation);
    sealed_grant::write(writer, body);
    return std::move(writer).take();
}

}  // namespace

Result<ResearchKeyCertificate> ResearchKeyCertificate::issue(std::uint32_t generation,
                                                             ByteView enc_pk, std::uint64_t issued,
                                                             const SigningKeyPair& root_key) {
    ResearchKeyCertificateBody body{generation, Bytes(enc_pk.begin(), enc_pk.end()), issued,
                                    root_key.public_key()};
    WEERBAAR_TRY(validate_certificate_body(body));
    Bytes signature =
        root_key.sign(wire::kDomainResearchKeyCertificate, encode_certificate_body(body));
    return ResearchKeyCertificate(std::move(body), std::move(signature));
}

Result<ResearchKeyCertificate> ResearchKeyCertificate::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "research key certificate";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::research_key_certificate, kWhat));
    ResearchKeyCertificateBody body;
    body.generation = reader.u32();
    const ByteView enc_pk = reader.fixed(kEncPublicKeySize);
    body.issued = reader.u64();
    const ByteView root_sign_pk = reader.fixed(kSignPublicKeySize);
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));

    body.enc_pk.assign(enc_pk.begin(), enc_pk.end());
    body.root_sign_pk.assign(root_sign_pk.begin(), root_sign_pk.end());
    WEERBAAR_TRY(validate_certificate_body(body));
    return ResearchKeyCertificate(std::move(body), Bytes(signature.begin(), signature.end()));
}

Bytes ResearchKeyCertificate::encode() const {
    Bytes out = encode_certificate_body(body_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Status ResearchKeyCertificate::verify(ByteView pinned_root_sign_pk) const {
    if (pinned_root_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "pinned root key has the wrong size");
    }
    if (!equal_constant_time(body_.root_sign_pk, pinned_root_sign_pk)) {
        return wire::opaque_failure();
    }
    return wire::verify_opaque(body_.root_sign_pk, wire::kDomainResearchKeyCertificate,
                               encode_certificate_body(body_), signature_);
}

Result<ResearchKeyWrap> ResearchKeyWrap::create(std::uint32_t generation, std::string recipient,
                                                ByteView recipient_enc_pk,
                                                const EncryptionKeyPair& research_key,
                                                std::string granter,
                                                const SigningKeyPair& granter_key) {
    ResearchKeyWrapBody body;
    body.generation = generation;
    body.recipient = std::move(recipient);
    body.recipient_enc_pk.assign(recipient_enc_pk.begin(), recipient_enc_pk.end());
    body.sealed_key.resize(sealed_grant::kSealedSize);
    body.granter = std::move(granter);
    body.granter_sign_pk = granter_key.public_key();
    WEERBAAR_TRY(validate_wrap_body(body));
    WEERBAAR_TRY(sealed_grant::seal(body, research_key.secret_key()));
    Bytes signature = granter_key.sign(wire::kDomainResearchKeyWrap, encode_wrap_body(body));
    return ResearchKeyWrap(std::move(body), std::move(signature));
}

Result<ResearchKeyWrap> ResearchKeyWrap::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "research key wrap";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::research_key_wrap, kWhat));
    ResearchKeyWrapBody body;
    body.generation = reader.u32();
    const ByteView signature = sealed_grant::read(reader, body);
    WEERBAAR_TRY(reader.finish(kWhat));
    WEERBAAR_TRY(validate_wrap_body(body));
    return ResearchKeyWrap(std::move(body), Bytes(signature.begin(), signature.end()));
}

Bytes ResearchKeyWrap::encode() const {
    Bytes out = encode_wrap_body(body_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Status ResearchKeyWrap::verify_signature() const {
    return wire::verify_opaque(body_.granter_sign_pk, wire::kDomainResearchKeyWrap,
                               encode_wrap_body(body_), signature_);
}

Result<EncryptionKeyPair> ResearchKeyWrap::open(const EncryptionKeyPair& recipient_key,
                                                ByteView expected_enc_pk) const {
    if (!verify_signature().ok()) {
        return wire::opaque_failure();
    }
    WEERBAAR_ASSIGN_OR_RETURN(SecretBuffer secret, sealed_grant::open(body_, recipient_key));
    auto research_key = EncryptionKeyPair::from_secret(std::move(secret));
    // A wrap that unseals to some other key than the certified one is as wrong as one
    // that does not unseal: the granter signed it, but it is not this organisation's key.
    if (!research_key.ok() ||
        !equal_constant_time(research_key.value().public_key(), expected_enc_pk)) {
        return wire::opaque_failure();
    }
    return research_key;
}

}  // namespace weerbaar::crypto
