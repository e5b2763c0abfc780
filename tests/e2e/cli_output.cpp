#include "cli_output.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>

namespace weerbaar::e2e {

std::string date_in_days(int days) {
    const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
                     std::chrono::days{days};
    const std::chrono::year_month_day date{day};
    char text[16];
    (void)std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

nlohmann::json json_output(const ProcessResult& result) {
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

}  // namespace weerbaar::e2e
