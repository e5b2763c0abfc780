#pragma once
// The rule every text of a record obeys before it is sealed (and that a reader can
// check again): valid UTF-8, no NUL, at most a number of characters (code points,
// not bytes), and not blank where the field is required. A record is a proto3
// message; a string that is not UTF-8 makes every later parse of it fail, so it must
// never be sealed. Control and format characters are not refused here: a note may
// hold line breaks and tabs, and whatever else it holds is neutralised when it is
// shown (display_text.h).
//
// Pure functions, no I/O; safe from any thread.

#include <cstddef>
#include <string>
#include <string_view>

#include "weerbaar/result.h"

namespace weerbaar::client {

// Free text (notes, contact texts, descriptions, names): what a person typed.
inline constexpr std::size_t kMaxFreeTextCharacters = 10'000;
// A stored file name; Linux allows 255 bytes, a repaired name may be longer in bytes.
inline constexpr std::size_t kMaxFileNameCharacters = 255;

// Counts code points (of UTF-8), not bytes: the limit is about what a person typed.
// On text that is not valid UTF-8 the count is of lead bytes, so check first.
[[nodiscard]] std::size_t character_count(std::string_view text);

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
[[nodiscard]] bool is_valid_utf8(std::string_view text);

// Blank: empty, or only white space and invisible format characters (spaces, tabs,
// line breaks, U+00A0, U+200B, ...). Only meaningful for valid UTF-8.
[[nodiscard]] bool is_blank(std::string_view text);

struct TextRule {
    bool required = false;  // refuse a blank text
    std::size_t max_characters = kMaxFreeTextCharacters;
};

// Checks `text`, stored in the field named `field` (as the user knows it: "text",
// "title", "reporter.name"). invalid_argument, one line, Dutch first, e.g.
//   ongeldige tekst in 'text': geen geldige UTF-8 (sla het bestand op als UTF-8) /
//   invalid text in 'text': not valid UTF-8
// The message never quotes the text itself.
[[nodiscard]] Status check_text(std::string_view text, std::string_view field, TextRule rule);

// A file name as stored in an attachment record: valid UTF-8, every invalid byte
// sequence replaced by U+FFFD, control characters (C0, DEL, C1) and '/' replaced by
// '_', cut to kMaxFileNameCharacters, and never empty, "." or ".." (those become
// "bijlage"). `repaired` says whether anything changed, so the caller can tell the user.
struct RepairedFileName {
    std::string name;
    bool repaired = false;
};
[[nodiscard]] RepairedFileName repair_file_name(std::string_view raw);

// The name a saved attachment gets by default: a base name derived from the stored
// name (which another member's client wrote, so it is not trusted), never a path.
// repair_file_name's repairs, then every '/' and '\\' replaced by '_' and leading dots
// and spaces dropped (no hidden file, no "..\\x"); "bijlage" when nothing is left.
// The front end still lets the person choose where it goes.
[[nodiscard]] std::string safe_save_name(std::string_view stored);

// Whether `name` is a stored file name as repair_file_name makes them: valid UTF-8,
// no NUL or other control character, no '/', not blank, ".", "..", and at most
// kMaxFileNameCharacters characters. invalid_argument naming `field` otherwise.
[[nodiscard]] Status check_file_name(std::string_view name, std::string_view field);

}  // namespace weerbaar::client
