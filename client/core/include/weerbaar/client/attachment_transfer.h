#pragma once
// Attachments: a file encrypted on this client as a stream (crypto/attachment_stream.h)
// while it uploads, and decrypted while it downloads into a temporary file that takes
// its name only once the whole stream has verified. Neither direction holds a whole
// file in memory. The key travels only inside the record that refers to the file
// (v1::AttachmentReference), so whoever can read that record can open the file, and
// the server, which stores the blob, never can.
//
// Both directions take a LongWork (long_work.h): progress in bytes of the file
// (plaintext: read so far of its size when uploading, written so far of its size
// when downloading) and a stop that ends the transfer within one chunk (1 MiB) with
// ErrorCode::cancelled: an upload stopped leaves no record (the server drops the
// broken-off blob), a download leaves no file. Threading: one transfer per call,
// on the calling thread; the session may be shared (session.h).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "weerbaar/client/long_work.h"
#include "weerbaar/client/member_directory.h"
#include "weerbaar/client/session.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::client {

inline constexpr std::uint64_t kMaxAttachmentSize = protocol::kMaxAttachmentContentBytes;  // 256 MiB

// Local checks that need neither a passphrase nor the network, so a command can
// refuse bad input before asking for either. invalid_argument naming the problem:
// `path` must be a regular file this process can read, of at most kMaxAttachmentSize
// bytes. Returns its size.
[[nodiscard]] Result<std::uint64_t> check_attachable_file(const std::filesystem::path& path);
// `out` must not exist yet (a fetch never overwrites) and its directory must exist.
[[nodiscard]] Status check_attachment_destination(const std::filesystem::path& out);

// Attachment ids: 16 random bytes, shown as 32 lower-case hex characters.
[[nodiscard]] std::string format_attachment_id(crypto::ByteView attachment_id);
[[nodiscard]] Result<crypto::Bytes> parse_attachment_id(std::string_view text);

// Encrypts `path` under a fresh key while uploading it to the case, checks the hash
// the server reports for what it stored against our own, and appends the record
// that refers to it (the server binds the blob to the case in the same step). The
// case is opened for writing (verified, rotated first if due) before any byte is
// sent. The record stores the file's base name in the form repair_file_name
// (text_rule.h) makes: a name that is not UTF-8, or holds control characters, is
// stored repaired (never raw, never refused), and the result says so.
struct AttachedFile {
    crypto::Bytes attachment_id;
    std::string file_name;       // as stored in the record
    bool name_repaired = false;  // file_name differs from the name on disk
};
[[nodiscard]] Result<AttachedFile> attach_file(const Session& session, MemberDirectory& directory,
                                               crypto::ByteView case_id,
                                               const std::filesystem::path& path,
                                               const LongWork& work = {});

struct FetchedAttachment {
    std::string file_name;  // as the uploader named it; a base name, not a path
    std::uint64_t size = 0;
};

// Finds the attachment in the verified case, downloads and decrypts it into a
// temporary file next to `out` (mode 0600), and gives it the name `out` only if
// size, hash and the final chunk all check out. On any failure `out` is not
// created and the temporary file is removed. A tampered blob is integrity_failure.
[[nodiscard]] Result<FetchedAttachment> fetch_attachment(
    const Session& session, MemberDirectory& directory, crypto::ByteView case_id,
    crypto::ByteView attachment_id, const std::filesystem::path& out, const LongWork& work = {});

}  // namespace weerbaar::client
