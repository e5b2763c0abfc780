#pragma once
// A research package: every file of one anonymised research export in one file, signed
// by the exporter and, when it goes to a named researcher, encrypted to that member's
// X25519 key. docs/crypto.md, "Research package".
//
// Values are immutable once made: every const call may run on any thread at once. A
// package is held in memory whole (at most 256 MiB of archive plus its encoding).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto {

// name: 1..100 characters of [a-z0-9._-], not starting with '.', unique in a package, so
// that extracting a package can never leave its directory or overwrite a file twice.
struct PackageFile {
    std::string name;
    Bytes bytes;
};

inline constexpr std::size_t kMaxPackageFileNameSize = 100;
inline constexpr std::uint64_t kMaxPackagePayload = 256ull << 20;  // archive bytes, 256 MiB

// Checks one file name against the rule above; invalid_argument.
[[nodiscard]] Status validate_package_file_name(std::string_view name);

struct ResearchPackageInfo {
    std::string exporter;       // user name
    Bytes exporter_sign_pk;     // 32
    std::uint64_t created = 0;  // unix seconds, the exporter's clock
    bool encrypted = false;
    std::string recipient;   // user name; empty when not encrypted
    Bytes recipient_enc_pk;  // 32; empty when not encrypted
};

// Tag 0x0D, signature domain weerbaar/v1/research-package.
class ResearchPackage {
  public:
    // Archive = u16 count | count x (u16 len | name, u32 len | bytes), 1..65535 files, at
    // most kMaxPackagePayload bytes (else resource_exhausted). When recipient is given the
    // archive is XChaCha20-Poly1305-IETF under a random 32-byte file key (ad = every byte
    // before the payload length), the key sealed to recipient_enc_pk (crypto_box_seal,
    // 80 bytes) with a 24-byte nonce in the header. A bad name or key is invalid_argument.
    static Result<ResearchPackage> seal(
        const std::vector<PackageFile>& files, std::string exporter, std::uint64_t created,
        const SigningKeyPair& exporter_key,
        std::optional<std::pair<std::string, Bytes>> recipient /* name, enc_pk */);
    // Structure only: neither the signature nor the archive inside is checked.
    static Result<ResearchPackage> decode(ByteView encoded);

    [[nodiscard]] Bytes encode() const;
    [[nodiscard]] const ResearchPackageInfo& info() const { return info_; }
    // Against the embedded exporter_sign_pk; the one opaque integrity_failure. Whether
    // that key is the exporter's is the caller's check.
    [[nodiscard]] Status verify_signature() const;
    // Verifies the signature, decrypts when encrypted (recipient_key required, else
    // invalid_argument; its public key must be recipient_enc_pk), parses the archive with
    // its names checked (invalid_argument). One opaque integrity_failure for any crypto
    // failure. A plain package ignores recipient_key.
    [[nodiscard]] Result<std::vector<PackageFile>> open(
        const EncryptionKeyPair* recipient_key) const;

  private:
    ResearchPackage(ResearchPackageInfo info, Bytes sealed_file_key, Bytes nonce, Bytes payload,
                    Bytes signature)
        : info_(std::move(info)),
          sealed_file_key_(std::move(sealed_file_key)),
          nonce_(std::move(nonce)),
          payload_(std::move(payload)),
          signature_(std::move(signature)) {}
    ResearchPackageInfo info_;
    Bytes sealed_file_key_;  // 80 when encrypted, else empty
    Bytes nonce_;            // 24 when encrypted, else empty
    Bytes payload_;          // the archive, or its ciphertext (archive + 16)
    Bytes signature_;
};

}  // namespace weerbaar::crypto
