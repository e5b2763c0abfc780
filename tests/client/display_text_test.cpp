// Showing text another member wrote: shape kept, dangerous characters neutralised.

#include "weerbaar/client/display_text.h"

#include <catch2/catch.hpp>

#include "weerbaar/client/text_rule.h"

namespace weerbaar::client {
namespace {

using namespace std::string_literals;

}  // namespace

TEST_CASE("display keeps line breaks, tabs and Dutch letters", "[display]") {
    const std::string note = "Ze was erg ge\xC3\xABmotioneerd.\n\tVolgende week bellen.";
    CHECK(display_text(note) == note);
    const std::string letters =
        "na\xC3\xAF"
        "ef, \xC3\xA9\xC3\xA9n, \xF0\x9F\x98\x80";
    CHECK(display_text(letters) == letters);
    CHECK(display_text("regel\r\nregel") == "regel\nregel");  // a Windows line end
}

TEST_CASE("display neutralises terminal escapes and other controls", "[display]") {
    CHECK(display_text("wethouder\x1B[2J") == "wethouder\\u{1B}[2J");
    CHECK(display_text("a\rb") == "a\\u{0D}b");  // a lone CR rewrites the line
    CHECK(display_text("a\0b"s) == "a\\u{00}b");
    CHECK(display_text("a\x7F"
                       "b") == "a\\u{7F}b");
    CHECK(display_text("a\xC2\x9B"
                       "31m") == "a\\u{9B}31m");  // C1 CSI
}

TEST_CASE("display neutralises bidi controls and invisible format characters", "[display]") {
    CHECK(display_text("factuur\xE2\x80\xAE"
                       "fdp.exe") == "factuur\\u{202E}fdp.exe");
    CHECK(display_text("\xE2\x81\xA6x\xE2\x81\xA9") == "\\u{2066}x\\u{2069}");
    CHECK(display_text("\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C") == "\\u{200E}\\u{200F}\\u{61C}");
    CHECK(display_text("a\xE2\x80\x8D"
                       "b") == "a\\u{200D}b");  // zero-width joiner
    CHECK(display_text("a\xE2\x80\x8B"
                       "b") == "a\\u{200B}b");
    CHECK(display_text("\xEF\xBB\xBFtekst") == "\\u{FEFF}tekst");
    CHECK(display_text("a\xE2\x81\xA0"
                       "b") == "a\\u{2060}b");
    CHECK(display_text("a\xE2\x80\xA8"
                       "b\xE2\x80\xA9") == "a\\u{2028}b\\u{2029}");
}

TEST_CASE("display turns bytes that are not UTF-8 into U+FFFD", "[display]") {
    CHECK(display_text("ge\xEBmotioneerd") == "ge\xEF\xBF\xBDmotioneerd");
    CHECK(display_text("\xFF\xFE") == "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(display_text("\xE2\x82") == "\xEF\xBF\xBD");  // a cut character is one mark
    CHECK(display_text("\xED\xA0\x80x") == "\xEF\xBF\xBDx");
    CHECK(is_valid_utf8(display_text("\xC0\x80\xF8\x88\x80\x80\x80")));
}

TEST_CASE("one-line display marks line breaks and flattens tabs", "[display]") {
    CHECK(display_line("eerste\ntweede\r\nderde\tvierde") ==
          "eerste" + std::string(kLineBreakMarker) + "tweede" + std::string(kLineBreakMarker) +
              "derde vierde");
    CHECK(display_line("wethouder\x1B[2J") == "wethouder\\u{1B}[2J");
    CHECK(display_line("a\xE2\x80\xA8"
                       "b") == "a\\u{2028}b");
}

TEST_CASE("valid_utf8 repairs the encoding only", "[display]") {
    CHECK(valid_utf8("a\x1B\n\xFF") == "a\x1B\n\xEF\xBF\xBD");
}

}  // namespace weerbaar::client
