#include "weerbaar/crypto/root_key_share.h"

#include <sodium.h>

#include <set>

#include "shamir.h"
#include "weerbaar/crypto/certificate.h"
#include "wire_format.h"

namespace weerbaar::crypto {

static_assert(kSealedRootKeyShareSize == crypto_box_SEALBYTES + kRootKeySharePlaintextSize);
static_assert(kRootKeySeedSize == crypto_sign_SEEDBYTES);

namespace {

constexpr std::size_t kShareValueSize = kRootKeySeedSize;
constexpr std::size_t kValueOffset = 2 + kRootKeySplitIdSize + 1;

// ---- the share plaintext (tag 0x10): built and read in secure memory only ----

SecretBuffer encode_plaintext(ByteView split_id, std::uint8_t number, const SecretBuffer& value) {
    SecretBuffer plaintext(kRootKeySharePlaintextSize);
    wire::Writer writer(plaintext.expose_secret());
    writer.header(wire::FormatTag::root_key_share_plaintext);
    writer.fixed(split_id);
    writer.u8(number);
    writer.fixed(value.expose_secret());
    return plaintext;
}

// Whether `plaintext` is a well-formed share plaintext of this split and number.
bool plaintext_names(const SecretBuffer& plaintext, ByteView split_id, std::uint8_t number) {
    if (plaintext.size() != kRootKeySharePlaintextSize) {
        return false;
    }
    wire::Reader reader(plaintext.expose_secret());
    if (!reader.header(wire::FormatTag::root_key_share_plaintext, "root key share").ok()) {
        return false;
    }
    const ByteView named_split = reader.fixed(kRootKeySplitIdSize);
    const std::uint8_t named_number = reader.u8();
    (void)reader.fixed(kShareValueSize);
    return reader.finish("root key share").ok() && named_number == number &&
           equal_constant_time(named_split, split_id);
}

Bytes commitment_of(const SecretBuffer& plaintext) {
    return hash(wire::kDomainRootKeyShareCommitment, plaintext.expose_secret(),
                kRootKeyShareCommitmentSize);
}

Status seal_to(ByteView recipient_enc_pk, const SecretBuffer& plaintext, Bytes& sealed) {
    sealed.resize(kSealedRootKeyShareSize);
    const auto bytes = plaintext.expose_secret();
    if (crypto_box_seal(sealed.data(), bytes.data(), bytes.size(), recipient_enc_pk.data()) != 0) {
        return Error(ErrorCode::invalid_argument, "recipient key is not a usable X25519 key");
    }
    return ok_status();
}

// Unseals a share sealed to `key` and checks it against the header that carries it:
// this split, this number, this commitment. The one opaque error otherwise.
Result<SecretBuffer> unseal(const Bytes& sealed, ByteView sealed_to, const EncryptionKeyPair& key,
                            ByteView split_id, std::uint8_t number, ByteView commitment) {
    if (!equal_constant_time(sealed_to, key.public_key())) {
        return wire::opaque_failure();
    }
    SecretBuffer plaintext(kRootKeySharePlaintextSize);
    if (crypto_box_seal_open(plaintext.expose_secret().data(), sealed.data(), sealed.size(),
                             key.public_key().data(),
                             key.secret_key().expose_secret().data()) != 0) {
        return wire::opaque_failure();
    }
    if (!plaintext_names(plaintext, split_id, number) ||
        !equal_constant_time(commitment_of(plaintext), commitment)) {
        return wire::opaque_failure();
    }
    return plaintext;
}

// ---- the share (tag 0x0E) ----

Status validate_share_body(const RootKeyShareBody& body) {
    WEERBAAR_TRY(validate_user_name(body.holder));
    WEERBAAR_TRY(validate_user_name(body.splitter));
    if (body.split_id.size() != kRootKeySplitIdSize ||
        body.root_sign_pk.size() != kSignPublicKeySize ||
        body.commitment.size() != kRootKeyShareCommitmentSize ||
        body.holder_enc_pk.size() != kEncPublicKeySize ||
        body.sealed_share.size() != kSealedRootKeyShareSize ||
        body.splitter_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "root key share field has the wrong size");
    }
    if (body.threshold < kMinRootKeyShareThreshold || body.threshold > body.share_count) {
        return Error(ErrorCode::invalid_argument,
                     "root key share: the threshold must be 2 to the number of shares");
    }
    if (body.number == 0 || body.number > body.share_count) {
        return Error(ErrorCode::invalid_argument,
                     "root key share: the share number must be 1 to the number of shares");
    }
    return ok_status();
}

Bytes encode_share_body(const RootKeyShareBody& body) {
    wire::Writer writer;
    writer.header(wire::FormatTag::root_key_share);
    writer.fixed(body.split_id);
    writer.u8(body.threshold);
    writer.u8(body.share_count);
    writer.u8(body.number);
    writer.fixed(body.root_sign_pk);
    writer.u64(body.created);
    writer.fixed(body.commitment);
    writer.string16(body.holder);
    writer.fixed(body.holder_enc_pk);
    writer.fixed(body.sealed_share);
    writer.string16(body.splitter);
    writer.fixed(body.splitter_sign_pk);
    return std::move(writer).take();
}

// ---- the release (tag 0x0F) ----

Status validate_release_body(const RootKeyShareReleaseBody& body) {
    WEERBAAR_TRY(validate_user_name(body.holder));
    WEERBAAR_TRY(validate_user_name(body.recipient));
    if (body.split_id.size() != kRootKeySplitIdSize ||
        body.commitment.size() != kRootKeyShareCommitmentSize ||
        body.holder_sign_pk.size() != kSignPublicKeySize ||
        body.recipient_enc_pk.size() != kEncPublicKeySize ||
        body.sealed_share.size() != kSealedRootKeyShareSize) {
        return Error(ErrorCode::invalid_argument,
                     "root key share release field has the wrong size");
    }
    if (body.number == 0) {
        return Error(ErrorCode::invalid_argument, "root key share release: share number 0");
    }
    return ok_status();
}

Bytes encode_release_body(const RootKeyShareReleaseBody& body) {
    wire::Writer writer;
    writer.header(wire::FormatTag::root_key_share_release);
    writer.fixed(body.split_id);
    writer.u8(body.number);
    writer.fixed(body.commitment);
    writer.u64(body.released);
    writer.string16(body.holder);
    writer.fixed(body.holder_sign_pk);
    writer.string16(body.recipient);
    writer.fixed(body.recipient_enc_pk);
    writer.fixed(body.sealed_share);
    return std::move(writer).take();
}

// ---- the split authorisation ----

Bytes split_message(ByteView split_id, std::uint8_t threshold, std::uint8_t share_count,
                    std::uint64_t created, const std::string& splitter) {
    wire::Writer writer;
    writer.fixed(split_id);
    writer.u8(threshold);
    writer.u8(share_count);
    writer.u64(created);
    writer.string16(splitter);
    return std::move(writer).take();
}

Bytes to_bytes(ByteView view) { return Bytes(view.begin(), view.end()); }

}  // namespace

