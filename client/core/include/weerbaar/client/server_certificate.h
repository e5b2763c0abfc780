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
//     (crypto::verify_server_certificate_endorsement).
// Then it writes the new server.crt (atomically; the old one kept as
// server.crt.previous). A stranger on the network holds no audit key, so cannot move
// a client; the address itself is never learned from the server (set it with
// Profile::set_server_address).

#include <optional>
#include <string>

#include "weerbaar/client/profile.h"
#include "weerbaar/result.h"

namespace weerbaar::client {

// A certificate the client now pins instead of the old one.
struct FollowedCertificate {
    std::string certificate_pem;
    // SHA-256 of its DER, upper-case hex pairs joined by ':' (as `weerbaar-server`
    // prints it), for the one line a front end shows.
    std::string fingerprint;
};

// Called after a call over the pinned channel failed with unavailable. `pinned_pem`
// is the certificate that channel pinned. Blocks for at most kCallDeadline.
// Returns:
//   - nullopt when nothing is to follow: the server is not reached, or it presents
//     the pinned certificate (the failure was something else);
//   - the new certificate, already written to the profile, when endorsed as above;
//   - integrity_failure when the server presents another certificate that the
//     pinned keys do not vouch for (a stranger at this address, or a server whose
//     audit key was replaced too: then only `weerbaar init` with a checked
//     fingerprint helps), with a message in Dutch and English;
//   - the profile's error when the new file cannot be written.
// Thread-safe, but callers serialise it per profile (Session does).
[[nodiscard]] Result<std::optional<FollowedCertificate>> follow_server_certificate(
    const Profile& profile, const ProfileSettings& settings, const std::string& pinned_pem);

// SHA-256 fingerprint of a PEM certificate as above; invalid_argument when it does
// not parse.
[[nodiscard]] Result<std::string> server_certificate_fingerprint(const std::string& pem);

}  // namespace weerbaar::client
