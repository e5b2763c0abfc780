#pragma once
// A logged-in session: the opened profile (settings and private keys), the channel,
// and the bearer token from challenge-response login.
//
// The session is the only way to the server, and it hands out no gRPC stub: every
// call goes through a core function that verifies what comes back (the private
// client/core/src/session_rpc.h), so a front end cannot show what the core never
// checked.
//
// Threading: one Session may be shared by any number of threads (a GUI's worker
// pool, a watch beside a listing). Everything it exposes is fixed when it is opened
// and read-only after; the bearer token is the one thing that changes, and it is
// held behind a mutex. When the server refuses a call because the session ended
// (its 15-minute lifetime, kSessionLifetime on the server), the session logs in
// again with the keys in hand, no passphrase needed, and the call is retried once;
// threads that hit the end at the same moment share one new login. The Session
// must outlive every call made with it, and must not be moved while calls run.

#include <functional>
#include <memory>

#include "weerbaar/client/profile.h"
#include "weerbaar/client/server_certificate.h"
#include "weerbaar/client/server_connection.h"
#include "weerbaar/crypto/keystore.h"

namespace weerbaar::client {

class SessionRpc;
struct SessionConnection;

// Told when the session followed the server to a new TLS certificate that the pinned
// audit key endorses (ADR 0010, server_certificate.h): the profile pins it from now
// on. Runs on the thread whose call found the change, under the session's follow
// lock: keep it short, and do not call the session from it.
using CertificateObserver = std::function<void(const FollowedCertificate&)>;

class Session {
  public:
    // Opens the keystore with `passphrase`, connects, and logs in, unless the
    // profile's local store holds the token of an earlier login to this server that
    // still has more than a minute to run: then that token is used (no login; the
    // first call refused with it logs in again as below). Every new token is kept
    // in the local store (encrypted; table session_tokens) with its expiry. Errors: not_found
    // (no profile), permission_denied (wrong passphrase), integrity_failure (keystore
    // of another user), unauthenticated (not approved yet or revoked), unavailable.
    //
    // Every call (the login included) that finds the server unavailable first asks
    // whether the server rotated its certificate (follow_server_certificate): an
    // endorsed one is pinned, `observer` is told, and the call is made once more. A
    // certificate the pinned keys do not endorse fails the call as unavailable with
    // that reason.
    static Result<Session> open(const Profile& profile, const crypto::SecretBuffer& passphrase,
                                CertificateObserver observer = {});
    // The same with keys opened before (held by the unlock agent,
    // unlock_agent_client.h): no passphrase, no Argon2id. integrity_failure when they
    // belong to another user than the profile.
    static Result<Session> open_with_keys(const Profile& profile, crypto::KeystoreContents keys,
                                          CertificateObserver observer = {});

    // Ends the session whose token the profile's local store keeps for commands to
    // reuse (see open), if there is one, as logout() does, without logging in first.
    // Returns whether there was one. `keys` open the local store. Errors as logout().
    static Result<bool> logout_cached(const Profile& profile, crypto::KeystoreContents keys);

    Session(Session&&) noexcept;
    Session& operator=(Session&&) noexcept;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session();

    [[nodiscard]] const ProfileSettings& settings() const;
    [[nodiscard]] const crypto::KeystoreContents& keys() const;
    [[nodiscard]] const std::string& user() const;
    [[nodiscard]] const Profile& profile() const;

    // Ends this session at the server (AuthService.Logout: its token is refused from
    // then on) and forgets the token, here and in the profile's local store, so that
    // no later command uses it. Afterwards every call through this Session fails
    // with unauthenticated rather than logging in again: open a new one to go on.
    // Idempotent. Errors: unavailable when the server was not reached (the token is
    // forgotten all the same; the server ends the session by itself within its 15
    // minutes), or the local store's. Thread-safe; a call already running may still
    // finish with the old token.
    [[nodiscard]] Status logout() const;

    // How many times this session has logged in again since it was opened (for a
    // front end's status line, and for tests).
    [[nodiscard]] std::uint64_t renewals() const;

  private:
    friend class SessionRpc;  // the core's calls to the server (session_rpc.h)
    struct State;
    explicit Session(std::unique_ptr<State> state);

    std::unique_ptr<State> state_;
};

}  // namespace weerbaar::client
