#include "weerbaar/crypto/keystore.h"

#include <sodium.h>

#include "weerbaar/crypto/certificate.h"
#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

constexpr std::size_t kSaltSize = crypto_pwhash_SALTBYTES;
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kKeySize = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
static_assert(kSaltSize == 16 && kNonceSize == 24 && kKeySize == 32);

// version, tag, salt, opslimit, memlimit, nonce: the associated data of the AEAD.
constexpr std::size_t kHeaderSize = 2 + kSaltSize + 8 + 8 + kNonceSize;

Bytes encode_header(ByteView salt, std::uint64_t opslimit, std::uint64_t memlimit, ByteView nonce) {
    wire::Writer writer;
    writer.header(wire::FormatTag::keystore);
    writer.fixed(salt);
    writer.u64(opslimit);
    writer.u64(memlimit);
    writer.fixed(nonce);
    return std::move(writer).take();
}

Result<SecretBuffer> derive_key(const SecretBuffer& passphrase, ByteView salt,
                                std::uint64_t opslimit, std::uint64_t memlimit) {
    SecretBuffer key(kKeySize);
    const auto secret = passphrase.expose_secret();
    // An empty passphrase has no storage; libsodium's argument must still point somewhere.
    static constexpr char kNoPassphrase[1] = {};
    const char* passwd =
        secret.empty() ? kNoPassphrase : reinterpret_cast<const char*>(secret.data());
    if (crypto_pwhash(key.expose_secret().data(), key.size(), passwd, secret.size(), salt.data(),
                      opslimit, static_cast<std::size_t>(memlimit),
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Error(ErrorCode::internal, "key derivation failed (out of memory)");
    }
    return key;
}

// The inner plaintext is built in secure memory of exactly the right size.
SecretBuffer encode_contents(const KeystoreContents& contents) {
    const bool has_root = contents.root.has_value();
    const bool has_store_key = !contents.store_key.empty();
    const std::size_t size = 2 + 2 + contents.user.size() + kSignSecretKeySize + kEncSecretKeySize +
                             1 + (has_root ? kSignSecretKeySize : 0) +
                             (has_store_key ? 1 + kLocalStoreKeySize : 0);
    SecretBuffer out(size);
    wire::Writer writer(out.expose_secret());
    writer.header(wire::FormatTag::keystore_contents);
    writer.string16(contents.user);
    writer.fixed(contents.identity.signing.secret_key().expose_secret());
    writer.fixed(contents.identity.encryption.secret_key().expose_secret());
    writer.u8(has_root ? 1 : 0);
    if (has_root) {
        writer.fixed(contents.root->secret_key().expose_secret());
    }
    // Optional at the end, so keystores sealed before it still open.
    if (has_store_key) {
        writer.u8(1);
        writer.fixed(contents.store_key.expose_secret());
    }
    return out;
}

Result<KeystoreContents> decode_contents(ByteView inner) {
    constexpr std::string_view kWhat = "keystore contents";
    wire::Reader reader(inner);
    WEERBAAR_TRY(reader.header(wire::FormatTag::keystore_contents, kWhat));
    std::string user = reader.string16();
    const ByteView sign_sk = reader.fixed(kSignSecretKeySize);
    const ByteView enc_sk = reader.fixed(kEncSecretKeySize);
    const std::uint8_t has_root = reader.u8();
    if (has_root > 1) {
        return Error(ErrorCode::invalid_argument, "keystore contents: bad root flag");
    }
    const ByteView root_sk = has_root == 1 ? reader.fixed(kSignSecretKeySize) : ByteView{};
    ByteView store_key;
    if (reader.remaining() > 0) {
        if (reader.u8() != 1) {
            return Error(ErrorCode::invalid_argument, "keystore contents: bad store key flag");
        }
        store_key = reader.fixed(kLocalStoreKeySize);
    }
    WEERBAAR_TRY(reader.finish(kWhat));
    WEERBAAR_TRY(validate_user_name(user));

    WEERBAAR_ASSIGN_OR_RETURN(SigningKeyPair signing,
                              SigningKeyPair::from_secret(SecretBuffer::copy_of(sign_sk)));
    WEERBAAR_ASSIGN_OR_RETURN(EncryptionKeyPair encryption,
                              EncryptionKeyPair::from_secret(SecretBuffer::copy_of(enc_sk)));
    std::optional<SigningKeyPair> root;
    if (has_root == 1) {
        WEERBAAR_ASSIGN_OR_RETURN(SigningKeyPair root_key,
                                  SigningKeyPair::from_secret(SecretBuffer::copy_of(root_sk)));
        root.emplace(std::move(root_key));
    }
    return KeystoreContents{std::move(user), Identity{std::move(signing), std::move(encryption)},
                            std::move(root),
                            store_key.empty() ? SecretBuffer{} : SecretBuffer::copy_of(store_key)};
}

}  // namespace

