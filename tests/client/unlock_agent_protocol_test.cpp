#include "weerbaar/client/unlock_agent_protocol.h"

#include <catch2/catch.hpp>
#include <vector>

#include "weerbaar/client/unlock_duration.h"

using weerbaar::ErrorCode;
using weerbaar::client::agent_frame_body_size;
using weerbaar::client::AgentReply;
using weerbaar::client::AgentReplyKind;
using weerbaar::client::AgentRequest;
using weerbaar::client::AgentRequestKind;
using weerbaar::client::decode_agent_reply;
using weerbaar::client::decode_agent_request;
using weerbaar::client::encode_agent_reply;
using weerbaar::client::encode_agent_request;
using weerbaar::client::kAgentFrameHeaderSize;
using weerbaar::client::kAgentMaxBodySize;
using weerbaar::client::kKeystoreDigestSize;
using weerbaar::crypto::Bytes;
using weerbaar::crypto::ByteView;
using weerbaar::crypto::SecretBuffer;
using namespace std::chrono_literals;

namespace {

SecretBuffer some_contents(std::size_t size = 140) {
    REQUIRE(weerbaar::crypto::initialise().ok());
    SecretBuffer contents(size);
    for (std::size_t i = 0; i < size; ++i) {
        contents.expose_secret()[i] = static_cast<std::uint8_t>(i * 7 + 1);
    }
    return contents;
}

AgentRequest unlock_request() {
    AgentRequest request;
    request.kind = AgentRequestKind::unlock;
    request.duration = 15min;
    request.keystore_digest = Bytes(kKeystoreDigestSize, 0x5a);
    request.contents = some_contents();
    return request;
}

Bytes frame_bytes(const SecretBuffer& frame) {
    const auto view = frame.expose_secret();
    return {view.begin(), view.end()};
}

// The body of a frame, after its length prefix has been checked against it.
Bytes body_of(const Bytes& frame) {
    REQUIRE(frame.size() >= kAgentFrameHeaderSize);
    const auto size = agent_frame_body_size(ByteView(frame).first(kAgentFrameHeaderSize));
    REQUIRE(size.ok());
    REQUIRE(size.value() == frame.size() - kAgentFrameHeaderSize);
    return {frame.begin() + kAgentFrameHeaderSize, frame.end()};
}

}  // namespace

TEST_CASE("an unlock request survives the wire whole", "[unlock_agent_protocol]") {
    const AgentRequest sent = unlock_request();
    const auto frame = encode_agent_request(sent);
    REQUIRE(frame.ok());
    const Bytes bytes = frame_bytes(frame.value());
    // version, kind, seconds, digest, contents length, contents
    CHECK(bytes.size() == kAgentFrameHeaderSize + 2 + 4 + kKeystoreDigestSize + 2 + 140);
    const auto received = decode_agent_request(body_of(bytes));
    REQUIRE(received.ok());
    CHECK(received.value().kind == AgentRequestKind::unlock);
    CHECK(received.value().duration == 15min);
    CHECK(received.value().keystore_digest == sent.keystore_digest);
    CHECK(received.value().contents.equals(sent.contents));
}

TEST_CASE("the frame is big-endian length, version 1, kind, then the fields",
          "[unlock_agent_protocol]") {
    REQUIRE(weerbaar::crypto::initialise().ok());
    AgentRequest keys;
    keys.kind = AgentRequestKind::keys;
    CHECK(frame_bytes(encode_agent_request(keys).value()) == Bytes{0, 0, 0, 2, 1, 2});
    AgentRequest lock;
    lock.kind = AgentRequestKind::lock;
    CHECK(frame_bytes(encode_agent_request(lock).value()) == Bytes{0, 0, 0, 2, 1, 3});
    AgentReply done;
    done.kind = AgentReplyKind::done;
    done.remaining = 900s;
    CHECK(frame_bytes(encode_agent_reply(done).value()) == Bytes{0, 0, 0, 6, 1, 1, 0, 0, 3, 0x84});
}

TEST_CASE("every reply survives the wire whole", "[unlock_agent_protocol]") {
    AgentReply keys;
    keys.kind = AgentReplyKind::keys;
    keys.remaining = 42s;
    keys.keystore_digest = Bytes(kKeystoreDigestSize, 0xa5);
    keys.contents = some_contents(33);
    const auto decoded = decode_agent_reply(body_of(frame_bytes(encode_agent_reply(keys).value())));
    REQUIRE(decoded.ok());
    CHECK(decoded.value().kind == AgentReplyKind::keys);
    CHECK(decoded.value().remaining == 42s);
    CHECK(decoded.value().keystore_digest == keys.keystore_digest);
    CHECK(decoded.value().contents.equals(keys.contents));

    for (const auto kind : {AgentReplyKind::locked, AgentReplyKind::refused}) {
        AgentReply bare;
        bare.kind = kind;
        const auto back =
            decode_agent_reply(body_of(frame_bytes(encode_agent_reply(bare).value())));
        REQUIRE(back.ok());
        CHECK(back.value().kind == kind);
        CHECK(back.value().contents.empty());
    }
}

