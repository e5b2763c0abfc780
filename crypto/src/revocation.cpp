#include "weerbaar/crypto/revocation.h"

#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

constexpr std::size_t kCertificateHashSize = 32;

Status validate_body(const RevocationBody& body) {
    WEERBAAR_TRY(validate_user_name(body.user));
    WEERBAAR_TRY(validate_user_name(body.revoker));
    // No certificate is ever issued to "root" (certificate.cpp), so there is nothing
    // of that name to revoke, and no coordinator of that name to revoke with.
    if (body.user == kRootIssuer || body.revoker == kRootIssuer) {
        return Error(ErrorCode::invalid_argument, "user name 'root' is reserved");
    }
    if (body.certificate_hash.size() != kCertificateHashSize) {
        return Error(ErrorCode::invalid_argument, "revocation certificate hash must be 32 bytes");
    }
    if (body.revoker_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "revocation key has the wrong size");
    }
    return ok_status();
}

Bytes encode_body(const RevocationBody& body) {
    wire::Writer writer;
    writer.header(wire::FormatTag::revocation);
    writer.string16(body.user);
    writer.fixed(body.certificate_hash);
    writer.u64(body.revoked_at);
    writer.string16(body.revoker);
    writer.fixed(body.revoker_sign_pk);
    return std::move(writer).take();
}

Error revocation_error(const Revocation& revocation, const std::string& step) {
    return Error(ErrorCode::integrity_failure,
                 "revocation of '" + revocation.body().user + "': " + step);
}

}  // namespace

Result<Revocation> Revocation::issue(RevocationBody body, const SigningKeyPair& revoker_key) {
    WEERBAAR_TRY(validate_body(body));
    if (!equal_constant_time(body.revoker_sign_pk, revoker_key.public_key())) {
        return Error(ErrorCode::invalid_argument,
                     "revoker_sign_pk is not the public key of the signing revoker");
    }
    Bytes signature = revoker_key.sign(wire::kDomainRevocation, encode_body(body));
    return Revocation(std::move(body), std::move(signature));
}

Result<Revocation> Revocation::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "revocation";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::revocation, kWhat));
    RevocationBody body;
    body.user = reader.string16();
    const ByteView certificate_hash = reader.fixed(kCertificateHashSize);
    body.revoked_at = reader.u64();
    body.revoker = reader.string16();
    const ByteView revoker_sign_pk = reader.fixed(kSignPublicKeySize);
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));

    body.certificate_hash.assign(certificate_hash.begin(), certificate_hash.end());
    body.revoker_sign_pk.assign(revoker_sign_pk.begin(), revoker_sign_pk.end());
    WEERBAAR_TRY(validate_body(body));
    return Revocation(std::move(body), Bytes(signature.begin(), signature.end()));
}

Bytes Revocation::encode() const {
    Bytes out = encode_body(body_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Status Revocation::verify_signature() const {
    return crypto::verify_signature(body_.revoker_sign_pk, wire::kDomainRevocation,
                                    encode_body(body_), signature_);
}

Bytes Revocation::hash() const { return crypto::hash(wire::kDomainRevocationHash, encode()); }

Status verify_revocation(const Revocation& revocation, const Certificate& revoked,
                         const Certificate& revoker_certificate, ByteView root_sign_pk) {
    if (root_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "pinned root key has the wrong size");
    }
    const RevocationBody& body = revocation.body();
    if (body.user != revoked.body().user) {
        return revocation_error(revocation,
                                "given certificate is of '" + revoked.body().user + "'");
    }
    // The hash pins one certificate: a member re-enrolled with new keys after a
    // revocation is not revoked by it.
    if (!equal_constant_time(body.certificate_hash, revoked.hash())) {
        return revocation_error(revocation, "names another certificate of this member");
    }
    const std::string revoker_name = "revoker '" + body.revoker + "'";
    const CertificateBody& revoker_body = revoker_certificate.body();
    if (revoker_body.user != body.revoker) {
        return revocation_error(
            revocation, revoker_name + ": given certificate is of '" + revoker_body.user + "'");
    }
    if (revoker_body.role != Role::coordinator) {
        return revocation_error(revocation, revoker_name + " is not a coordinator");
    }
    if (!verify_chain(revoker_certificate, nullptr, root_sign_pk).ok()) {
        return revocation_error(revocation,
                                revoker_name + " is not certified by the pinned root key");
    }
    if (!equal_constant_time(body.revoker_sign_pk, revoker_body.sign_pk)) {
        return revocation_error(revocation,
                                revoker_name + ": key does not match the revoker's certificate");
    }
    if (!revocation.verify_signature().ok()) {
        return revocation_error(revocation, "signature by " + revoker_name + " does not verify");
    }
    return ok_status();
}

}  // namespace weerbaar::crypto
