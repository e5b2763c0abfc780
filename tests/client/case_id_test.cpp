#include "weerbaar/client/case_id.h"

#include <catch2/catch.hpp>

using weerbaar::ErrorCode;
using weerbaar::client::check_case_id_text;
using weerbaar::client::format_case_id;
using weerbaar::client::match_case_id;
using weerbaar::client::parse_case_id;
using weerbaar::crypto::Bytes;

namespace {

// Built on first use inside a test: a failed parse must be reported by Catch, which
// only runs inside a test case.
Bytes id_from_hex(const std::string& hex) {
    auto parsed = parse_case_id(hex);
    REQUIRE(parsed.ok());
    return parsed.value();
}

std::vector<Bytes> known_ids() {
    return {
        id_from_hex("0123456789abcdef0123456789abcdef"),
        id_from_hex("0123456789abcdefffffffffffffffff"),
        id_from_hex("fedcba98765432100123456789abcdef"),
    };
}

}  // namespace

TEST_CASE("a full case id names its case", "[case_id]") {
    const auto found = match_case_id("fedcba98765432100123456789abcdef", known_ids());
    REQUIRE(found.ok());
    CHECK(found.value() == known_ids()[2]);
}

TEST_CASE("a unique prefix of 8 characters names its case, in either case", "[case_id]") {
    const auto found = match_case_id("FEDCBA98", known_ids());
    REQUIRE(found.ok());
    CHECK(found.value() == known_ids()[2]);
}

TEST_CASE("a prefix shorter than 8 characters is refused as bad input", "[case_id]") {
    const auto found = match_case_id("fedcba9", known_ids());
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().code() == ErrorCode::invalid_argument);
    CHECK(found.error().message().find("onbekende zaak of niet met je gedeeld") !=
          std::string::npos);
    CHECK(found.error().message().find("at least the first 8") != std::string::npos);
    CHECK_FALSE(check_case_id_text("fedcba9").ok());
    CHECK_FALSE(check_case_id_text("").ok());
}

TEST_CASE("an ambiguous prefix is refused, saying so", "[case_id]") {
    const auto found = match_case_id("0123456789abcdef", known_ids());
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().code() == ErrorCode::invalid_argument);
    CHECK(found.error().message().find("ambiguous: it matches 2 cases") != std::string::npos);
    CHECK(found.error().message().find("niet eenduidig") != std::string::npos);
    // One more character settles it.
    const auto settled = match_case_id("0123456789abcdef0", known_ids());
    REQUIRE(settled.ok());
    CHECK(settled.value() == known_ids()[0]);
}

TEST_CASE("an unknown case id says unknown or not shared, as a denial", "[case_id]") {
    for (const std::string text : {"99999999", "99999999999999999999999999999999"}) {
        const auto found = match_case_id(text, known_ids());
        REQUIRE_FALSE(found.ok());
        CHECK(found.error().code() == ErrorCode::permission_denied);
        CHECK(found.error().message().starts_with("onbekende zaak of niet met je gedeeld"));
        CHECK(found.error().message().find(" / unknown case or not shared with you: '") !=
              std::string::npos);
    }
    CHECK_FALSE(match_case_id("01234567", {}).ok());
}

TEST_CASE("a malformed case id is bad input with the same words", "[case_id]") {
    for (const std::string text :
         {"not-a-case-id", "0123456789abcdef0123456789abcdef00", "0123456g", "01234567 "}) {
        INFO(text);
        const auto found = match_case_id(text, known_ids());
        REQUIRE_FALSE(found.ok());
        CHECK(found.error().code() == ErrorCode::invalid_argument);
        CHECK(found.error().message().find("onbekende zaak of niet met je gedeeld") !=
              std::string::npos);
    }
    const auto escaped = check_case_id_text("\x1b[2J");
    REQUIRE_FALSE(escaped.ok());
    CHECK(escaped.error().message().find('\x1b') == std::string::npos);
}

TEST_CASE("format_case_id and parse_case_id round-trip", "[case_id]") {
    CHECK(format_case_id(known_ids()[0]) == "0123456789abcdef0123456789abcdef");
}
