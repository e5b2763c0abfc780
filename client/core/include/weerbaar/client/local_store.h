#pragma once
// The client's encrypted local store: one SQLCipher file per profile (`store.db`,
// with SQLite's `store.db-wal` and `store.db-shm` beside it), keyed by the random
// 32-byte store key kept in the sealed keystore (crypto::KeystoreContents::store_key).
// It holds everything this client remembers between commands: the trust memory
// (trust_store.h), the verified cases it read (case_cache.h), drafts (draft_store.h)
// and the cached session token (session.h). Nothing in it can be read without the
// passphrase; docs/crypto.md ("Local store") gives the tables.
//
// Opening rules (a lost trust memory must never pass for a new one):
//   - the keystore names a store key but there is no store.db and no trust.json to
//     migrate: failed_precondition, Dutch first: the store is missing, restore it;
//   - store.db does not open with the key (damaged, replaced, wrong key):
//     failed_precondition, Dutch first;
//   - a trust.json from before the store is imported in one transaction and then
//     removed (with its .lock file); an import interrupted by a crash is redone;
//   - otherwise a missing store.db is created (a new profile).
//
// Threading: one LocalStore may be shared by the threads of a process (`watch`
// renews while the main thread reads): every call takes the store's mutex. Several
// processes of one profile may use the file at once (SQLite locking, WAL); a write
// waits up to 5 s for another process's write.
//
// Durability: synchronous = NORMAL in WAL mode. A power cut may lose the last
// transactions (heads, keys seen), never corrupt the file; what is lost is learnt
// again on the next read, and a head lost that way only weakens rollback detection
// for the records read in the last moments before the cut.
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>

#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

struct sqlite3;

namespace weerbaar::client {

inline constexpr const char* kLocalStoreFile = "store.db";
inline constexpr const char* kLegacyTrustFile = "trust.json";

class LocalStore {
  public:
    // Opens (or creates, per the rules above) the store of `profile_directory`.
    // `key` must be kLocalStoreKeySize bytes (invalid_argument otherwise).
    // `store_expected`: the profile has had a store (its keystore names a key that
    // was used): then a missing file is an error unless trust.json is there.
    [[nodiscard]] static Result<std::shared_ptr<LocalStore>> open(
        const std::filesystem::path& profile_directory, const crypto::SecretBuffer& key,
        bool store_expected);

    ~LocalStore();
    LocalStore(const LocalStore&) = delete;
    LocalStore& operator=(const LocalStore&) = delete;

    // Runs `work` on the connection under the store's mutex, inside one
    // transaction (BEGIN IMMEDIATE ... COMMIT; ROLLBACK when `work` fails), so a
    // change is whole or absent. Not re-entrant: `work` must not call transact().
    [[nodiscard]] Status transact(const std::function<Status(sqlite3*)>& work);
    // Runs `work` under the mutex without a write transaction (reads).
    [[nodiscard]] Status read(const std::function<Status(sqlite3*)>& work);

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  private:
    struct Connection;
    LocalStore(std::filesystem::path path, std::unique_ptr<Connection> connection);
    std::filesystem::path path_;
    std::unique_ptr<Connection> connection_;
    std::mutex mutex_;
};

class Profile;

// LocalStore::open for a profile directory, expecting a store when the profile
// records that it has a trust memory (profile.json trust_memory; a directory
// without a keystore never expects one). The one way the trust memory and the
// session token cache open their store.
[[nodiscard]] Result<std::shared_ptr<LocalStore>> open_profile_store(
    const Profile& profile, const crypto::SecretBuffer& key);

}  // namespace weerbaar::client
