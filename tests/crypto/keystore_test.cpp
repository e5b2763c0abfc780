#include "weerbaar/crypto/keystore.h"

#include <sodium.h>

#include <catch2/catch.hpp>

#include "tamper.h"

namespace weerbaar::crypto {
namespace {

// Every seal and open derives a key with Argon2id at MODERATE cost, so the tests share
// one sealed keystore and alter copies of it.
constexpr std::size_t kSaltOffset = 2;
constexpr std::size_t kOpslimitOffset = kSaltOffset + 16;
constexpr std::size_t kMemlimitOffset = kOpslimitOffset + 8;
constexpr std::size_t kNonceOffset = kMemlimitOffset + 8;
constexpr std::size_t kCiphertextSizeOffset = kNonceOffset + 24;
constexpr std::size_t kCiphertextOffset = kCiphertextSizeOffset + 2;

SecretBuffer passphrase(std::string_view text) { return SecretBuffer::copy_of(as_bytes(text)); }

Bytes be64(std::uint64_t value) {
    Bytes out(8);
    for (std::size_t i = 0; i < 8; ++i) {
        out[i] = static_cast<std::uint8_t>(value >> (8 * (7 - i)));
    }
    return out;
}

struct Fixture {
    KeystoreContents contents;
    Bytes sealed;
};

const Fixture& fixture() {
    static const Fixture shared = [] {
        REQUIRE(initialise().ok());
        KeystoreContents contents{"bob", Identity::generate(), SigningKeyPair::generate()};
        auto sealed = seal_keystore(contents, passphrase("lange zin om te onthouden"));
        REQUIRE(sealed.ok());
        return Fixture{std::move(contents), std::move(sealed).value()};
    }();
    return shared;
}

void require_opaque_failure(const Result<KeystoreContents>& result) {
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.error().code() == ErrorCode::integrity_failure);
    REQUIRE(result.error().message() == "decryption or verification failed");
}

TEST_CASE("a sealed keystore opens to the same user and keys", "[keystore]") {
    const Fixture& f = fixture();
    const auto opened = open_keystore(f.sealed, passphrase("lange zin om te onthouden"));
    REQUIRE(opened.ok());
    const KeystoreContents& contents = opened.value();
    REQUIRE(contents.user == "bob");
    REQUIRE(contents.identity.signing.public_key() == f.contents.identity.signing.public_key());
    REQUIRE(
        contents.identity.signing.secret_key().equals(f.contents.identity.signing.secret_key()));
    REQUIRE(contents.identity.encryption.public_key() ==
            f.contents.identity.encryption.public_key());
    REQUIRE(contents.identity.encryption.secret_key().equals(
        f.contents.identity.encryption.secret_key()));
    REQUIRE(contents.root.has_value());
    REQUIRE(contents.root->public_key() == f.contents.root->public_key());
}

TEST_CASE("a keystore without a root key opens without one", "[keystore]") {
    REQUIRE(initialise().ok());
    const KeystoreContents contents{"anna", Identity::generate(), std::nullopt};
    const auto sealed = seal_keystore(contents, passphrase("x"));
    REQUIRE(sealed.ok());
    const auto opened = open_keystore(sealed.value(), passphrase("x"));
    REQUIRE(opened.ok());
    REQUIRE(opened.value().user == "anna");
    REQUIRE_FALSE(opened.value().root.has_value());
    REQUIRE(opened.value().identity.signing.public_key() == contents.identity.signing.public_key());
    // Sealed without a local store key (as every keystore before the store): none comes back.
    REQUIRE(opened.value().store_key.empty());
}

TEST_CASE("a keystore carries the local store key when it has one", "[keystore]") {
    REQUIRE(initialise().ok());
    KeystoreContents contents{"anna", Identity::generate(), std::nullopt,
                              SecretBuffer::random(kLocalStoreKeySize)};
    const auto sealed = seal_keystore(contents, passphrase("x"));
    REQUIRE(sealed.ok());
    const auto opened = open_keystore(sealed.value(), passphrase("x"));
    REQUIRE(opened.ok());
    REQUIRE(opened.value().store_key.equals(contents.store_key));
    // The optional field adds exactly a flag byte and the key to the old layout.
    const KeystoreContents without{"anna", Identity::generate(), std::nullopt};
    REQUIRE(sealed.value().size() == seal_keystore(without, passphrase("x")).value().size() + 33);

    contents.store_key = SecretBuffer::random(16);
    REQUIRE(seal_keystore(contents, passphrase("x")).error().code() == ErrorCode::invalid_argument);
}

TEST_CASE("a keystore header names version, tag and MODERATE Argon2id limits", "[keystore]") {
    const Bytes& sealed = fixture().sealed;
    REQUIRE(sealed[0] == 1);
    REQUIRE(sealed[1] == 0x04);
    REQUIRE(Bytes(sealed.begin() + kOpslimitOffset, sealed.begin() + kMemlimitOffset) ==
            be64(crypto_pwhash_OPSLIMIT_MODERATE));
    REQUIRE(Bytes(sealed.begin() + kMemlimitOffset, sealed.begin() + kNonceOffset) ==
            be64(crypto_pwhash_MEMLIMIT_MODERATE));
}

TEST_CASE("keystore open fails with the wrong passphrase", "[keystore]") {
    REQUIRE(initialise().ok());
    require_opaque_failure(
        open_keystore(fixture().sealed, passphrase("lange zin om te onthoudeN")));
    require_opaque_failure(open_keystore(fixture().sealed, passphrase("")));
}

TEST_CASE("keystore open fails when a byte of the salt, limits, nonce or ciphertext is flipped",
          "[keystore]") {
    const Bytes& sealed = fixture().sealed;
    // Flipping the low bit of a limit keeps it in the accepted range, so the key differs.
    for (const std::size_t offset : {kSaltOffset, kOpslimitOffset + 7, kMemlimitOffset + 5,
                                     kNonceOffset, kCiphertextOffset, sealed.size() - 1}) {
        INFO("offset " << offset);
        require_opaque_failure(
            open_keystore(test::flipped(sealed, offset), passphrase("lange zin om te onthouden")));
    }
}

TEST_CASE("keystore open fails on truncated input, trailing bytes, wrong version or tag",
          "[keystore]") {
    const Bytes& sealed = fixture().sealed;
    const SecretBuffer right = passphrase("lange zin om te onthouden");
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{2},
                                   kCiphertextSizeOffset, kCiphertextOffset, sealed.size() - 1}) {
        INFO("size " << size);
        require_opaque_failure(open_keystore(test::truncated(sealed, size), right));
    }
    require_opaque_failure(open_keystore(test::with_trailing_byte(sealed), right));
    require_opaque_failure(open_keystore(test::spliced(sealed, 0, Bytes{2}), right));
    require_opaque_failure(open_keystore(test::spliced(sealed, 1, Bytes{0x05}), right));
}

