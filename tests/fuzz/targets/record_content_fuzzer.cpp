// A record's plaintext once decrypted (proto/weerbaar/v1/content.proto): another
// member wrote it, so it is parsed as RecordContent and checked field by field as a
// reader checks it (client/core record_content_check.h).
#include "fuzz_support.h"
#include "weerbaar/client/record_content_check.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    v1::RecordContent content;
    if (size > static_cast<std::size_t>(INT32_MAX) ||
        !content.ParseFromArray(data, static_cast<int>(size))) {
        return 0;
    }
    const auto checked = client::check_record_content(content);
    if (checked.ok()) {
        // What a reader accepts, a writer may write again: the rule is the same both ways.
        v1::RecordContent again;
        fuzz::require(again.ParseFromString(content.SerializeAsString()),
                      "an accepted record content does not parse after serialising");
        fuzz::require(client::check_record_content(again).ok(),
                      "an accepted record content is refused after serialising");
    }
    return 0;
}
