#include "backup_contents.h"

#include <algorithm>
#include <array>
#include <cstddef>

#include "weerbaar/crypto/attachment_stream.h"
#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/case_key.h"

namespace weerbaar::server {
namespace {

constexpr std::size_t kFixedHeaderSize = 1 + 2;  // kind, name length
constexpr std::size_t kSizeFieldSize = 8;        // u64 size
constexpr std::size_t kMaxManifestSize = 1024;   // far above what one holds
constexpr std::uint8_t kManifestVersion = 1;

constexpr std::array<std::string_view, 5> kFixedNames = {"db.key", "server.key", "server.crt",
                                                         "audit.key", "weerbaar.db"};
constexpr std::string_view kAttachmentsPrefix = "attachments/";

Error malformed() {
    return Error(ErrorCode::invalid_argument, "the backup's contents are malformed");
}

void put_be(crypto::Bytes& out, std::uint64_t value, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) {
        out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    }
}

std::uint64_t get_be(crypto::ByteView in, std::size_t offset, int bytes) {
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) {
        value = (value << 8) | in[offset + static_cast<std::size_t>(i)];
    }
    return value;
}

bool is_lower_hex(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<BackupManifest> decode_manifest(crypto::ByteView bytes) {
    constexpr std::size_t kSize = 1 + 8 + 4 + 8 + crypto::kAuditHashSize + 8;
    if (bytes.size() != kSize || bytes[0] != kManifestVersion) {
        return malformed();
    }
    BackupManifest manifest;
    manifest.created = get_be(bytes, 1, 8);
    manifest.schema_version = static_cast<std::int32_t>(get_be(bytes, 9, 4));
    manifest.audit_sequence = get_be(bytes, 13, 8);
    manifest.audit_head_hash.assign(bytes.begin() + 21, bytes.begin() + 21 + 32);
    manifest.file_count = get_be(bytes, 53, 8);
    return manifest;
}

}  // namespace

crypto::Bytes backup_entry_header(BackupEntryKind kind, std::string_view name, std::uint64_t size) {
    crypto::Bytes header;
    header.push_back(static_cast<std::uint8_t>(kind));
    put_be(header, name.size(), 2);
    header.insert(header.end(), name.begin(), name.end());
    put_be(header, size, 8);
    return header;
}

crypto::Bytes encode_backup_manifest(const BackupManifest& manifest) {
    crypto::Bytes bytes;
    bytes.push_back(kManifestVersion);
    put_be(bytes, manifest.created, 8);
    put_be(bytes, static_cast<std::uint32_t>(manifest.schema_version), 4);
    put_be(bytes, manifest.audit_sequence, 8);
    bytes.insert(bytes.end(), manifest.audit_head_hash.begin(), manifest.audit_head_hash.end());
    put_be(bytes, manifest.file_count, 8);
    return bytes;
}

bool is_backup_attachment_name(std::string_view name) {
    if (name.substr(0, kAttachmentsPrefix.size()) != kAttachmentsPrefix) {
        return false;
    }
    const std::string_view blob = name.substr(kAttachmentsPrefix.size());
    constexpr std::size_t kCaseHex = crypto::kCaseIdSize * 2;
    constexpr std::size_t kAttachmentHex = crypto::kAttachmentIdSize * 2;
    return blob.size() == kCaseHex + 1 + kAttachmentHex && blob[kCaseHex] == '-' &&
           is_lower_hex(blob.substr(0, kCaseHex)) && is_lower_hex(blob.substr(kCaseHex + 1));
}

bool is_backup_file_name(std::string_view name) {
    return std::find(kFixedNames.begin(), kFixedNames.end(), name) != kFixedNames.end() ||
           is_backup_attachment_name(name);
}

Status BackupContentsReader::begin_entry() {
    kind_ = static_cast<BackupEntryKind>(header_[0]);
    const auto name_size = static_cast<std::size_t>(get_be(header_, 1, 2));
    name_.assign(header_.begin() + kFixedHeaderSize,
                 header_.begin() + static_cast<std::ptrdiff_t>(kFixedHeaderSize + name_size));
    remaining_ = get_be(header_, kFixedHeaderSize + name_size, 8);
    header_.clear();
    const bool first = entries_++ == 0;
    switch (kind_) {
        case BackupEntryKind::manifest:
            if (!first || !name_.empty() || remaining_ > kMaxManifestSize) {
                return malformed();
            }
            break;
        case BackupEntryKind::file:
            if (first || !is_backup_file_name(name_) || !seen_.insert(name_).second ||
                ++files_ > expected_files_) {
                return malformed();
            }
            WEERBAAR_TRY(handler_.file_begin(name_, remaining_));
            break;
        case BackupEntryKind::end:
            if (first || !name_.empty() || remaining_ != 0 || files_ != expected_files_) {
                return malformed();
            }
            ended_ = true;
            return ok_status();
        default:
            return malformed();
    }
    in_content_ = true;
    return remaining_ == 0 ? end_entry() : ok_status();
}

Status BackupContentsReader::end_entry() {
    in_content_ = false;
    if (kind_ == BackupEntryKind::manifest) {
        WEERBAAR_ASSIGN_OR_RETURN(const BackupManifest manifest, decode_manifest(manifest_));
        expected_files_ = manifest.file_count;
        return handler_.manifest(manifest);
    }
    return handler_.file_end();
}

Status BackupContentsReader::update(crypto::ByteView plaintext) {
    while (!plaintext.empty()) {
        if (ended_) {
            return malformed();
        }
        if (in_content_) {
            const auto take =
                static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, plaintext.size()));
            const crypto::ByteView piece = plaintext.first(take);
            plaintext = plaintext.subspan(take);
            remaining_ -= take;
            if (kind_ == BackupEntryKind::manifest) {
                manifest_.insert(manifest_.end(), piece.begin(), piece.end());
            } else {
                WEERBAAR_TRY(handler_.file_bytes(piece));
            }
            if (remaining_ == 0) {
                WEERBAAR_TRY(end_entry());
            }
            continue;
        }
        // The header: kind and name length first, then as much more as they say.
        std::size_t wanted = kFixedHeaderSize;
        if (header_.size() >= kFixedHeaderSize) {
            wanted += static_cast<std::size_t>(get_be(header_, 1, 2)) + kSizeFieldSize;
        }
        const std::size_t take = std::min(plaintext.size(), wanted - header_.size());
        header_.insert(header_.end(), plaintext.begin(), plaintext.begin() + take);
        plaintext = plaintext.subspan(take);
        if (header_.size() == wanted && wanted > kFixedHeaderSize) {
            WEERBAAR_TRY(begin_entry());
        }
    }
    return ok_status();
}

Status BackupContentsReader::finish() const { return ended_ ? ok_status() : malformed(); }

}  // namespace weerbaar::server