Result<Bytes> seal_keystore(const KeystoreContents& contents, const SecretBuffer& passphrase) {
    WEERBAAR_TRY(validate_user_name(contents.user));
    if (passphrase.empty()) {
        return Error(ErrorCode::invalid_argument, "passphrase is empty");
    }
    if (!contents.store_key.empty() && contents.store_key.size() != kLocalStoreKeySize) {
        return Error(ErrorCode::invalid_argument, "the local store key must be 32 bytes");
    }
    const Bytes salt = random_bytes(kSaltSize);
    const Bytes nonce = random_bytes(kNonceSize);
    const std::uint64_t opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
    const std::uint64_t memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
    WEERBAAR_ASSIGN_OR_RETURN(const SecretBuffer key,
                              derive_key(passphrase, salt, opslimit, memlimit));

    const Bytes header = encode_header(salt, opslimit, memlimit, nonce);
    const SecretBuffer inner = encode_contents(contents);
    Bytes ciphertext(inner.size() + kTagSize);
    unsigned long long ciphertext_size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        ciphertext.data(), &ciphertext_size, inner.expose_secret().data(), inner.size(),
        header.data(), header.size(), nullptr, nonce.data(), key.expose_secret().data());
    ciphertext.resize(ciphertext_size);

    wire::Writer writer;
    writer.fixed(header);
    writer.bytes16(ciphertext);
    return std::move(writer).take();
}

Result<SealedKeystoreLayout> parse_sealed_keystore(ByteView sealed) {
    // Every failure below is the same opaque error: a damaged file must not be told
    // apart from a wrong passphrase, and no step may hint at which field was wrong.
    wire::Reader reader(sealed);
    if (!reader.header(wire::FormatTag::keystore, "keystore").ok()) {
        return wire::opaque_failure();
    }
    SealedKeystoreLayout layout;
    layout.salt = reader.fixed(kSaltSize);
    layout.opslimit = reader.u64();
    layout.memlimit = reader.u64();
    layout.nonce = reader.fixed(kNonceSize);
    layout.ciphertext = reader.bytes16();
    if (!reader.finish("keystore").ok() || layout.ciphertext.size() < kTagSize) {
        return wire::opaque_failure();
    }
    // Bounds keep a planted file from making us derive with trivial or huge costs.
    if (layout.opslimit < crypto_pwhash_OPSLIMIT_INTERACTIVE ||
        layout.opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE ||
        layout.memlimit < crypto_pwhash_MEMLIMIT_INTERACTIVE ||
        layout.memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE) {
        return wire::opaque_failure();
    }
    layout.header = sealed.first(kHeaderSize);
    return layout;
}

Result<KeystoreContents> open_keystore(ByteView sealed, const SecretBuffer& passphrase) {
    WEERBAAR_ASSIGN_OR_RETURN(const SealedKeystoreLayout layout, parse_sealed_keystore(sealed));
    WEERBAAR_ASSIGN_OR_RETURN(const SecretBuffer key, derive_key(passphrase, layout.salt,
                                                                 layout.opslimit, layout.memlimit));

    const ByteView ciphertext = layout.ciphertext;
    SecretBuffer inner(ciphertext.size() - kTagSize);
    unsigned long long inner_size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            inner.expose_secret().data(), &inner_size, nullptr, ciphertext.data(),
            ciphertext.size(), layout.header.data(), layout.header.size(), layout.nonce.data(),
            key.expose_secret().data()) != 0) {
        return wire::opaque_failure();
    }
    // Same opaque error as above: the contents are checked only once they authenticate.
    auto contents = decode_contents(inner.expose_secret());
    if (!contents.ok()) {
        return wire::opaque_failure();
    }
    return contents;
}

SecretBuffer encode_keystore_contents(const KeystoreContents& contents) {
    return encode_contents(contents);
}

Result<KeystoreContents> decode_keystore_contents(ByteView encoded) {
    return decode_contents(encoded);
}

}  // namespace weerbaar::crypto
