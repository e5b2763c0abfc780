#pragma once
// Member certificates. The organisation root key signs coordinator certificates;
// a coordinator signs every other member's certificate. A chain is at most
// root -> coordinator -> member.

#include <cstdint>
#include <optional>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto {

enum class Role : std::uint8_t { confidant = 1, peer = 2, coordinator = 3, researcher = 4 };

[[nodiscard]] std::string_view role_name(Role role);                 // "confidant", ...
[[nodiscard]] Result<Role> parse_role(std::string_view name);        // invalid_argument if unknown

// The issuer name of certificates signed by the organisation root key.
inline constexpr std::string_view kRootIssuer = "root";

// User names: 1..64 characters of [a-z0-9._-], starting with a letter or digit.
[[nodiscard]] Status validate_user_name(std::string_view user);
// For a name someone asks to be enrolled under (RequestEnrolment, `weerbaar init`,
// CreateOrganisation): validate_user_name, and not one of the reserved names, which
// lists and audit lines would show as the system rather than a person:
// "root" (the issuer name of the root key; certificates refuse it too), "admin",
// "administrator", "beheer", "beheerder", "system", "systeem", "server",
// "weerbaar", "anonymous", "anoniem", "unknown" and "onbekend".
// invalid_argument, Dutch first. Existing members keep their names: login and
// certificates check only validate_user_name.
[[nodiscard]] Status validate_new_user_name(std::string_view user);

struct CertificateBody {
    std::string user;
    Role role = Role::peer;
    Bytes sign_pk;         // 32 bytes
    Bytes enc_pk;          // 32 bytes
    std::uint64_t issued = 0;  // unix seconds
    std::string issuer;    // the issuing coordinator's user name, or kRootIssuer
    Bytes issuer_sign_pk;  // 32 bytes
};

class Certificate {
public:
    // Signs `body` with `issuer_key`; body.issuer_sign_pk must be issuer_key's public key.
    static Result<Certificate> issue(CertificateBody body, const SigningKeyPair& issuer_key);
    // Parses the wire form; checks the structure, not the signature.
    static Result<Certificate> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const CertificateBody& body() const { return body_; }
    [[nodiscard]] const Bytes& signature() const { return signature_; }
    // Checks the signature against the embedded issuer_sign_pk (not the chain).
    [[nodiscard]] Status verify_signature() const;
    // Fingerprint of the certified keys (member_fingerprint of sign_pk and enc_pk).
    [[nodiscard]] std::string fingerprint() const;
    // BLAKE2b-256 of the encoding (domain "weerbaar/v1/certificate-hash"): what a
    // revocation names.
    [[nodiscard]] Bytes hash() const;

private:
    Certificate(CertificateBody body, Bytes signature)
        : body_(std::move(body)), signature_(std::move(signature)) {}
    CertificateBody body_;
    Bytes signature_;
};

// Verifies that `member` chains to the pinned root key: either it is a coordinator
// certificate signed by the root, or it is signed by `issuer` (a coordinator
// certificate signed by the root, whose user and key match member's issuer fields).
// Failures are integrity_failure with a message that names the member and the step.
[[nodiscard]] Status verify_chain(const Certificate& member, const Certificate* issuer,
                                  ByteView root_sign_pk);

}  // namespace weerbaar::crypto
