#pragma once
// The canonical encoding shared by every format (docs/crypto.md): a version byte and a
// format tag, big-endian integers, u16-length-prefixed strings and variable bytes,
// fixed-size keys at fixed width. One writer and one reader so that every format
// follows the same rules and no decoder hand-rolls its bounds checks.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"

namespace weerbaar::crypto::wire {

inline constexpr std::uint8_t kVersion = 1;

enum class FormatTag : std::uint8_t {
    certificate = 0x01,
    key_wrap = 0x02,
    record = 0x03,
    keystore = 0x04,
    keystore_contents = 0x05,
    revocation = 0x06,
    audit_entry = 0x07,
    audit_checkpoint = 0x08,
    research_key_certificate = 0x09,
    research_key_wrap = 0x0A,
    research_record = 0x0B,
    privacy_ledger_entry = 0x0C,
    research_package = 0x0D,
    root_key_share = 0x0E,
    root_key_share_release = 0x0F,
    root_key_share_plaintext = 0x10,
    backup = 0x11,
    server_certificate_endorsement = 0x12,
};

// Domain tags for signatures and hashes. Each is length-prefixed before use, so a tag
// can never run into the data that follows it.
inline constexpr std::string_view kDomainCertificate = "weerbaar/v1/certificate";
inline constexpr std::string_view kDomainCertificateHash = "weerbaar/v1/certificate-hash";
inline constexpr std::string_view kDomainRevocation = "weerbaar/v1/revocation";
inline constexpr std::string_view kDomainRevocationHash = "weerbaar/v1/revocation-hash";
inline constexpr std::string_view kDomainAuditEntry = "weerbaar/v1/audit-entry";
inline constexpr std::string_view kDomainAuditCheckpoint = "weerbaar/v1/audit-checkpoint";
inline constexpr std::string_view kDomainKeyWrap = "weerbaar/v1/key-wrap";
inline constexpr std::string_view kDomainRecord = "weerbaar/v1/record";
inline constexpr std::string_view kDomainRecordHash = "weerbaar/v1/record-hash";
inline constexpr std::string_view kDomainEnrolment = "weerbaar/v1/enrolment";
inline constexpr std::string_view kDomainLogin = "weerbaar/v1/login";
inline constexpr std::string_view kDomainFingerprintMember = "weerbaar/v1/fingerprint-member";
inline constexpr std::string_view kDomainFingerprintRoot = "weerbaar/v1/fingerprint-root";
inline constexpr std::string_view kDomainAttachment = "weerbaar/v1/attachment";
inline constexpr std::string_view kDomainResearchKeyCertificate =
    "weerbaar/v1/research-key-certificate";
inline constexpr std::string_view kDomainResearchKeyWrap = "weerbaar/v1/research-key-wrap";
inline constexpr std::string_view kDomainResearchRecord = "weerbaar/v1/research-record";
inline constexpr std::string_view kDomainPrivacyLedgerEntry = "weerbaar/v1/privacy-ledger-entry";
inline constexpr std::string_view kDomainPrivacyLedgerHash = "weerbaar/v1/privacy-ledger-hash";
inline constexpr std::string_view kDomainResearchPackage = "weerbaar/v1/research-package";
inline constexpr std::string_view kDomainRootKeyShare = "weerbaar/v1/root-key-share";
inline constexpr std::string_view kDomainRootKeyShareCommitment =
    "weerbaar/v1/root-key-share-commitment";
inline constexpr std::string_view kDomainRootKeyShareRelease = "weerbaar/v1/root-key-share-release";
inline constexpr std::string_view kDomainRootKeySplit = "weerbaar/v1/root-key-split";
inline constexpr std::string_view kDomainBackup = "weerbaar/v1/backup";
inline constexpr std::string_view kDomainServerCertificateEndorsement =
    "weerbaar/v1/server-certificate-endorsement";

// Writes either into its own growing Bytes (public data) or into fixed memory that the
// caller sized exactly (secrets: a growing vector would leave unwiped copies behind
// when it reallocates). Writing past the fixed memory, or a string or byte field over
// its length prefix, is a bug in this library and aborts.
class Writer {
  public:
    Writer() = default;
    explicit Writer(std::span<std::uint8_t> fixed) : fixed_(fixed), use_fixed_(true) {}

    // A version other than kVersion only for a format that has grown one (audit entry).
    void header(FormatTag tag, std::uint8_t version = kVersion);
    void u8(std::uint8_t value);
    void u16(std::uint16_t value);
    void u32(std::uint32_t value);
    void u64(std::uint64_t value);
    void fixed(ByteView bytes);
    void string16(std::string_view text);
    void bytes16(ByteView bytes);
    void bytes32(ByteView bytes);

    [[nodiscard]] std::size_t written() const { return use_fixed_ ? position_ : grown_.size(); }
    // The written bytes (growing mode only).
    [[nodiscard]] Bytes take() && { return std::move(grown_); }

  private:
    void put(ByteView bytes);

    Bytes grown_;
    std::span<std::uint8_t> fixed_;
    bool use_fixed_ = false;
    std::size_t position_ = 0;
};

// Reads with a sticky failure flag: after the first short read every further read
// yields zeros or empty views, and finish() reports the failure. Views point into the
// input, which must outlive them.
class Reader {
  public:
    explicit Reader(ByteView input) : input_(input) {}

    // Checks the version byte and the format tag.
    [[nodiscard]] Status header(FormatTag tag, std::string_view what);
    // For a format with several versions: accepts 1..newest and returns the one found.
    [[nodiscard]] Result<std::uint8_t> versioned_header(FormatTag tag, std::uint8_t newest,
                                                        std::string_view what);
    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    std::uint64_t u64();
    ByteView fixed(std::size_t size);
    ByteView bytes16();
    ByteView bytes32();
    std::string string16();

    [[nodiscard]] bool failed() const { return failed_; }
    [[nodiscard]] std::size_t position() const { return position_; }
    // The bytes read so far (e.g. everything a trailing signature covers).
    [[nodiscard]] ByteView consumed() const { return input_.first(position_); }
    // Bytes not read yet: for a format whose newest field is optional at the end.
    [[nodiscard]] std::size_t remaining() const { return input_.size() - position_; }
    // invalid_argument if a read ran short or bytes are left over.
    [[nodiscard]] Status finish(std::string_view what) const;

  private:
    ByteView take(std::size_t size);

    ByteView input_;
    std::size_t position_ = 0;
    bool failed_ = false;
};

// The one error of every failed open or verify (docs/crypto.md, "Encoding rules"): it
// says nothing of which check failed, so a failure is no oracle.
[[nodiscard]] inline Error opaque_failure() {
    return Error(ErrorCode::integrity_failure, "decryption or verification failed");
}

// verify_signature (identity.h), its failure given as the one opaque error.
[[nodiscard]] Status verify_opaque(ByteView public_key, std::string_view domain, ByteView message,
                                   ByteView signature);

// The message every signature covers: u16 length of the domain, the domain, the data.
[[nodiscard]] Bytes domain_separated(std::string_view domain, ByteView data);

}  // namespace weerbaar::crypto::wire
