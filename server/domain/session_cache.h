#pragma once
// Sessions already authenticated, kept in memory so that a call with a known
// bearer token does not read the database (issue 13: every call used to read its
// session and member rows through the read connection, which after each write must
// decrypt those pages afresh).
//
// When it is safe: an entry says no more than the database said when it was read,
// and it is forgotten as soon as that could change. Every write that ends a session
// or changes a member (logout, a login that drops the oldest sessions, a
// revocation, an approval) calls forget_member() right after it commits and before it is
// acknowledged (GroupCommitWriter::AfterCommit), so once a revocation is
// acknowledged no cached entry lets the revoked member in. A read that began
// before such a commit could put back what it read; remember() therefore takes the
// generation() read before the database was, and drops the entry when a
// forget_member() came in between. Expiry is checked on every hit against the stored expiry.
//
// Entries are keyed by the token's hash (session_token_hash), never the token, so
// the memory holds nothing a database dump would not. At most kMaxCachedSessions
// entries; when full, the cache starts again empty (a miss costs one read).
// Thread-safe.

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "caller.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::server {

inline constexpr std::size_t kMaxCachedSessions = 4096;

class SessionCache {
  public:
    // Read before the database read whose result remember() is given.
    [[nodiscard]] std::uint64_t generation() const;
    // The caller of a session remembered under `token_hash` that expires after
    // `now` (unix seconds); nullopt otherwise.
    [[nodiscard]] std::optional<Caller> find(crypto::ByteView token_hash, std::int64_t now) const;
    // Remembers what the database said of `token_hash`, unless forget_member() ran
    // since `generation` was read.
    void remember(crypto::ByteView token_hash, const Caller& caller, std::int64_t expires,
                  std::uint64_t generation);
    // Forgets every session of `user`, and makes every read begun before this call
    // unfit to remember. Call after a commit that ends a session of `user` or
    // changes their membership, before acknowledging it. O(entries).
    void forget_member(const std::string& user);

    [[nodiscard]] std::size_t size() const;

  private:
    struct Entry {
        Caller caller;
        std::int64_t expires = 0;
    };

    mutable std::shared_mutex mutex_;
    std::uint64_t generation_ = 0;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace weerbaar::server
