#pragma once
// The keystore file: a member's private keys (and, for the organisation's founder,
// the root key) sealed under a key derived with Argon2id (libsodium MODERATE
// limits, random salt) from the passphrase.

#include <optional>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::crypto {

struct KeystoreContents {
    std::string user;
    Identity identity;
    std::optional<SigningKeyPair> root;  // only in the keystore of whoever holds the root key
    // The random kLocalStoreKeySize-byte key of the client's encrypted local store
    // (client/core local_store.h). Empty in keystores sealed before the store existed:
    // the client adds one and reseals on first use.
    SecretBuffer store_key{};
};

inline constexpr std::size_t kLocalStoreKeySize = 32;

[[nodiscard]] Result<Bytes> seal_keystore(const KeystoreContents& contents,
                                          const SecretBuffer& passphrase);
// The fields of a sealed keystore, as views into the file's bytes: what
// open_keystore reads before it spends Argon2id on the passphrase.
struct SealedKeystoreLayout {
    ByteView header;  // version .. nonce: the AEAD's associated data
    ByteView salt;
    std::uint64_t opslimit = 0;
    std::uint64_t memlimit = 0;
    ByteView nonce;
    ByteView ciphertext;  // at least the AEAD tag
};
// Checks the layout and that the Argon2id limits lie within libsodium's INTERACTIVE
// to SENSITIVE bounds (a planted file must not make us derive with trivial or huge
// costs). The one opaque integrity_failure otherwise. Cheap: no key derivation.
[[nodiscard]] Result<SealedKeystoreLayout> parse_sealed_keystore(ByteView sealed);

// A wrong passphrase and a damaged file give the same opaque integrity_failure.
[[nodiscard]] Result<KeystoreContents> open_keystore(ByteView sealed,
                                                     const SecretBuffer& passphrase);

// The opened contents in their canonical encoding (the keystore's inner plaintext),
// in secure memory: how the unlock agent holds and hands back opened keys, so that
// a later command skips Argon2id. Not a storage format: it is never written to disk.
[[nodiscard]] SecretBuffer encode_keystore_contents(const KeystoreContents& contents);
// The inverse; a malformed encoding is invalid_argument.
[[nodiscard]] Result<KeystoreContents> decode_keystore_contents(ByteView encoded);

}  // namespace weerbaar::crypto
