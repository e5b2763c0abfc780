// trust.json, the plain-text trust memory of profiles from before the local store
// (client/core trust_store.h), read once to import it: parsed, and what parses must
// write back as JSON that parses to the same text again.
#include "fuzz_support.h"
#include "weerbaar/client/trust_store.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto state = client::trust_state_from_json(text);
    if (!state.ok()) {
        return 0;
    }
    const std::string written = client::trust_state_to_json(state.value());
    const auto again = client::trust_state_from_json(written);
    fuzz::require(again.ok(), "a trust state written back no longer parses");
    fuzz::require(client::trust_state_to_json(again.value()) == written,
                  "a trust state changed on its way through JSON");
    return 0;
}
