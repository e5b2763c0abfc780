#pragma once
// Following the server to a new TLS certificate (ADR 0010).
//
// A client pins its server's exact certificate (server.crt in the profile). When the
// operator rotates it (stop the server, remove server.key and server.crt, start), the
// pinned channel no longer connects. Before calling that "unreachable", the session
// asks follow_server_certificate(): it opens one connection that accepts any
// certificate but notes the one it is shown, sends GetOrganisation and nothing else
// over it (no login, no token), and accepts the shown certificate only when
//   - the organisation root in the answer is the pinned root, and
//   - the answer's certificate_endorsement verifies under the pinned audit key over
//     the SHA-256 of exactly the certificate this connection was shown
//     (crypto::verify_server_certificate_endorsement), and
//   - it was signed no earlier than the endorsement the pinned certificate came with
//     (ProfileSettings::certificate_endorsed_at): the server signs anew at every
//     start, so an old certificate, whose key may be why it was rotated, cannot pull
//     a client back with its old endorsement.
// Then it writes the new server.crt (atomically; the old one kept as
// server.crt.previous). A stranger on the network holds no audit key, so cannot move
// a client; the address itself is never learned from the server (set it with
// Profile::set_server_address).

#include <optional>
#include <string>

#include "weerbaar/client/profile.h"
#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"
#include "weerbaar/v1/directory.pb.h"

namespace weerbaar::client {

// A certificate the client now pins instead of the old one.
struct FollowedCertificate {
    std::string certificate_pem;
    // SHA-256 of its DER, upper-case hex pairs joined by ':' (as `weerbaar-server`
    // prints it), for the one line a front end shows.
    std::string fingerprint;
};

// Called after a call over the pinned channel failed with unavailable. `pinned_pem`
// is the certificate that channel pinned; `settings` gives the address (the pinned
// keys are read from the profile afresh). Blocks for at most 5 seconds. Returns:
//   - nullopt when nothing is to follow: the server is not reached or did not answer
//     yet (unavailable, deadline, busy), or it presents the pinned certificate (the
//     failure was something else);
//   - the new certificate, already written to the profile, when endorsed as above;
//   - integrity_failure when the server presents another certificate that the
//     pinned keys do not vouch for (a stranger at this address, a server whose audit
//     key was replaced too, or an older certificate than the pinned one), with a
//     message in Dutch and English;
//   - failed_precondition when the profile's pinned certificate is damaged, or was
//     changed by another process meanwhile; the profile's error when a file cannot
//     be written.
// Thread-safe, but callers serialise it per profile (Session does).
[[nodiscard]] Result<std::optional<FollowedCertificate>> follow_server_certificate(
    const Profile& profile, const ProfileSettings& settings, const std::string& pinned_pem);

// The judgement alone, on what a probe learnt (follow_server_certificate uses it;
// tests call it directly): `shown_der`, the certificate the connection was shown;
// `organisation`, the server's answer; `pinned`, the profile's settings. Returns the
// endorsement's time when the certificate is to be followed, else the
// integrity_failure above. Pure; thread-safe.
[[nodiscard]] Result<std::uint64_t> judge_presented_certificate(
    crypto::ByteView shown_der, const v1::Organisation& organisation,
    const ProfileSettings& pinned);

// SHA-256 fingerprint of a PEM certificate as above; invalid_argument when it does
// not parse.
[[nodiscard]] Result<std::string> server_certificate_fingerprint(const std::string& pem);

}  // namespace weerbaar::client
