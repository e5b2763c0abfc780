#include "weerbaar/crypto/certificate.h"

#include <algorithm>
#include <array>

#include "weerbaar/crypto/fingerprint.h"
#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

constexpr std::size_t kMaxUserNameSize = 64;

bool is_valid_role(std::uint8_t value) {
    return value >= static_cast<std::uint8_t>(Role::confidant) &&
           value <= static_cast<std::uint8_t>(Role::researcher);
}

Status validate_body(const CertificateBody& body) {
    WEERBAAR_TRY(validate_user_name(body.user));
    if (body.user == kRootIssuer) {
        // "root" names the organisation key as issuer; a member of that name would be
        // indistinguishable from it in the issuer field of the certificates they sign.
        return Error(ErrorCode::invalid_argument, "user name 'root' is reserved");
    }
    if (!is_valid_role(static_cast<std::uint8_t>(body.role))) {
        return Error(ErrorCode::invalid_argument, "certificate has an unknown role");
    }
    if (body.sign_pk.size() != kSignPublicKeySize || body.enc_pk.size() != kEncPublicKeySize ||
        body.issuer_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "certificate key has the wrong size");
    }
    if (body.issuer != kRootIssuer) {
        WEERBAAR_TRY(validate_user_name(body.issuer));
    }
    return ok_status();
}

Bytes encode_body(const CertificateBody& body) {
    wire::Writer writer;
    writer.header(wire::FormatTag::certificate);
    writer.string16(body.user);
    writer.u8(static_cast<std::uint8_t>(body.role));
    writer.fixed(body.sign_pk);
    writer.fixed(body.enc_pk);
    writer.u64(body.issued);
    writer.string16(body.issuer);
    writer.fixed(body.issuer_sign_pk);
    return std::move(writer).take();
}

Error chain_error(const Certificate& member, const std::string& step) {
    return Error(ErrorCode::integrity_failure,
                 "certificate of '" + member.body().user + "': " + step);
}

}  // namespace

std::string_view role_name(Role role) {
    switch (role) {
        case Role::confidant:
            return "confidant";
        case Role::peer:
            return "peer";
        case Role::coordinator:
            return "coordinator";
        case Role::researcher:
            return "researcher";
    }
    return "unknown";
}

Result<Role> parse_role(std::string_view name) {
    for (const Role role : {Role::confidant, Role::peer, Role::coordinator, Role::researcher}) {
        if (name == role_name(role)) {
            return role;
        }
    }
    return Error(ErrorCode::invalid_argument, "unknown role '" + std::string(name) + "'");
}

Status validate_user_name(std::string_view user) {
    if (user.empty() || user.size() > kMaxUserNameSize) {
        return Error(ErrorCode::invalid_argument, "user name must be 1 to 64 characters");
    }
    const auto is_letter_or_digit = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    };
    if (!is_letter_or_digit(user.front())) {
        return Error(ErrorCode::invalid_argument,
                     "user name must start with a lower-case letter or a digit");
    }
    for (const char c : user) {
        if (!is_letter_or_digit(c) && c != '.' && c != '_' && c != '-') {
            return Error(ErrorCode::invalid_argument,
                         "user name may hold only a-z, 0-9, '.', '_' and '-'");
        }
    }
    return ok_status();
}

Status validate_new_user_name(std::string_view user) {
    WEERBAAR_TRY(validate_user_name(user));
    static constexpr std::array<std::string_view, 13> kReserved = {
        kRootIssuer, "admin",    "administrator", "beheer",  "beheerder", "system",  "systeem",
        "server",    "weerbaar", "anonymous",     "anoniem", "unknown",   "onbekend"};
    if (std::find(kReserved.begin(), kReserved.end(), user) != kReserved.end()) {
        return Error(
            ErrorCode::invalid_argument,
            "de naam '" + std::string(user) +
                "' is gereserveerd; kies een andere / the name is reserved; choose another");
    }
    return ok_status();
}

