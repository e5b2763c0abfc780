#pragma once
// The wire format between `weerbaar` and its unlock agent (unlock_agent_client.h):
// one request and one reply per connection over a Unix socket only the same user
// can reach. Every message travels as a frame:
//
//   u32 body length (big-endian, 2..kAgentMaxBodySize), then the body:
//   u8 version (kAgentProtocolVersion), u8 kind, then by kind
//     request unlock  u32 seconds, keystore digest (kKeystoreDigestSize),
//                     u16 length + opened keystore contents
//                     (crypto::encode_keystore_contents)
//     request keys    nothing
//     request lock    nothing
//     reply done      u32 seconds left (0 after a lock)
//     reply keys      u32 seconds left, keystore digest, u16 length + contents
//     reply locked    nothing (no keys held, or their time is up)
//     reply refused   nothing (the request was malformed)
//
// Bodies hold secrets, so they live in SecretBuffer from the first byte read to
// the last; nothing here touches a socket. Pure functions, safe from any thread.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

namespace weerbaar::client {

inline constexpr std::uint8_t kAgentProtocolVersion = 1;
// Far above any keystore's contents (a few hundred bytes), far below anything that
// would let a client make the agent hold much memory.
inline constexpr std::size_t kAgentMaxBodySize = 4096;
inline constexpr std::size_t kAgentFrameHeaderSize = 4;
// BLAKE2b-256 of the sealed keystore file (keystore_digest in unlock_agent_client.h).
inline constexpr std::size_t kKeystoreDigestSize = 32;

enum class AgentRequestKind : std::uint8_t { unlock = 1, keys = 2, lock = 3 };
enum class AgentReplyKind : std::uint8_t { done = 1, keys = 2, locked = 3, refused = 4 };

struct AgentRequest {
    AgentRequestKind kind = AgentRequestKind::keys;
    // unlock only: how long to hold the keys from now, within the unlock limits
    // (unlock_duration.h); the digest names the sealed keystore they came from.
    std::chrono::seconds duration{0};
    crypto::Bytes keystore_digest;
    crypto::SecretBuffer contents;
};

struct AgentReply {
    AgentReplyKind kind = AgentReplyKind::refused;
    std::chrono::seconds remaining{0};  // done, keys
    crypto::Bytes keystore_digest;      // keys
    crypto::SecretBuffer contents;      // keys
};

// A whole frame, length prefix included. The caller passes well-formed values (a
// digest of kKeystoreDigestSize, contents that fit); anything else is a bug and
// gives invalid_argument rather than a malformed frame.
[[nodiscard]] Result<crypto::SecretBuffer> encode_agent_request(const AgentRequest& request);
[[nodiscard]] Result<crypto::SecretBuffer> encode_agent_reply(const AgentReply& reply);

// The body length a frame header announces; invalid_argument when it is 0, 1 or
// above kAgentMaxBodySize. `header` must hold kAgentFrameHeaderSize bytes.
[[nodiscard]] Result<std::size_t> agent_frame_body_size(crypto::ByteView header);

// A body (the frame without its length prefix). Any wrong version, unknown kind,
// short or trailing bytes, digest of the wrong size, or a duration outside the
// unlock limits is invalid_argument.
[[nodiscard]] Result<AgentRequest> decode_agent_request(crypto::ByteView body);
[[nodiscard]] Result<AgentReply> decode_agent_reply(crypto::ByteView body);

}  // namespace weerbaar::client
