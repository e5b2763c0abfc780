// An intake file (client/core intake_json.h, docs/cli.md "case new --intake"): parsed
// as JSON, every problem listed, and converted. A file with no problems converts, and
// one with problems does not: the list and the conversion must agree.
#include <chrono>

#include "fuzz_support.h"
#include "weerbaar/client/intake_json.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto json = nlohmann::json::parse(data, data + size, nullptr, false);
    if (json.is_discarded()) {
        return 0;
    }
    // A fixed day, so that a crash replays the same.
    const std::chrono::year_month_day today{std::chrono::year{2026}, std::chrono::month{12},
                                            std::chrono::day{3}};
    const auto problems = client::intake_problems(json, today);
    const auto intake = client::intake_from_json(json, today);
    fuzz::require(intake.ok() == problems.empty(),
                  "intake_problems and intake_from_json disagree about a file");
    if (intake.ok()) {
        (void)client::intake_title(intake.value());
        const auto again = client::intake_from_json(client::intake_to_json(intake.value()), today);
        fuzz::require(again.ok(), "a valid intake written back as JSON no longer validates");
    }
    return 0;
}