Result<RootKeyShare> RootKeyShare::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "root key share";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::root_key_share, kWhat));
    RootKeyShareBody body;
    body.split_id = to_bytes(reader.fixed(kRootKeySplitIdSize));
    body.threshold = reader.u8();
    body.share_count = reader.u8();
    body.number = reader.u8();
    body.root_sign_pk = to_bytes(reader.fixed(kSignPublicKeySize));
    body.created = reader.u64();
    body.commitment = to_bytes(reader.fixed(kRootKeyShareCommitmentSize));
    body.holder = reader.string16();
    body.holder_enc_pk = to_bytes(reader.fixed(kEncPublicKeySize));
    body.sealed_share = to_bytes(reader.fixed(kSealedRootKeyShareSize));
    body.splitter = reader.string16();
    body.splitter_sign_pk = to_bytes(reader.fixed(kSignPublicKeySize));
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));
    WEERBAAR_TRY(validate_share_body(body));
    return RootKeyShare(std::move(body), to_bytes(signature));
}

Bytes RootKeyShare::encode() const {
    Bytes out = encode_share_body(body_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Status RootKeyShare::verify_signature() const {
    return wire::verify_opaque(body_.splitter_sign_pk, wire::kDomainRootKeyShare,
                               encode_share_body(body_), signature_);
}

Result<SecretBuffer> RootKeyShare::open(const EncryptionKeyPair& holder_key) const {
    if (!verify_signature().ok()) {
        return wire::opaque_failure();
    }
    return unseal(body_.sealed_share, body_.holder_enc_pk, holder_key, body_.split_id, body_.number,
                  body_.commitment);
}

Result<RootKeySplit> split_root_key(const SigningKeyPair& root_key, unsigned threshold,
                                    const std::vector<RootKeyShareRecipient>& recipients,
                                    const std::string& splitter, const SigningKeyPair& splitter_key,
                                    std::uint64_t created) {
    if (recipients.size() < kMinRootKeyShareThreshold || recipients.size() > kMaxRootKeyShares) {
        return Error(ErrorCode::invalid_argument, "the root key is split into 2 to 255 shares");
    }
    if (threshold < kMinRootKeyShareThreshold || threshold > recipients.size()) {
        return Error(ErrorCode::invalid_argument,
                     "the threshold must be at least 2 and at most the number of shares");
    }
    WEERBAAR_TRY(validate_user_name(splitter));
    std::set<std::string> names;
    for (const auto& recipient : recipients) {
        WEERBAAR_TRY(validate_user_name(recipient.user));
        if (!names.insert(recipient.user).second) {
            return Error(ErrorCode::invalid_argument,
                         "one share per coordinator: " + recipient.user + " is named twice");
        }
        if (recipient.enc_pk.size() != kEncPublicKeySize) {
            return Error(ErrorCode::invalid_argument, "recipient key has the wrong size");
        }
    }

    // The seed is what the 64-byte secret key is rebuilt from (SigningKeyPair::from_secret).
    SecretBuffer seed(kRootKeySeedSize);
    crypto_sign_ed25519_sk_to_seed(seed.expose_secret().data(),
                                   root_key.secret_key().expose_secret().data());
    std::vector<std::uint8_t> numbers;
    for (std::size_t index = 0; index < recipients.size(); ++index) {
        numbers.push_back(static_cast<std::uint8_t>(index + 1));
    }
    WEERBAAR_ASSIGN_OR_RETURN(std::vector<SecretBuffer> values,
                              shamir::split(seed, threshold, numbers));

    RootKeySplit split;
    split.split_id = random_bytes(kRootKeySplitIdSize);
    split.threshold = static_cast<std::uint8_t>(threshold);
    split.created = created;
    const auto share_count = static_cast<std::uint8_t>(recipients.size());
    for (std::size_t index = 0; index < recipients.size(); ++index) {
        const SecretBuffer plaintext =
            encode_plaintext(split.split_id, numbers[index], values[index]);
        RootKeyShareBody body;
        body.split_id = split.split_id;
        body.threshold = split.threshold;
        body.share_count = share_count;
        body.number = numbers[index];
        body.root_sign_pk = root_key.public_key();
        body.created = created;
        body.commitment = commitment_of(plaintext);
        body.holder = recipients[index].user;
        body.holder_enc_pk = recipients[index].enc_pk;
        WEERBAAR_TRY(seal_to(body.holder_enc_pk, plaintext, body.sealed_share));
        body.splitter = splitter;
        body.splitter_sign_pk = splitter_key.public_key();
        WEERBAAR_TRY(validate_share_body(body));
        Bytes signature = splitter_key.sign(wire::kDomainRootKeyShare, encode_share_body(body));
        split.shares.push_back(RootKeyShare(std::move(body), std::move(signature)));
    }
    split.root_signature = root_key.sign(
        wire::kDomainRootKeySplit,
        split_message(split.split_id, split.threshold, share_count, created, splitter));
    return split;
}

Status verify_root_key_split(ByteView root_sign_pk, ByteView split_id, std::uint8_t threshold,
                             std::uint8_t share_count, std::uint64_t created,
                             const std::string& splitter, ByteView signature) {
    if (root_sign_pk.size() != kSignPublicKeySize || split_id.size() != kRootKeySplitIdSize ||
        !validate_user_name(splitter).ok()) {
        return wire::opaque_failure();
    }
    return wire::verify_opaque(root_sign_pk, wire::kDomainRootKeySplit,
                               split_message(split_id, threshold, share_count, created, splitter),
                               signature);
}

Result<RootKeyShareRelease> RootKeyShareRelease::create(
    const RootKeyShare& share, const SecretBuffer& plaintext, std::string recipient,
    ByteView recipient_enc_pk, std::uint64_t released, const SigningKeyPair& holder_key) {
    const RootKeyShareBody& of = share.body();
    // A holder passes on exactly what the splitter gave them: a plaintext of another
    // share would only be caught at recovery, as a key that does not match.
    if (!plaintext_names(plaintext, of.split_id, of.number) ||
        !equal_constant_time(commitment_of(plaintext), of.commitment)) {
        return wire::opaque_failure();
    }
    RootKeyShareReleaseBody body;
    body.split_id = of.split_id;
    body.number = of.number;
    body.commitment = of.commitment;
    body.released = released;
    body.holder = of.holder;
    body.holder_sign_pk = holder_key.public_key();
    body.recipient = std::move(recipient);
    body.recipient_enc_pk = to_bytes(recipient_enc_pk);
    body.sealed_share.resize(kSealedRootKeyShareSize);
    WEERBAAR_TRY(validate_release_body(body));
    WEERBAAR_TRY(seal_to(body.recipient_enc_pk, plaintext, body.sealed_share));
    Bytes signature = holder_key.sign(wire::kDomainRootKeyShareRelease, encode_release_body(body));
    return RootKeyShareRelease(std::move(body), std::move(signature));
}

Result<RootKeyShareRelease> RootKeyShareRelease::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "root key share release";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::root_key_share_release, kWhat));
    RootKeyShareReleaseBody body;
    body.split_id = to_bytes(reader.fixed(kRootKeySplitIdSize));
    body.number = reader.u8();
    body.commitment = to_bytes(reader.fixed(kRootKeyShareCommitmentSize));
    body.released = reader.u64();
    body.holder = reader.string16();
    body.holder_sign_pk = to_bytes(reader.fixed(kSignPublicKeySize));
    body.recipient = reader.string16();
    body.recipient_enc_pk = to_bytes(reader.fixed(kEncPublicKeySize));
    body.sealed_share = to_bytes(reader.fixed(kSealedRootKeyShareSize));
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));
    WEERBAAR_TRY(validate_release_body(body));
    return RootKeyShareRelease(std::move(body), to_bytes(signature));
}

