#pragma once
// Text another member (or an intake) wrote, made safe to show on a terminal or in a
// window, while keeping its shape. A record's text is written by someone else's
// client; it may hold terminal escapes (ESC [2J clears the screen), characters that
// reorder what is shown (U+202E), invisible ones, or bytes that are not UTF-8.
//
// What is neutralised, each character replaced by a visible marker `\u{XXXX}` (its
// code point in upper-case hex, at least two digits, e.g. `\u{1B}`, `\u{202E}`), so a
// reader sees that something was there and what:
//   - C0 controls (U+0000..U+001F) except line feed and tab, and a CR that does not
//     end a line (a CR LF pair is a Windows line end and shows as a line break);
//   - DEL (U+007F) and the C1 controls (U+0080..U+009F);
//   - every format character (Unicode category Cf): bidi embeddings, overrides and
//     isolates (U+202A..U+202E, U+2066..U+2069), U+200E, U+200F, U+061C, zero-width
//     space and joiners (U+200B..U+200D), U+2060..U+2064, U+FEFF, soft hyphen, ...;
//   - the line and paragraph separators U+2028 and U+2029.
// Bytes that are not UTF-8 become U+FFFD (one per broken sequence). Everything else,
// letters of any script (ë, ß, Ж), emoji and punctuation, is kept as it is.
//
// Pure functions; safe from any thread. The result is always valid UTF-8.

#include <string>
#include <string_view>

namespace weerbaar::client {

// Keeps line feeds and tabs: for a note shown in full.
[[nodiscard]] std::string display_text(std::string_view text);

// The same, for places that must stay on one line (list titles, timeline and watch
// lines, file names): a line break (LF or CR LF) becomes the visible marker
// kLineBreakMarker and a tab becomes a space.
inline constexpr std::string_view kLineBreakMarker = "\xE2\x86\xB5";  // U+21B5 "↵"
[[nodiscard]] std::string display_line(std::string_view text);

// Only repairs the encoding: every invalid UTF-8 sequence becomes U+FFFD, nothing
// else changes. For data handed on as it is (JSON, which escapes controls itself).
[[nodiscard]] std::string valid_utf8(std::string_view text);

}  // namespace weerbaar::client
