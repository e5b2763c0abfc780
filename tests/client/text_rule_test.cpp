// The text rule every record's text obeys (text_rule.h), and the repair of file
// names that are not UTF-8.

#include "weerbaar/client/text_rule.h"

#include <catch2/catch.hpp>

namespace weerbaar::client {
namespace {

using namespace std::string_literals;

const TextRule kRequired{true, 20};

std::string message_of(const Status& status) {
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code() == ErrorCode::invalid_argument);
    return status.error().message();
}

}  // namespace

TEST_CASE("valid UTF-8 is strict", "[text]") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("Ze was erg ge\xC3\xABmotioneerd."));
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));                    // U+1F600
    CHECK_FALSE(is_valid_utf8("Ze was erg ge\xEBmotioneerd."));  // Windows-1252
    CHECK_FALSE(is_valid_utf8("\xFF"));
    CHECK_FALSE(is_valid_utf8("\xC0\x80"));          // overlong NUL
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xE2\x82"));          // cut short
}

TEST_CASE("a text that is not UTF-8 is refused naming the field, Dutch first", "[text]") {
    const std::string message = message_of(check_text("ge\xEBmotioneerd", "text", kRequired));
    CHECK(message ==
          "ongeldige tekst in 'text': geen geldige UTF-8 (sla het bestand op als UTF-8) / "
          "invalid text in 'text': not valid UTF-8");
}

TEST_CASE("a NUL is refused, other controls are not", "[text]") {
    CHECK_THAT(message_of(check_text("a\0b"s, "title", kRequired)),
               Catch::Contains("'title'") && Catch::Contains("NUL"));
    CHECK(check_text("regel een\nregel twee\tmet tab", "text", TextRule{true, 100}).ok());
    CHECK(check_text("escape \x1B[2J", "text", TextRule{true, 100}).ok());
}

TEST_CASE("a required text must not be blank", "[text]") {
    for (const std::string blank : {""s, "   "s, "\n\t"s, "\xC2\xA0"s, "\xE2\x80\x8B"s}) {
        CHECK_THAT(message_of(check_text(blank, "note", kRequired)),
                   Catch::StartsWith("lege tekst in 'note'"));
        CHECK(check_text(blank, "note", TextRule{false, 20}).ok());
    }
    CHECK(check_text(" x ", "note", kRequired).ok());
}

TEST_CASE("length is counted in characters, not bytes", "[text]") {
    const std::string twenty_e_umlauts = [] {
        std::string text;
        for (int i = 0; i < 20; ++i) {
            text += "\xC3\xAB";
        }
        return text;
    }();
    CHECK(twenty_e_umlauts.size() == 40);
    CHECK(character_count(twenty_e_umlauts) == 20);
    CHECK(check_text(twenty_e_umlauts, "text", kRequired).ok());
    CHECK_THAT(message_of(check_text(twenty_e_umlauts + "x", "text", kRequired)),
               Catch::Contains("21 tekens, hooguit 20") && Catch::Contains("text too long"));
}

TEST_CASE("a file name that is not UTF-8 is repaired, never refused or kept raw", "[text]") {
    const RepairedFileName latin1 = repair_file_name("verslag-ge\xEBmotioneerd.txt");
    CHECK(latin1.repaired);
    CHECK(latin1.name == "verslag-ge\xEF\xBF\xBDmotioneerd.txt");
    CHECK(check_file_name(latin1.name, "file_name").ok());

    const RepairedFileName controls = repair_file_name(
        "a\x1B[2J\nb\xE2\x80\xAE"
        "fdp.exe");
    CHECK(controls.repaired);
    CHECK(controls.name == "a_[2J_b_fdp.exe");

    const RepairedFileName fine = repair_file_name("brief van de burger \xC3\xAB.pdf");
    CHECK_FALSE(fine.repaired);
    CHECK(fine.name == "brief van de burger \xC3\xAB.pdf");

    for (const std::string nothing : {""s, "."s, ".."s, " "s}) {
        const RepairedFileName fallback = repair_file_name(nothing);
        CHECK(fallback.repaired);
        CHECK(fallback.name == "bijlage");
    }
    const RepairedFileName cut = repair_file_name(std::string(300, 'x'));
    CHECK(cut.repaired);
    CHECK(character_count(cut.name) == kMaxFileNameCharacters);
}

TEST_CASE("a stored file name has no path, control or format characters", "[text]") {
    CHECK(check_file_name("brief.pdf", "file_name").ok());
    CHECK_FALSE(check_file_name("../brief.pdf", "file_name").ok());
    CHECK_FALSE(check_file_name("..", "file_name").ok());
    CHECK_FALSE(check_file_name("a\nb", "file_name").ok());
    CHECK_FALSE(check_file_name("a\xE2\x80\xAE"
                                "b",
                                "file_name")
                    .ok());
    CHECK_FALSE(check_file_name("a\xFF", "file_name").ok());
    CHECK_FALSE(check_file_name("", "file_name").ok());
    CHECK_FALSE(check_file_name(std::string(kMaxFileNameCharacters + 1, 'x'), "file_name").ok());
}

}  // namespace weerbaar::client
