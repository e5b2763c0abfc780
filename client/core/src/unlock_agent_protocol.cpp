#include "weerbaar/client/unlock_agent_protocol.h"

#include <limits>
#include <span>
#include <string>

#include "weerbaar/client/unlock_duration.h"

namespace weerbaar::client {
namespace {

// Writes into a SecretBuffer sized beforehand, so that no secret byte ever passes
// through memory that is not wiped.
class FrameWriter {
  public:
    explicit FrameWriter(std::size_t body_size) : frame_(kAgentFrameHeaderSize + body_size) {
        u32(static_cast<std::uint32_t>(body_size));
    }
    void u8(std::uint8_t value) { frame_.expose_secret()[position_++] = value; }
    void u16(std::uint16_t value) {
        u8(static_cast<std::uint8_t>(value >> 8));
        u8(static_cast<std::uint8_t>(value));
    }
    void u32(std::uint32_t value) {
        u16(static_cast<std::uint16_t>(value >> 16));
        u16(static_cast<std::uint16_t>(value));
    }
    void fixed(crypto::ByteView bytes) {
        for (const std::uint8_t b : bytes) {
            u8(b);
        }
    }
    crypto::SecretBuffer take() && { return std::move(frame_); }

  private:
    crypto::SecretBuffer frame_;
    std::size_t position_ = 0;
};

// Reads a body; a read past the end marks the reader failed and yields zeros or an
// empty view, so that decoding goes on to one check at the end.
class BodyReader {
  public:
    explicit BodyReader(crypto::ByteView body) : body_(body) {}
    std::uint8_t u8() {
        const crypto::ByteView b = take(1);
        return b.empty() ? 0 : b[0];
    }
    std::uint16_t u16() {
        const auto high = u8();
        return static_cast<std::uint16_t>((high << 8) | u8());
    }
    std::uint32_t u32() {
        const std::uint32_t high = u16();
        return (high << 16) | u16();
    }
    crypto::ByteView fixed(std::size_t size) { return take(size); }
    [[nodiscard]] bool complete() const { return !failed_ && position_ == body_.size(); }