Result<Certificate> Certificate::issue(CertificateBody body, const SigningKeyPair& issuer_key) {
    WEERBAAR_TRY(validate_body(body));
    if (!equal_constant_time(body.issuer_sign_pk, issuer_key.public_key())) {
        return Error(ErrorCode::invalid_argument,
                     "issuer_sign_pk is not the public key of the signing issuer");
    }
    Bytes signature = issuer_key.sign(wire::kDomainCertificate, encode_body(body));
    return Certificate(std::move(body), std::move(signature));
}

Result<Certificate> Certificate::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "certificate";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::certificate, kWhat));
    CertificateBody body;
    body.user = reader.string16();
    const std::uint8_t role = reader.u8();
    const ByteView sign_pk = reader.fixed(kSignPublicKeySize);
    const ByteView enc_pk = reader.fixed(kEncPublicKeySize);
    body.issued = reader.u64();
    body.issuer = reader.string16();
    const ByteView issuer_sign_pk = reader.fixed(kSignPublicKeySize);
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));

    body.role = static_cast<Role>(role);
    body.sign_pk.assign(sign_pk.begin(), sign_pk.end());
    body.enc_pk.assign(enc_pk.begin(), enc_pk.end());
    body.issuer_sign_pk.assign(issuer_sign_pk.begin(), issuer_sign_pk.end());
    WEERBAAR_TRY(validate_body(body));
    return Certificate(std::move(body), Bytes(signature.begin(), signature.end()));
}

Bytes Certificate::encode() const {
    Bytes out = encode_body(body_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Status Certificate::verify_signature() const {
    return crypto::verify_signature(body_.issuer_sign_pk, wire::kDomainCertificate,
                                    encode_body(body_), signature_);
}

std::string Certificate::fingerprint() const {
    return member_fingerprint(body_.sign_pk, body_.enc_pk);
}

Bytes Certificate::hash() const { return crypto::hash(wire::kDomainCertificateHash, encode()); }

Status verify_chain(const Certificate& member, const Certificate* issuer, ByteView root_sign_pk) {
    if (root_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "pinned root key has the wrong size");
    }
    const CertificateBody& body = member.body();
    if (body.issuer == kRootIssuer) {
        if (body.role != Role::coordinator) {
            return chain_error(member, "claims the root as issuer but has role '" +
                                           std::string(role_name(body.role)) +
                                           "', not coordinator");
        }
        if (!equal_constant_time(body.issuer_sign_pk, root_sign_pk)) {
            return chain_error(member, "issuer key is not the pinned root key");
        }
        if (!member.verify_signature().ok()) {
            return chain_error(member, "root signature does not verify");
        }
        return ok_status();
    }

    // Only the root key makes coordinators: a coordinator cannot appoint another,
    // so a single stolen coordinator key cannot grow the set of key holders.
    if (body.role == Role::coordinator) {
        return chain_error(member, "is a coordinator certificate not issued by the root key");
    }
    const std::string issuer_name = "issuer '" + body.issuer + "'";
    if (issuer == nullptr) {
        return chain_error(member, issuer_name + ": no certificate given");
    }
    const CertificateBody& issuer_body = issuer->body();
    if (issuer_body.user != body.issuer) {
        return chain_error(member,
                           issuer_name + ": given certificate is of '" + issuer_body.user + "'");
    }
    if (issuer_body.role != Role::coordinator) {
        return chain_error(member, issuer_name + " is not a coordinator");
    }
    if (issuer_body.issuer != kRootIssuer ||
        !equal_constant_time(issuer_body.issuer_sign_pk, root_sign_pk) ||
        !issuer->verify_signature().ok()) {
        return chain_error(member, issuer_name + " is not certified by the pinned root key");
    }
    if (!equal_constant_time(issuer_body.sign_pk, body.issuer_sign_pk)) {
        return chain_error(member, issuer_name + ": key does not match the issuer's certificate");
    }
    if (!member.verify_signature().ok()) {
        return chain_error(member, "signature by " + issuer_name + " does not verify");
    }
    return ok_status();
}

}  // namespace weerbaar::crypto
