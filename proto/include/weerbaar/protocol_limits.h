#pragma once
// The limits both ends of the gRPC protocol must agree on, in one place: the
// server enforces them, the client stays within them. docs/server.md ("Limits")
// gives each with its reason.

#include <cstddef>
#include <cstdint>

namespace weerbaar::protocol {

// The name in the server's self-signed certificate, whatever address the server
// is reached at; clients connect with it as the TLS target name.
inline constexpr char kServerCertificateName[] = "weerbaar-server";
// Largest gRPC message either side sends or accepts; gRPC refuses larger ones
// with RESOURCE_EXHAUSTED.
inline constexpr int kMaxMessageBytes = 4 * 1024 * 1024;
// Attachment content (plaintext) per file.
inline constexpr std::uint64_t kMaxAttachmentContentBytes = std::uint64_t{256} * 1024 * 1024;
// One upload message carries at most this much ciphertext; the client aims at half.
inline constexpr std::size_t kMaxAttachmentChunkBytes = std::size_t{2} * 1024 * 1024;
inline constexpr std::size_t kAttachmentChunkTargetBytes = std::size_t{1} * 1024 * 1024;

}  // namespace weerbaar::protocol
