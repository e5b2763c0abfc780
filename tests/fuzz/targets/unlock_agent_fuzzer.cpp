// Frames between the CLI and its unlock agent (client/core unlock_agent_protocol.h):
// the header's length, then the body as a request and as a reply. What decodes must
// encode back to the same frame.
#include "fuzz_support.h"
#include "weerbaar/client/unlock_agent_protocol.h"

using namespace weerbaar;

namespace {
void require_same_frame(const Result<crypto::SecretBuffer>& frame, fuzz::ByteView body) {
    fuzz::require(frame.ok(), "a decoded agent message does not encode");
    const auto bytes = frame.value().expose_secret();
    fuzz::require(
        bytes.size() == client::kAgentFrameHeaderSize + body.size() &&
            std::equal(body.begin(), body.end(), bytes.begin() + client::kAgentFrameHeaderSize),
        "an agent message did not encode back to the same body");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    const auto input = fuzz::view_of(data, size);
    if (input.size() >= client::kAgentFrameHeaderSize) {
        const auto body_size =
            client::agent_frame_body_size(input.first(client::kAgentFrameHeaderSize));
        fuzz::require(!body_size.ok() || (body_size.value() >= 2 &&
                                          body_size.value() <= client::kAgentMaxBodySize),
                      "a frame header announced a body outside the limits");
    }
    if (const auto request = client::decode_agent_request(input); request.ok()) {
        require_same_frame(client::encode_agent_request(request.value()), input);
    }
    if (const auto reply = client::decode_agent_reply(input); reply.ok()) {
        require_same_frame(client::encode_agent_reply(reply.value()), input);
    }
    return 0;
}