TEST_CASE("a truncated or extended body is refused", "[unlock_agent_protocol]") {
    const Bytes body = body_of(frame_bytes(encode_agent_request(unlock_request()).value()));
    for (std::size_t cut = 0; cut < body.size(); ++cut) {
        INFO("cut at " << cut);
        const auto decoded = decode_agent_request(ByteView(body).first(cut));
        REQUIRE_FALSE(decoded.ok());
        CHECK(decoded.error().code() == ErrorCode::invalid_argument);
    }
    Bytes longer = body;
    longer.push_back(0);
    CHECK_FALSE(decode_agent_request(longer).ok());
    CHECK_FALSE(decode_agent_request(Bytes{1, 2, 0}).ok());  // keys takes no fields
    CHECK_FALSE(decode_agent_reply(Bytes{1, 3, 0}).ok());    // nor does locked
}

TEST_CASE("an unknown version or kind is refused", "[unlock_agent_protocol]") {
    Bytes body = body_of(frame_bytes(encode_agent_request(unlock_request()).value()));
    Bytes other_version = body;
    other_version[0] = 2;
    CHECK_FALSE(decode_agent_request(other_version).ok());
    for (const int kind : {0, 4, 0xff}) {
        CHECK_FALSE(decode_agent_request(Bytes{1, static_cast<std::uint8_t>(kind)}).ok());
    }
    for (const int kind : {0, 5, 0xff}) {
        CHECK_FALSE(decode_agent_reply(Bytes{1, static_cast<std::uint8_t>(kind)}).ok());
    }
    // A request is not a reply: the kinds are read in their own space.
    CHECK(decode_agent_reply(Bytes{1, 3}).value().kind == AgentReplyKind::locked);
}

TEST_CASE("an unlock request outside the unlock limits is refused both ways",
          "[unlock_agent_protocol]") {
    for (const auto duration : {0s, weerbaar::client::kMaxUnlockDuration + 1s}) {
        AgentRequest request = unlock_request();
        request.duration = duration;
        CHECK_FALSE(encode_agent_request(request).ok());
        // Hand-made with the encoder's layout: the decoder refuses it as well.
        Bytes body = body_of(frame_bytes(encode_agent_request(unlock_request()).value()));
        const auto seconds = static_cast<std::uint32_t>(duration.count());
        body[2] = static_cast<std::uint8_t>(seconds >> 24);
        body[3] = static_cast<std::uint8_t>(seconds >> 16);
        body[4] = static_cast<std::uint8_t>(seconds >> 8);
        body[5] = static_cast<std::uint8_t>(seconds);
        CHECK_FALSE(decode_agent_request(body).ok());
    }
}

TEST_CASE("an unlock request with a bad digest or no contents is not encoded",
          "[unlock_agent_protocol]") {
    AgentRequest short_digest = unlock_request();
    short_digest.keystore_digest.pop_back();
    CHECK_FALSE(encode_agent_request(short_digest).ok());
    AgentRequest empty = unlock_request();
    empty.contents = SecretBuffer();
    CHECK_FALSE(encode_agent_request(empty).ok());
    AgentRequest huge = unlock_request();
    huge.contents = some_contents(kAgentMaxBodySize);
    CHECK_FALSE(encode_agent_request(huge).ok());
}

TEST_CASE("a frame length of 0, 1 or above the limit is refused before any body is read",
          "[unlock_agent_protocol]") {
    REQUIRE(weerbaar::crypto::initialise().ok());
    CHECK_FALSE(agent_frame_body_size(Bytes{0, 0, 0, 0}).ok());
    CHECK_FALSE(agent_frame_body_size(Bytes{0, 0, 0, 1}).ok());
    CHECK(agent_frame_body_size(Bytes{0, 0, 0, 2}).value() == 2);
    CHECK(agent_frame_body_size(Bytes{0, 0, 0x10, 0}).value() == kAgentMaxBodySize);
    CHECK_FALSE(agent_frame_body_size(Bytes{0, 0, 0x10, 1}).ok());
    CHECK_FALSE(agent_frame_body_size(Bytes{0xff, 0xff, 0xff, 0xff}).ok());
    CHECK_FALSE(agent_frame_body_size(Bytes{0, 0, 2}).ok());
}
