// Codebook JSON (client/core codebook.h, docs/codebook.md): parsed and checked; a
// codebook that parses answers for every code it lists.
#include "fuzz_support.h"
#include "weerbaar/client/codebook.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto codebook = client::Codebook::parse(text);
    if (!codebook.ok()) {
        return 0;
    }
    for (const auto list : client::kCodeLists) {
        for (const auto& code : codebook.value().codes(list)) {
            fuzz::require(codebook.value().find(list, code.code).has_value(),
                          "a parsed codebook does not find a code it lists");
        }
    }
    return 0;
}