  private:
    crypto::ByteView take(std::size_t size) {
        if (failed_ || body_.size() - position_ < size) {
            failed_ = true;
            return {};
        }
        const crypto::ByteView part = body_.subspan(position_, size);
        position_ += size;
        return part;
    }
    crypto::ByteView body_;
    std::size_t position_ = 0;
    bool failed_ = false;
};

Error malformed(std::string_view what) {
    return Error(ErrorCode::invalid_argument,
                 "onleesbaar bericht van of aan de ontgrendelagent / malformed unlock agent " +
                     std::string(what));
}

constexpr std::size_t kHeadSize = 2;  // version, kind
constexpr std::size_t kSecondsSize = 4;
constexpr std::size_t kContentsLengthSize = 2;

// The part a keys reply and an unlock request share: seconds, digest, contents.
Status check_key_fields(const crypto::Bytes& digest, const crypto::SecretBuffer& contents,
                        std::chrono::seconds seconds) {
    if (digest.size() != kKeystoreDigestSize || contents.empty() ||
        contents.size() > std::numeric_limits<std::uint16_t>::max() ||
        kHeadSize + kSecondsSize + kKeystoreDigestSize + kContentsLengthSize + contents.size() >
            kAgentMaxBodySize ||
        seconds.count() < 0 || seconds > kMaxUnlockDuration) {
        return malformed("fields");
    }
    return ok_status();
}

crypto::SecretBuffer key_frame(std::uint8_t kind, std::chrono::seconds seconds,
                               const crypto::Bytes& digest, const crypto::SecretBuffer& contents) {
    FrameWriter writer(kHeadSize + kSecondsSize + kKeystoreDigestSize + kContentsLengthSize +
                       contents.size());
    writer.u8(kAgentProtocolVersion);
    writer.u8(kind);
    writer.u32(static_cast<std::uint32_t>(seconds.count()));
    writer.fixed(digest);
    writer.u16(static_cast<std::uint16_t>(contents.size()));
    writer.fixed(contents.expose_secret());
    return std::move(writer).take();
}

struct KeyFields {
    std::chrono::seconds seconds{0};
    crypto::Bytes digest;
    crypto::SecretBuffer contents;
};

Result<KeyFields> read_key_fields(BodyReader& reader) {
    KeyFields fields;
    fields.seconds = std::chrono::seconds(reader.u32());
    const crypto::ByteView digest = reader.fixed(kKeystoreDigestSize);
    fields.digest.assign(digest.begin(), digest.end());
    const std::uint16_t length = reader.u16();
    const crypto::ByteView contents = reader.fixed(length);
    if (!reader.complete() || length == 0 || fields.seconds > kMaxUnlockDuration) {
        return malformed("keys");
    }
    fields.contents = crypto::SecretBuffer::copy_of(contents);
    return fields;
}

// Version and kind; the rest is up to the caller.
Result<std::uint8_t> read_head(BodyReader& reader) {
    const std::uint8_t version = reader.u8();
    const std::uint8_t kind = reader.u8();
    if (version != kAgentProtocolVersion) {
        return malformed("version");
    }
    return kind;
}

crypto::SecretBuffer bare_frame(std::uint8_t kind) {
    FrameWriter writer(kHeadSize);
    writer.u8(kAgentProtocolVersion);
    writer.u8(kind);
    return std::move(writer).take();
}

}  // namespace

Result<crypto::SecretBuffer> encode_agent_request(const AgentRequest& request) {
    const auto kind = static_cast<std::uint8_t>(request.kind);
    switch (request.kind) {
        case AgentRequestKind::unlock:
            if (request.duration < kMinUnlockDuration) {
                return malformed("duration");
            }
            WEERBAAR_TRY(
                check_key_fields(request.keystore_digest, request.contents, request.duration));
            return key_frame(kind, request.duration, request.keystore_digest, request.contents);
        case AgentRequestKind::keys:
        case AgentRequestKind::lock:
            return bare_frame(kind);
    }
    return malformed("request kind");
}

Result<crypto::SecretBuffer> encode_agent_reply(const AgentReply& reply) {
    const auto kind = static_cast<std::uint8_t>(reply.kind);
    switch (reply.kind) {
        case AgentReplyKind::done: {
            if (reply.remaining.count() < 0 || reply.remaining > kMaxUnlockDuration) {
                return malformed("duration");
            }
            FrameWriter writer(kHeadSize + kSecondsSize);
            writer.u8(kAgentProtocolVersion);
            writer.u8(kind);
            writer.u32(static_cast<std::uint32_t>(reply.remaining.count()));
            return std::move(writer).take();
        }
        case AgentReplyKind::keys:
            WEERBAAR_TRY(check_key_fields(reply.keystore_digest, reply.contents, reply.remaining));
            return key_frame(kind, reply.remaining, reply.keystore_digest, reply.contents);
        case AgentReplyKind::locked:
        case AgentReplyKind::refused:
            return bare_frame(kind);
    }
    return malformed("reply kind");
}

Result<std::size_t> agent_frame_body_size(crypto::ByteView header) {
    if (header.size() != kAgentFrameHeaderSize) {
        return malformed("frame");
    }
    BodyReader reader(header);
    const std::uint32_t size = reader.u32();
    if (size < kHeadSize || size > kAgentMaxBodySize) {
        return malformed("frame size");
    }
    return static_cast<std::size_t>(size);
}

Result<AgentRequest> decode_agent_request(crypto::ByteView body) {
    BodyReader reader(body);
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint8_t kind, read_head(reader));
    AgentRequest request;
    switch (kind) {
        case static_cast<std::uint8_t>(AgentRequestKind::unlock): {
            WEERBAAR_ASSIGN_OR_RETURN(KeyFields fields, read_key_fields(reader));
            if (fields.seconds < kMinUnlockDuration) {
                return malformed("duration");
            }
            request.kind = AgentRequestKind::unlock;
            request.duration = fields.seconds;
            request.keystore_digest = std::move(fields.digest);
            request.contents = std::move(fields.contents);
            return request;
        }
        case static_cast<std::uint8_t>(AgentRequestKind::keys):
        case static_cast<std::uint8_t>(AgentRequestKind::lock):
            if (!reader.complete()) {
                return malformed("request");
            }
            request.kind = static_cast<AgentRequestKind>(kind);
            return request;
        default:
            return malformed("request kind");
    }
}

Result<AgentReply> decode_agent_reply(crypto::ByteView body) {
    BodyReader reader(body);
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint8_t kind, read_head(reader));
    AgentReply reply;
    switch (kind) {
        case static_cast<std::uint8_t>(AgentReplyKind::done): {
            const std::chrono::seconds remaining(reader.u32());
            if (!reader.complete() || remaining > kMaxUnlockDuration) {
                return malformed("reply");
            }
            reply.kind = AgentReplyKind::done;
            reply.remaining = remaining;
            return reply;
        }
        case static_cast<std::uint8_t>(AgentReplyKind::keys): {
            WEERBAAR_ASSIGN_OR_RETURN(KeyFields fields, read_key_fields(reader));
            reply.kind = AgentReplyKind::keys;
            reply.remaining = fields.seconds;
            reply.keystore_digest = std::move(fields.digest);
            reply.contents = std::move(fields.contents);
            return reply;
        }
        case static_cast<std::uint8_t>(AgentReplyKind::locked):
        case static_cast<std::uint8_t>(AgentReplyKind::refused):
            if (!reader.complete()) {
                return malformed("reply");
            }
            reply.kind = static_cast<AgentReplyKind>(kind);
            return reply;
        default:
            return malformed("reply kind");
    }
}

}  // namespace weerbaar::client