Bytes RootKeyShareRelease::encode() const {
    Bytes out = encode_release_body(body_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Status RootKeyShareRelease::verify_signature() const {
    return wire::verify_opaque(body_.holder_sign_pk, wire::kDomainRootKeyShareRelease,
                               encode_release_body(body_), signature_);
}

Result<SecretBuffer> RootKeyShareRelease::open(const EncryptionKeyPair& recipient_key,
                                               const RootKeyShare& share) const {
    const RootKeyShareBody& of = share.body();
    if (!verify_signature().ok() || !share.verify_signature().ok() || body_.number != of.number ||
        body_.holder != of.holder || !equal_constant_time(body_.split_id, of.split_id) ||
        !equal_constant_time(body_.commitment, of.commitment)) {
        return wire::opaque_failure();
    }
    return unseal(body_.sealed_share, body_.recipient_enc_pk, recipient_key, of.split_id, of.number,
                  of.commitment);
}

Result<SigningKeyPair> combine_root_key_shares(const std::vector<SecretBuffer>& plaintexts,
                                               ByteView split_id, unsigned threshold,
                                               ByteView pinned_root_sign_pk) {
    if (pinned_root_sign_pk.size() != kSignPublicKeySize ||
        split_id.size() != kRootKeySplitIdSize) {
        return Error(ErrorCode::invalid_argument, "pinned root key or split id has the wrong size");
    }
    if (threshold < kMinRootKeyShareThreshold || plaintexts.size() < threshold) {
        return Error(ErrorCode::failed_precondition,
                     "er zijn " + std::to_string(threshold) + " delen nodig, er zijn er " +
                         std::to_string(plaintexts.size()) + " / " + std::to_string(threshold) +
                         " shares are needed, " + std::to_string(plaintexts.size()) + " given");
    }
    std::vector<std::uint8_t> numbers;
    std::vector<SecretBuffer> values;
    for (const SecretBuffer& plaintext : plaintexts) {
        const std::uint8_t number = plaintext.size() == kRootKeySharePlaintextSize
                                        ? plaintext.expose_secret()[2 + kRootKeySplitIdSize]
                                        : 0;
        if (number == 0 || !plaintext_names(plaintext, split_id, number)) {
            return wire::opaque_failure();
        }
        numbers.push_back(number);
        values.push_back(SecretBuffer::copy_of(
            plaintext.expose_secret().subspan(kValueOffset, kShareValueSize)));
    }
    std::vector<const SecretBuffer*> value_pointers;
    for (const SecretBuffer& value : values) {
        value_pointers.push_back(&value);
    }
    auto seed = shamir::combine(numbers, value_pointers);
    if (!seed.ok()) {
        // Only a repeated number gets here: the same share twice.
        return wire::opaque_failure();
    }
    Bytes public_key(kSignPublicKeySize);
    SecretBuffer secret_key(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(public_key.data(), secret_key.expose_secret().data(),
                             seed.value().expose_secret().data());
    // Shares of another split, tampered shares or too few of them rebuild some other
    // key: the pinned root public key is the one check that tells.
    if (!equal_constant_time(public_key, pinned_root_sign_pk)) {
        return wire::opaque_failure();
    }
    return SigningKeyPair::from_secret(std::move(secret_key));
}

}  // namespace weerbaar::crypto
