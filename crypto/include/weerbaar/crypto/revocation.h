#pragma once
// A revocation: a coordinator's signed statement that one certificate is no longer
// valid. The server stores it and refuses the member; clients keep every revocation
// they have seen, so a server that later "forgets" one is caught.

#include <cstdint>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto {

struct RevocationBody {
    std::string user;              // the revoked member
    Bytes certificate_hash;        // Certificate::hash() of the revoked certificate (32)
    std::uint64_t revoked_at = 0;  // unix seconds
    std::string revoker;           // the coordinator who revokes
    Bytes revoker_sign_pk;         // 32
};

class Revocation {
public:
    // body.revoker_sign_pk must be revoker_key's public key.
    static Result<Revocation> issue(RevocationBody body, const SigningKeyPair& revoker_key);
    static Result<Revocation> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const RevocationBody& body() const { return body_; }
    [[nodiscard]] Status verify_signature() const;
    // BLAKE2b-256 of the encoding: how clients remember revocations they have seen.
    [[nodiscard]] Bytes hash() const;

private:
    Revocation(RevocationBody body, Bytes signature)
        : body_(std::move(body)), signature_(std::move(signature)) {}
    RevocationBody body_;
    Bytes signature_;
};

// Checks that `revocation` revokes `revoked` (user and certificate hash match) and
// was signed by `revoker_certificate`, a coordinator certificate that chains to the
// pinned root (issued by the root, so `verify_chain(revoker, nullptr, root)` holds).
// Failures are integrity_failure naming the member.
[[nodiscard]] Status verify_revocation(const Revocation& revocation, const Certificate& revoked,
                                       const Certificate& revoker_certificate,
                                       ByteView root_sign_pk);

}  // namespace weerbaar::crypto
