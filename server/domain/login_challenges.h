#pragma once
// The challenges handed out for logins, stateless: nothing is stored when one is
// issued, so no number of GetChallenge calls, under any names, can fill a pool or
// push out the challenge a member holds. A challenge is 32 bytes:
//
//   nonce (8, random) || expires (8, big-endian seconds on this process's steady
//   clock) || tag (16) = keyed BLAKE2b-128 under a per-process random key over
//   "weerbaar.login-challenge.v1", the user name, the nonce and the expiry
//
// (the construction of SYN cookies and of stateless HTTP nonces, RFC 7616 §3.3).
// A challenge is good for `user` until it expires (kChallengeLifetime). One that
// a login used successfully is remembered until it expires, so that it cannot be
// used twice; failed logins are not remembered, as a failed challenge and
// signature fail again, and remembering them would let strangers fill the set.
// A restart makes every outstanding challenge void (new key). Thread-safe.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::server {

class LoginChallenges {
  public:
    using Clock = std::chrono::steady_clock;

    LoginChallenges();

    // A new challenge for `user`; never fails, stores nothing.
    [[nodiscard]] crypto::Bytes issue(const std::string& user,
                                      Clock::time_point now = Clock::now());
    // Whether `challenge` was issued to `user` by this process, is fresh and has
    // not been used by a successful login (constant-time tag comparison).
    [[nodiscard]] bool valid(const std::string& user, const crypto::Bytes& challenge,
                             Clock::time_point now = Clock::now());
    // Marks a challenge as used by a successful login. false if it already was
    // (two logins raced with one challenge): the second must fail.
    [[nodiscard]] bool consume(const crypto::Bytes& challenge,
                               Clock::time_point now = Clock::now());

  private:
    [[nodiscard]] crypto::Bytes tag(const std::string& user,
                                    crypto::ByteView nonce_and_expiry) const;

    const crypto::SecretBuffer key_;
    std::mutex mutex_;
    // Challenges used by successful logins, with their expiry (seconds); pruned as
    // they expire. Grows only with members' own logins.
    std::map<crypto::Bytes, long long> used_;
};

}  // namespace weerbaar::server
