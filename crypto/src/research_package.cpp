#include "weerbaar/crypto/research_package.h"

#include <sodium.h>

#include <limits>
#include <set>

#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/secret_buffer.h"
#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

constexpr std::size_t kFileKeySize = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kSealedFileKeySize = crypto_box_SEALBYTES + kFileKeySize;
static_assert(kFileKeySize == 32 && kNonceSize == 24 && kTagSize == 16 && kSealedFileKeySize == 80);
constexpr std::size_t kMaxFileCount = std::numeric_limits<std::uint16_t>::max();

constexpr std::uint8_t kPlain = 0;
constexpr std::uint8_t kEncrypted = 1;

Status validate_info(const ResearchPackageInfo& info) {
    WEERBAAR_TRY(validate_user_name(info.exporter));
    if (info.exporter_sign_pk.size() != kSignPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "research package key has the wrong size");
    }
    if (!info.encrypted) {
        return ok_status();
    }
    WEERBAAR_TRY(validate_user_name(info.recipient));
    if (info.recipient_enc_pk.size() != kEncPublicKeySize) {
        return Error(ErrorCode::invalid_argument, "research package key has the wrong size");
    }
    return ok_status();
}

// Everything before the payload length: the AEAD's associated data when encrypted.
Bytes encode_header(const ResearchPackageInfo& info, ByteView sealed_file_key, ByteView nonce) {
    wire::Writer writer;
    writer.header(wire::FormatTag::research_package);
    writer.string16(info.exporter);
    writer.fixed(info.exporter_sign_pk);
    writer.u64(info.created);
    writer.u8(info.encrypted ? kEncrypted : kPlain);
    if (info.encrypted) {
        writer.string16(info.recipient);
        writer.fixed(info.recipient_enc_pk);
        writer.fixed(sealed_file_key);
        writer.fixed(nonce);
    }
    return std::move(writer).take();
}

// Everything the exporter's signature covers: header, u32 length, payload.
Bytes encode_signed_part(const Bytes& header, ByteView payload) {
    wire::Writer writer;
    writer.fixed(header);
    writer.bytes32(payload);
    return std::move(writer).take();
}

Result<Bytes> encode_archive(const std::vector<PackageFile>& files) {
    if (files.empty() || files.size() > kMaxFileCount) {
        return Error(ErrorCode::invalid_argument, "a research package holds 1 to 65535 files");
    }
    std::set<std::string_view> names;
    std::uint64_t size = 2;
    for (const PackageFile& file : files) {
        WEERBAAR_TRY(validate_package_file_name(file.name));
        if (!names.insert(file.name).second) {
            return Error(ErrorCode::invalid_argument,
                         "research package names file '" + file.name + "' twice");
        }
        size += 2 + file.name.size() + 4 + file.bytes.size();
        if (size > kMaxPackagePayload) {
            return Error(ErrorCode::resource_exhausted, "research package is over 256 MiB");
        }
    }
    wire::Writer writer;
    writer.u16(static_cast<std::uint16_t>(files.size()));
    for (const PackageFile& file : files) {
        writer.string16(file.name);
        writer.bytes32(file.bytes);
    }
    return std::move(writer).take();
}

Result<std::vector<PackageFile>> decode_archive(ByteView archive) {
    constexpr std::string_view kWhat = "research package archive";
    wire::Reader reader(archive);
    const std::uint16_t count = reader.u16();
    if (!reader.failed() && count == 0) {
        return Error(ErrorCode::invalid_argument, "a research package holds 1 to 65535 files");
    }
    std::vector<PackageFile> files;
    std::set<std::string> names;
    for (std::uint16_t i = 0; i < count && !reader.failed(); ++i) {
        PackageFile file;
        file.name = reader.string16();
        const ByteView bytes = reader.bytes32();
        if (reader.failed()) {
            break;
        }
        WEERBAAR_TRY(validate_package_file_name(file.name));
        if (!names.insert(file.name).second) {
            return Error(ErrorCode::invalid_argument,
                         "research package names file '" + file.name + "' twice");
        }
        file.bytes.assign(bytes.begin(), bytes.end());
        files.push_back(std::move(file));
    }
    WEERBAAR_TRY(reader.finish(kWhat));
    return files;
}

}  // namespace

Status validate_package_file_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxPackageFileNameSize) {
        return Error(ErrorCode::invalid_argument, "package file name must be 1 to 100 characters");
    }
    // No '/' and no leading '.': a name is always one plain file in the directory the
    // package is extracted into, never a path out of it and never a hidden file.
    if (name.front() == '.') {
        return Error(ErrorCode::invalid_argument, "package file name must not start with '.'");
    }
    for (const char c : name) {
        const bool allowed =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!allowed) {
            return Error(ErrorCode::invalid_argument,
                         "package file name may hold only a-z, 0-9, '.', '_' and '-'");
        }
    }
    return ok_status();
}

