#include "weerbaar/client/unlock_duration.h"

#include <catch2/catch.hpp>
#include <string>

using weerbaar::ErrorCode;
using weerbaar::client::format_unlock_duration;
using weerbaar::client::parse_unlock_duration;
using namespace std::chrono_literals;

TEST_CASE("unlock durations in seconds, minutes and hours are read", "[unlock_duration]") {
    CHECK(parse_unlock_duration("30s").value() == 30s);
    CHECK(parse_unlock_duration("15m").value() == 15min);
    CHECK(parse_unlock_duration("2h").value() == 2h);
    CHECK(parse_unlock_duration("1s").value() == 1s);
    CHECK(parse_unlock_duration("8h").value() == 8h);
    CHECK(parse_unlock_duration("480m").value() == 8h);
    CHECK(parse_unlock_duration("28800s").value() == 8h);
    CHECK(parse_unlock_duration("015m").value() == 15min);
}

TEST_CASE("an unlock duration outside 1s..8h or in another notation is refused",
          "[unlock_duration]") {
    for (const std::string text : {"",
                                   "s",
                                   "15",
                                   "0s",
                                   "0m",
                                   "9h",
                                   "481m",
                                   "28801s",
                                   "1d",
                                   "1w",
                                   "15M",
                                   "2H",
                                   "-5m",
                                   "+5m",
                                   " 5m",
                                   "5m ",
                                   "5 m",
                                   "1h30m",
                                   "1.5h",
                                   "0x10s",
                                   "5mm",
                                   "m5",
                                   "99999999999999999999s",
                                   "1000000s",
                                   "\xc3\xa9m"}) {
        INFO("'" << text << "'");
        const auto parsed = parse_unlock_duration(text);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code() == ErrorCode::invalid_argument);
    }
}

TEST_CASE("a refused unlock duration says so in Dutch first and quotes the text",
          "[unlock_duration]") {
    const auto parsed = parse_unlock_duration("3d");
    REQUIRE_FALSE(parsed.ok());
    const std::string& message = parsed.error().message();
    CHECK(message.rfind("ongeldige duur '3d'", 0) == 0);
    CHECK(message.find(" / invalid duration '3d'") != std::string::npos);
    CHECK(message.find("8h") != std::string::npos);
}

TEST_CASE("a long refused unlock duration is cut short in the message", "[unlock_duration]") {
    const std::string text(200, '9');
    const auto parsed = parse_unlock_duration(text + "s");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message().size() < 400);
    CHECK(parsed.error().message().find("...") != std::string::npos);
}

TEST_CASE("an unlock duration is echoed in its shortest exact form", "[unlock_duration]") {
    CHECK(format_unlock_duration(2h) == "2h");
    CHECK(format_unlock_duration(15min) == "15m");
    CHECK(format_unlock_duration(90s) == "90s");
    CHECK(format_unlock_duration(30s) == "30s");
    CHECK(format_unlock_duration(90min) == "90m");
    CHECK(format_unlock_duration(0s) == "0s");
}
