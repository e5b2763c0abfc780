#pragma once
// A profile directory (mode 0700) holds one member's local state:
//   keystore      the sealed private keys (0600, crypto::seal_keystore)
//   profile.json  server address, user, pinned root key and its fingerprint, pinned
//                 audit checkpoint key
//   server.crt    the pinned server certificate
//   server.crt.previous  the certificate pinned before the server last rotated
//                 its own (ADR 0010, server_certificate.h); absent until then
//   store.db      the encrypted local store (local_store.h): what this client has
//                 seen itself (trust_store.h), verified cases, drafts, the session
//                 token; keyed by the store key inside the keystore
// The keystore is written last: a directory without one is not a profile yet, so an
// interrupted setup can simply be run again.

#include <cstdint>
#include <filesystem>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/keystore.h"
#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

namespace weerbaar::client {

inline constexpr std::size_t kMinPassphraseLength = 8;

struct ProfileSettings {
    std::string server_address;
    std::string user;
    crypto::Bytes root_sign_pk;
    std::string root_fingerprint;
    // The server's audit checkpoint key (Organisation.audit_sign_pk). Empty in
    // profiles made before it existed: pinned on first use then.
    crypto::Bytes audit_sign_pk;
    // This profile's trust memory was written (the local store, or trust.json
    // before it): from then on a missing store is a loss to report, not a fresh
    // start (TrustStore::open). False in profiles from before the marker until
    // their trust memory is next opened.
    bool trust_memory = false;
    // When the server signed the endorsement of the pinned certificate (unix
    // seconds, the server's clock; 0: the certificate was pinned at init, not
    // followed). A certificate is followed only with an endorsement at least this
    // new, so a leaked old certificate with its old endorsement cannot pull the
    // client back (server_certificate.h).
    std::uint64_t certificate_endorsed_at = 0;
};

// WEERBAAR_PROFILE if set, else ~/.config/weerbaar.
[[nodiscard]] std::filesystem::path default_profile_directory();

class Profile {
  public:
    explicit Profile(std::filesystem::path directory) : directory_(std::move(directory)) {}

    [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }
    [[nodiscard]] bool has_keystore() const;
    // already_exists (naming the directory) when this profile is set up already.
    [[nodiscard]] Status require_fresh() const;

    // Writes a whole new profile; the keystore last and never over an existing one.
    [[nodiscard]] Status create(const ProfileSettings& settings,
                                std::string_view server_certificate,
                                crypto::ByteView sealed_keystore) const;

    [[nodiscard]] Result<ProfileSettings> read_settings() const;
    // Rewrites profile.json with `audit_sign_pk` pinned; the other settings stay.
    [[nodiscard]] Status pin_audit_key(crypto::ByteView audit_sign_pk) const;
    // Rewrites profile.json with trust_memory set; the other settings stay.
    [[nodiscard]] Status mark_trust_memory() const;
    [[nodiscard]] Result<std::string> read_server_certificate() const;
    // Pins `certificate_pem`, endorsed at `endorsed_at`, instead of `pinned_pem`,
    // which is kept as server.crt.previous (replacing an older one there). Only when
    // server.crt still holds `pinned_pem`; when it holds `certificate_pem` already
    // (another process followed first) nothing changes; otherwise failed_precondition.
    // Each file is replaced in one atomic rename: server.crt.previous, then
    // profile.json with the time, then server.crt, so a crash leaves the old pin in
    // place or the new one. Only for a certificate checked by
    // follow_server_certificate (server_certificate.h).
    [[nodiscard]] Status replace_server_certificate(std::string_view pinned_pem,
                                                    std::string_view certificate_pem,
                                                    std::uint64_t endorsed_at) const;
    // `weerbaar server set-address`: rewrites profile.json with another server
    // address (HOST:PORT, checked by check_server_address); the other settings stay.
    // The pinned certificate and keys still apply at the new address.
    [[nodiscard]] Status set_server_address(const std::string& address) const;
    [[nodiscard]] Result<crypto::Bytes> read_keystore() const;
    // Replaces the sealed keystore of an existing profile in one atomic rename:
    // a crash leaves either the old or the new keystore, never half of one.
    [[nodiscard]] Status replace_keystore(crypto::ByteView sealed_keystore) const;

  private:
    [[nodiscard]] Status ensure_directory() const;
    [[nodiscard]] Status write_settings(const ProfileSettings& settings) const;
    std::filesystem::path directory_;
};

// A server address as a profile keeps it: HOST:PORT, PORT 1..65535, no spaces,
// control characters or '/'. invalid_argument, in Dutch and English, otherwise.
[[nodiscard]] Status check_server_address(std::string_view address);

// Rejects passphrases shorter than kMinPassphraseLength (for new keystores).
[[nodiscard]] Status check_new_passphrase(const crypto::SecretBuffer& passphrase);
// Seals the keys for this profile.
[[nodiscard]] Result<crypto::Bytes> seal_profile_keystore(const crypto::KeystoreContents& contents,
                                                          const crypto::SecretBuffer& passphrase);
// Opens the profile's keystore; a wrong passphrase is permission_denied with the
// message "wrong passphrase or damaged keystore". A keystore sealed before the local
// store existed gets a random store key here and is resealed under the same
// passphrase (one atomic replace), so every opened keystore has a store key.
[[nodiscard]] Result<crypto::KeystoreContents> open_profile_keystore(
    const Profile& profile, const crypto::SecretBuffer& passphrase);
// `passphrase change`: opens the keystore with `current` (permission_denied as
// above when it does not open), checks `replacement` like a new passphrase
// (invalid_argument when too short or equal to `current`), and reseals the same
// keys under it with a fresh Argon2id salt. Afterwards `current` opens nothing.
[[nodiscard]] Status change_profile_passphrase(const Profile& profile,
                                               const crypto::SecretBuffer& current,
                                               const crypto::SecretBuffer& replacement);

}  // namespace weerbaar::client