Result<ResearchPackage> ResearchPackage::seal(
    const std::vector<PackageFile>& files, std::string exporter, std::uint64_t created,
    const SigningKeyPair& exporter_key, std::optional<std::pair<std::string, Bytes>> recipient) {
    ResearchPackageInfo info;
    info.exporter = std::move(exporter);
    info.exporter_sign_pk = exporter_key.public_key();
    info.created = created;
    if (recipient.has_value()) {
        info.encrypted = true;
        info.recipient = std::move(recipient->first);
        info.recipient_enc_pk = std::move(recipient->second);
    }
    WEERBAAR_TRY(validate_info(info));
    WEERBAAR_ASSIGN_OR_RETURN(Bytes archive, encode_archive(files));

    if (!info.encrypted) {
        const Bytes header = encode_header(info, {}, {});
        Bytes signature =
            exporter_key.sign(wire::kDomainResearchPackage, encode_signed_part(header, archive));
        return ResearchPackage(std::move(info), {}, {}, std::move(archive), std::move(signature));
    }

    // A fresh key per package, used once: the random nonce is belt and braces.
    const SecretBuffer file_key = SecretBuffer::random(kFileKeySize);
    Bytes sealed_file_key(kSealedFileKeySize);
    if (crypto_box_seal(sealed_file_key.data(), file_key.expose_secret().data(), kFileKeySize,
                        info.recipient_enc_pk.data()) != 0) {
        return Error(ErrorCode::invalid_argument, "recipient key is not a usable X25519 key");
    }
    Bytes nonce = random_bytes(kNonceSize);
    const Bytes header = encode_header(info, sealed_file_key, nonce);
    Bytes ciphertext(archive.size() + kTagSize);
    unsigned long long ciphertext_size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        ciphertext.data(), &ciphertext_size, archive.data(), archive.size(), header.data(),
        header.size(), nullptr, nonce.data(), file_key.expose_secret().data());
    ciphertext.resize(ciphertext_size);
    Bytes signature =
        exporter_key.sign(wire::kDomainResearchPackage, encode_signed_part(header, ciphertext));
    return ResearchPackage(std::move(info), std::move(sealed_file_key), std::move(nonce),
                           std::move(ciphertext), std::move(signature));
}

Result<ResearchPackage> ResearchPackage::decode(ByteView encoded) {
    constexpr std::string_view kWhat = "research package";
    wire::Reader reader(encoded);
    WEERBAAR_TRY(reader.header(wire::FormatTag::research_package, kWhat));
    ResearchPackageInfo info;
    info.exporter = reader.string16();
    const ByteView exporter_sign_pk = reader.fixed(kSignPublicKeySize);
    info.created = reader.u64();
    const std::uint8_t encrypted = reader.u8();
    if (!reader.failed() && encrypted != kPlain && encrypted != kEncrypted) {
        return Error(ErrorCode::invalid_argument, "research package: unknown encryption flag");
    }
    info.encrypted = encrypted == kEncrypted;
    ByteView sealed_file_key;
    ByteView nonce;
    if (info.encrypted) {
        info.recipient = reader.string16();
        const ByteView recipient_enc_pk = reader.fixed(kEncPublicKeySize);
        info.recipient_enc_pk.assign(recipient_enc_pk.begin(), recipient_enc_pk.end());
        sealed_file_key = reader.fixed(kSealedFileKeySize);
        nonce = reader.fixed(kNonceSize);
    }
    const std::uint32_t payload_size = reader.u32();
    const std::uint64_t max_payload = kMaxPackagePayload + (info.encrypted ? kTagSize : 0);
    if (payload_size > max_payload) {
        return Error(ErrorCode::resource_exhausted, "research package is over 256 MiB");
    }
    if (!reader.failed() && info.encrypted && payload_size < kTagSize) {
        return Error(ErrorCode::invalid_argument,
                     "research package: ciphertext shorter than its tag");
    }
    const ByteView payload = reader.fixed(payload_size);
    const ByteView signature = reader.fixed(kSignatureSize);
    WEERBAAR_TRY(reader.finish(kWhat));

    info.exporter_sign_pk.assign(exporter_sign_pk.begin(), exporter_sign_pk.end());
    WEERBAAR_TRY(validate_info(info));
    return ResearchPackage(std::move(info), Bytes(sealed_file_key.begin(), sealed_file_key.end()),
                           Bytes(nonce.begin(), nonce.end()), Bytes(payload.begin(), payload.end()),
                           Bytes(signature.begin(), signature.end()));
}

Bytes ResearchPackage::encode() const {
    Bytes out = encode_signed_part(encode_header(info_, sealed_file_key_, nonce_), payload_);
    out.insert(out.end(), signature_.begin(), signature_.end());
    return out;
}

Status ResearchPackage::verify_signature() const {
    return wire::verify_opaque(
        info_.exporter_sign_pk, wire::kDomainResearchPackage,
        encode_signed_part(encode_header(info_, sealed_file_key_, nonce_), payload_), signature_);
}

Result<std::vector<PackageFile>> ResearchPackage::open(
    const EncryptionKeyPair* recipient_key) const {
    WEERBAAR_TRY(verify_signature());
    if (!info_.encrypted) {
        return decode_archive(payload_);
    }
    if (recipient_key == nullptr) {
        return Error(ErrorCode::invalid_argument, "research package is encrypted to '" +
                                                      info_.recipient +
                                                      "'; their key is needed to open it");
    }
    if (!equal_constant_time(info_.recipient_enc_pk, recipient_key->public_key())) {
        return wire::opaque_failure();
    }
    SecretBuffer file_key(kFileKeySize);
    if (crypto_box_seal_open(file_key.expose_secret().data(), sealed_file_key_.data(),
                             sealed_file_key_.size(), recipient_key->public_key().data(),
                             recipient_key->secret_key().expose_secret().data()) != 0) {
        return wire::opaque_failure();
    }
    const Bytes header = encode_header(info_, sealed_file_key_, nonce_);
    Bytes archive(payload_.size() - kTagSize);
    unsigned long long archive_size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            archive.data(), &archive_size, nullptr, payload_.data(), payload_.size(), header.data(),
            header.size(), nonce_.data(), file_key.expose_secret().data()) != 0) {
        return wire::opaque_failure();
    }
    return decode_archive(archive);
}

}  // namespace weerbaar::crypto