TEST_CASE("keystore open fails on limits outside INTERACTIVE..SENSITIVE", "[keystore]") {
    const Bytes& sealed = fixture().sealed;
    const SecretBuffer right = passphrase("lange zin om te onthouden");
    require_opaque_failure(open_keystore(
        test::spliced(sealed, kOpslimitOffset, be64(crypto_pwhash_OPSLIMIT_INTERACTIVE - 1)),
        right));
    require_opaque_failure(open_keystore(
        test::spliced(sealed, kOpslimitOffset, be64(crypto_pwhash_OPSLIMIT_SENSITIVE + 1)), right));
    require_opaque_failure(open_keystore(
        test::spliced(sealed, kMemlimitOffset, be64(crypto_pwhash_MEMLIMIT_INTERACTIVE - 1)),
        right));
    require_opaque_failure(open_keystore(
        test::spliced(sealed, kMemlimitOffset, be64(crypto_pwhash_MEMLIMIT_SENSITIVE + 1)), right));
}

TEST_CASE("keystore seal fails on an empty passphrase or an invalid user", "[keystore]") {
    REQUIRE(initialise().ok());
    const KeystoreContents contents{"anna", Identity::generate(), std::nullopt};
    REQUIRE(seal_keystore(contents, SecretBuffer()).error().code() == ErrorCode::invalid_argument);
    const KeystoreContents bad{"Anna", Identity::generate(), std::nullopt};
    REQUIRE(seal_keystore(bad, passphrase("x")).error().code() == ErrorCode::invalid_argument);
}

TEST_CASE("opened keystore contents survive their encoding for the unlock agent", "[keystore]") {
    const Fixture& f = fixture();
    const SecretBuffer encoded = encode_keystore_contents(f.contents);
    const auto decoded = decode_keystore_contents(encoded.expose_secret());
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().user == f.contents.user);
    REQUIRE(decoded.value().identity.signing.secret_key().equals(
        f.contents.identity.signing.secret_key()));
    REQUIRE(decoded.value().identity.encryption.secret_key().equals(
        f.contents.identity.encryption.secret_key()));
    REQUIRE(decoded.value().root.has_value());
    REQUIRE(decoded.value().root->secret_key().equals(f.contents.root->secret_key()));
    REQUIRE(encode_keystore_contents(decoded.value()).equals(encoded));
}

TEST_CASE("decoding keystore contents fails on truncated or trailing bytes", "[keystore]") {
    const SecretBuffer encoded = encode_keystore_contents(fixture().contents);
    const auto bytes = encoded.expose_secret();
    for (const std::size_t cut :
         {std::size_t{0}, std::size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
        REQUIRE(decode_keystore_contents(bytes.first(cut)).error().code() ==
                ErrorCode::invalid_argument);
    }
    Bytes longer(bytes.begin(), bytes.end());
    longer.push_back(0);
    REQUIRE_FALSE(decode_keystore_contents(longer).ok());
}

}  // namespace
}  // namespace weerbaar::crypto
